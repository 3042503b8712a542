"""Date formats of the interface languages, read by Django's ``get_format``.

Templates and code name a format (``|date:"DATETIME_FORMAT"``) instead of writing one,
so a story's pages show times the way its language writes them. Only the formats set
here differ from Django's own for each locale.
"""

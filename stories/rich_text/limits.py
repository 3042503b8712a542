"""How far Markdown rendering may look or nest (``bounded.py``)."""

# Lists and quotes inside one another.
MAX_NESTING = 10
# Brackets inside a link's (or image's) text, parentheses inside its address.
MAX_BRACKET_DEPTH = 4
# Characters of a link's title, and of an HTML tag written in a body.
MAX_TITLE_LENGTH = 500
MAX_TAG_LENGTH = 2_000

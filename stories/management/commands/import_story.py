"""Read a story written by ``export_story`` into this database.

    python manage.py import_story story.json      (or - for standard input)

The document is checked first, and every problem is listed, one line each, naming its
field; then everything is written through the models' save(), in one transaction: the
live cursor is right, bodies are rendered and sanitised again, and a refused document
changes nothing.
"""

import json
import sys

from django.core.management.base import BaseCommand, CommandError

from stories.tooling.story_import import ImportRefused, import_story


def _read(path: str):
    try:
        if path == "-":
            return json.load(sys.stdin)
        with open(path, encoding="utf-8") as file:
            return json.load(file)
    except (OSError, ValueError) as error:
        raise CommandError(f"Cannot read {path}: {error}") from error
    except RecursionError as error:
        # The parser recurses once a level: no export comes near its limit.
        raise CommandError(f"Cannot read {path}: it is nested too deeply.") from error


class Command(BaseCommand):
    help = "Import a story exported with export_story."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the JSON file, or - for standard input")

    def handle(self, *args, path, **options):
        data = _read(path)
        try:
            story, notes = import_story(data=data)
        except ImportRefused as refused:
            listed = "\n".join(f"- {problem}" for problem in refused.problems)
            raise CommandError(f"Not imported, nothing was written:\n{listed}") from refused
        for note in notes:
            self.stdout.write(note)
        self.stdout.write(
            f"Imported {story.title!r} with {story.updates.count()} updates: "
            f"{story.get_absolute_url()}"
        )

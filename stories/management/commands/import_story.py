"""Read a story written by ``export_story`` into this database.

    python manage.py import_story story.json      (or - for standard input)

Everything is written through the models' save(), in one transaction: the live cursor is
right, bodies are rendered and sanitised again, and a refused document changes nothing.
"""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from stories.tooling.story_import import ImportRefused, import_story


class Command(BaseCommand):
    help = "Import a story exported with export_story."

    def add_arguments(self, parser):
        parser.add_argument("path", help="the JSON file, or - for standard input")

    def handle(self, *args, path, **options):
        try:
            if path == "-":
                data = json.load(sys.stdin)
            else:
                with open(path, encoding="utf-8") as file:
                    data = json.load(file)
        except (OSError, ValueError) as error:
            raise CommandError(f"Cannot read {path}: {error}") from error
        try:
            story, notes = import_story(data=data)
        except (ImportRefused, ValidationError, KeyError, TypeError) as error:
            raise CommandError(f"Not imported: {error}") from error
        for note in notes:
            self.stdout.write(note)
        self.stdout.write(
            f"Imported {story.title!r} with {story.updates.count()} updates: "
            f"{story.get_absolute_url()}"
        )

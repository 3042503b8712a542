"""Write one story, with its updates, claims, sources and status history, as JSON.

    python manage.py export_story <slug> > story.json

Read it back, into this database or another, with ``import_story``.
"""

import json

from django.core.management.base import BaseCommand, CommandError

from stories.models import Story
from stories.tooling.story_export import export_story


class Command(BaseCommand):
    help = "Export a story with its updates, claims, sources and status history as JSON."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="the story's slug, as in /stories/<slug>/")

    def handle(self, *args, slug, **options):
        story = Story.objects.filter(slug=slug).first()
        if story is None:
            raise CommandError(f"No story with the slug {slug!r}.")
        self.stdout.write(json.dumps(export_story(story), indent=2, ensure_ascii=False))

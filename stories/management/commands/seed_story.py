"""Create a large live story for load tests: ``manage.py seed_story big --updates 10000``.

The data comes from ``stories/tooling/seeding.py``, shared with the performance tests.
"""

from django.core.management.base import BaseCommand, CommandError

from stories.models import Claim, Story
from stories.tooling.seeding import seed_story


class Command(BaseCommand):
    help = "Create a live story with many updates, claims, sources and authors."

    def add_arguments(self, parser):
        parser.add_argument("slug")
        parser.add_argument("--updates", type=int, default=1000)
        parser.add_argument("--claims-per-update", type=int, default=2)
        parser.add_argument(
            "--live-updates",
            type=int,
            default=5,
            help="How many of the newest updates are posted one by one through the models.",
        )

    def handle(self, *args, slug, updates, claims_per_update, live_updates, **options):
        if updates < 1 or claims_per_update < 0 or live_updates < 0:
            raise CommandError("--updates must be positive and the other counts not negative.")
        if Story.objects.filter(slug=slug).exists():
            raise CommandError(f"A story with the slug {slug!r} exists already.")
        story = seed_story(
            slug=slug,
            updates=updates,
            claims_per_update=claims_per_update,
            live_updates=live_updates,
        )
        claims = Claim.objects.filter(update__story=story).count()
        self.stdout.write(
            f"Seeded /stories/{slug}/: {story.updates.count()} updates, {claims} claims, "
            f"version {story.version}."
        )

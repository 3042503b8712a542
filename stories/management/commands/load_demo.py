"""Load the demo story, its sources and claims, and the demo newsroom accounts.

Idempotent: run twice, it leaves one story and one set of accounts. ``--reset``
deletes the demo story first and loads it again. The loading is in
``stories/tooling/demo.py``, the words in ``stories/tooling/data/bakhmut.json``.
"""

from django.core.management.base import BaseCommand

from stories.models import Claim
from stories.tooling import demo


class Command(BaseCommand):
    help = "Load the demo story with sources and claims, and the demo editor accounts."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete and reload the story.")

    def handle(self, *args, reset=False, **options):
        story, loaded = demo.load_demo(reset=reset)
        if loaded:
            claims = Claim.objects.filter(update__story=story).count()
            self.stdout.write(
                f"Loaded demo story /stories/{story.slug}/ with {story.updates.count()} updates "
                f"and {claims} claims."
            )
        else:
            self.stdout.write(f"Demo story already loaded: /stories/{story.slug}/")
        for username, password, *_ in demo.ACCOUNTS.values():
            self.stdout.write(f"Demo login: http://127.0.0.1:8000/admin/  {username} / {password}")

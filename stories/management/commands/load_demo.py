"""Load the demo stories, their sources and claims, and the demo newsroom accounts.

Idempotent: run twice, it leaves each story once and one set of accounts. ``--reset``
deletes the demo stories first and loads them again. The loading is in
``stories/tooling/demo.py``, the words in ``stories/tooling/data/`` (``bakhmut.json`` in
English, ``kharkiv_uk.json`` in Ukrainian).
"""

from django.core.management.base import BaseCommand

from stories.models import Claim
from stories.tooling import demo


class Command(BaseCommand):
    help = "Load the demo stories with sources and claims, and the demo editor accounts."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete and reload the stories.")

    def handle(self, *args, reset=False, **options):
        for path in demo.DEMO_STORIES:
            story, loaded = demo.load_demo(reset=reset, path=path)
            self.report(story, loaded)
        for username, password, *_ in demo.ACCOUNTS.values():
            self.stdout.write(f"Demo login: http://127.0.0.1:8000/admin/  {username} / {password}")

    def report(self, story, loaded: bool) -> None:
        if not loaded:
            self.stdout.write(f"Demo story already loaded: /stories/{story.slug}/")
            return
        claims = Claim.objects.filter(update__story=story).count()
        self.stdout.write(
            f"Loaded demo story /stories/{story.slug}/ ({story.language}) with "
            f"{story.updates.count()} updates and {claims} claims."
        )

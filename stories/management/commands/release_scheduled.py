"""Advance the live cursor of stories whose scheduled updates have become due.

Reader requests do this by themselves; run this from cron (every minute) so that feeds,
the API and stories nobody has open are up to date too.
"""

from django.core.management.base import BaseCommand
from django.utils import timezone

from stories.live import state as live_state
from stories.models import Update


class Command(BaseCommand):
    help = "Release scheduled updates that have become due."

    def handle(self, *args, **options):
        now = timezone.now()
        story_ids = (
            Update.objects.unreleased()
            .filter(published_at__lte=now)
            .order_by()
            .values_list("story_id", flat=True)
            .distinct()
        )
        released = sum(live_state.release_due(story_id, now) for story_id in story_ids)
        self.stdout.write(f"Released {released} scheduled update(s).")

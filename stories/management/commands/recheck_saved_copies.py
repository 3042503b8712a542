"""Queue a re-check of saved copies whose original has not been looked at for a while.

Run from cron (e.g. hourly): each re-check (a background job) fetches the original again
and marks the copy "Original deleted" (404 or 410) or "Original changed since".
It also asks again for captures stuck pending because a worker stopped mid-job
(``stories/evidence/stuck.py``; the bound is ``LIVEBLOG_CAPTURE_STUCK_AFTER``, 15 minutes),
and deletes the desk preview's copies older than a day (``stories/evidence/previews.py``).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from stories.evidence import previews, services, stuck
from stories.models import SavedCopy


class Command(BaseCommand):
    help = (
        "Queue re-checks of saved copies not re-checked in the last --hours hours, and ask "
        "again for captures stuck pending (a worker stopped mid-job)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--hours", type=int, default=6)
        parser.add_argument("--limit", type=int, default=500)

    def handle(self, *args, hours, limit, **options):
        since = timezone.now() - timedelta(hours=hours)
        due = (
            SavedCopy.objects.visible()
            .exclude(original=SavedCopy.Original.DELETED)
            .filter(Q(rechecked_at__isnull=True) | Q(rechecked_at__lt=since))
            .order_by("rechecked_at", "captured_at")[:limit]
        )
        queued = 0
        for copy in due:
            services.recheck(copy)
            queued += 1
        self.stdout.write(f"Queued {queued} re-check(s).")
        asked = stuck.requeue_stuck(limit)
        self.stdout.write(f"Asked again for {asked} stuck capture(s).")
        self.stdout.write(f"Deleted {previews.prune()} old desk preview copies.")

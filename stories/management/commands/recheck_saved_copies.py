"""Queue a re-check of saved copies whose original has not been looked at for a while.

Run from cron (e.g. hourly): each re-check (a background job) fetches the original again
and marks the copy "Original deleted" (404 or 410) or "Original changed since".
"""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from stories.evidence import services
from stories.models import SavedCopy


class Command(BaseCommand):
    help = "Queue re-checks of saved copies not re-checked in the last --hours hours."

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

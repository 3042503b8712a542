"""Jobs queued to run later (retries after a back-off), brought forward in tests."""

from django.utils import timezone
from django_tasks_db.models import DBTaskResult


def waiting_until() -> list:
    """When each job queued for later may run, soonest first."""
    waiting = DBTaskResult.objects.filter(finished_at__isnull=True).ready()
    later = DBTaskResult.objects.filter(finished_at__isnull=True).exclude(
        pk__in=waiting.values("pk")
    )
    return sorted(later.values_list("run_after", flat=True))


def bring_forward() -> int:
    """Make every job waiting for its time due now, as if that time had come."""
    return DBTaskResult.objects.filter(
        finished_at__isnull=True, run_after__gt=timezone.now()
    ).update(run_after=timezone.now())

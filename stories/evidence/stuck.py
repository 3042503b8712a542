"""Captures left pending by a worker that stopped mid-job, asked for again.

django-tasks-db has no lease: a worker killed while running a job (out of memory, the
machine lost) leaves the job's row RUNNING for ever, and the saved copy pending. A copy
is stuck when it has been pending longer than ``stuck_after()`` and no job for it is
alive: none waiting (READY, which includes a retry due later) and none RUNNING that
started within the bound. A capture's requests are bounded by ``safe_fetch``'s timeouts
(a few minutes at the very worst), so a job running longer than the bound has no worker.

Asking again is safe: ``capture_saved_copy`` does nothing unless the copy is still
pending and keeps the result under a row lock, so a late or doubled job never makes a
second copy. The dead job's row is marked failed, so the admin's job list tells the truth.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stories.evidence.jobs import capture_saved_copy
from stories.models.saved_copies import SavedCopy

# How long a capture may stay pending, with no live job, before it is asked for again.
STUCK_AFTER = timedelta(minutes=15)


class WorkerStopped(Exception):
    """Recorded on a job row whose worker stopped while running it."""


def stuck_after() -> timedelta:
    return getattr(settings, "LIVEBLOG_CAPTURE_STUCK_AFTER", STUCK_AFTER)


def _capture_jobs():
    return DBTaskResult.objects.filter(
        task_path=capture_saved_copy.module_path, finished_at__isnull=True
    )


def _copy_id(job: DBTaskResult) -> int | None:
    args = (job.args_kwargs or {}).get("args") or [None]
    return args[0] if isinstance(args[0], int) else None


def requeue_stuck(limit: int = 500) -> int:
    """Ask again for each stuck capture; return how many were asked for."""
    since = timezone.now() - stuck_after()
    jobs = _capture_jobs()
    alive = jobs.filter(
        Q(status=TaskResultStatus.READY) | Q(status=TaskResultStatus.RUNNING, started_at__gte=since)
    )
    alive_ids = {_copy_id(job) for job in alive.only("args_kwargs")}
    stuck = (
        SavedCopy.objects.filter(state=SavedCopy.State.PENDING, requested_at__lt=since)
        .exclude(pk__in=alive_ids - {None})
        .order_by("requested_at")[:limit]
    )
    dead = list(jobs.filter(status=TaskResultStatus.RUNNING, started_at__lt=since))
    asked = 0
    with transaction.atomic():
        for job in dead:
            job.set_failed(WorkerStopped("the worker stopped while running this job"))
        for copy in stuck:
            capture_saved_copy.enqueue(copy.pk, copy.attempts + 1)
            asked += 1
    return asked

"""Running queued background jobs in a test, deterministically.

Tests use the real backend of the settings (django-tasks-db's DatabaseBackend): a job is
a row in the database until a worker runs it. A test that wants its jobs run calls
:func:`run_queued_tasks`, which runs exactly what `manage.py db_worker --batch` would (the
same worker class, in this thread, on the test's database connection) and returns when
nothing is ready any more; no sleeping, no second process, no timing.
"""

from unittest import mock

from django_tasks_db.management.commands import db_worker
from django_tasks_db.models import DBTaskResult


def run_queued_tasks(*, max_tasks: int | None = None) -> int:
    """Run every job that is ready now (or at most ``max_tasks``); return how many ran."""
    before = DBTaskResult.objects.finished().count()
    worker = db_worker.Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=max_tasks,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    # The worker recycles connections between jobs as requests do; inside a test's
    # transaction that would close the test's own connection (the test client skips it
    # for the same reason).
    with mock.patch.object(db_worker, "close_old_connections"):
        worker.run()
    return DBTaskResult.objects.finished().count() - before


def queued_task_names() -> list[str]:
    """The dotted paths of the jobs waiting to run, oldest first."""
    waiting = DBTaskResult.objects.filter(finished_at__isnull=True).order_by("enqueued_at")
    return list(waiting.values_list("task_path", flat=True))

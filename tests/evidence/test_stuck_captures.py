"""A capture left pending by a worker killed mid-job is asked for again, once, by the
cron command, and still makes exactly one saved copy."""

import io
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from stories.evidence.jobs import capture_saved_copy
from stories.models import SavedCopy
from tests.support import source_pages
from tests.support.factories import make_update
from tests.support.local_sites import Page
from tests.support.tasks import queued_task_names, run_queued_tasks

pytestmark = pytest.mark.django_db

CAPTURE = capture_saved_copy.module_path


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def _pending_copy(local_site) -> SavedCopy:
    local_site.pages["/durov_news/77"] = Page(
        source_pages.telegram_post("City council", "Shelters open all night.")
    )
    update = make_update(body=f"The council said:\n\n{local_site.url('/durov_news/77')}")
    return SavedCopy.objects.get(update=update)


def _kill_worker_mid_job(copy: SavedCopy, minutes_ago: int) -> DBTaskResult:
    """What a worker killed while capturing leaves: its job RUNNING, the copy pending."""
    job = DBTaskResult.objects.get(task_path=CAPTURE, status=TaskResultStatus.READY)
    job.claim("killed-worker")
    then = timezone.now() - timedelta(minutes=minutes_ago)
    DBTaskResult.objects.filter(pk=job.pk).update(started_at=then)
    SavedCopy.objects.filter(pk=copy.pk).update(requested_at=then)
    return job


def _recheck() -> str:
    out = io.StringIO()
    call_command("recheck_saved_copies", stdout=out)
    return out.getvalue()


def test_a_capture_whose_worker_was_killed_is_asked_again_and_makes_one_copy(local_site):
    copy = _pending_copy(local_site)
    job = _kill_worker_mid_job(copy, minutes_ago=20)
    assert run_queued_tasks() == 0  # nothing else would ever take it

    assert "Asked again for 1 stuck capture(s)." in _recheck()
    assert "Asked again for 0 stuck capture(s)." in _recheck()  # the new job is alive
    assert queued_task_names() == [CAPTURE]
    assert run_queued_tasks() == 1

    copy.refresh_from_db()
    assert copy.state == SavedCopy.State.DONE and "Shelters open all night." in copy.text
    assert SavedCopy.objects.filter(update=copy.update_id).count() == 1
    job.refresh_from_db()
    assert job.status == TaskResultStatus.FAILED and "worker stopped" in job.traceback


def test_the_killed_job_running_again_after_the_new_one_changes_nothing(local_site):
    copy = _pending_copy(local_site)
    _kill_worker_mid_job(copy, minutes_ago=20)
    _recheck()
    run_queued_tasks()
    copy.refresh_from_db()
    saved = (copy.sha256, copy.captured_at)

    # The same capture once more (a late or doubled job): idempotent.
    assert capture_saved_copy.call(copy.pk, 1) == "nothing to do"

    copy.refresh_from_db()
    assert (copy.sha256, copy.captured_at) == saved
    assert SavedCopy.objects.filter(update=copy.update_id).count() == 1


def test_a_capture_still_within_the_bound_or_waiting_in_the_queue_is_left_alone(local_site):
    copy = _pending_copy(local_site)
    _kill_worker_mid_job(copy, minutes_ago=5)  # the worker may still be at it
    waiting = _pending_copy_waiting_for_retry(local_site)

    assert "Asked again for 0 stuck capture(s)." in _recheck()
    assert DBTaskResult.objects.filter(task_path=CAPTURE, status="READY").count() == 1
    copy.refresh_from_db()
    waiting.refresh_from_db()
    assert copy.state == waiting.state == SavedCopy.State.PENDING


def _pending_copy_waiting_for_retry(local_site) -> SavedCopy:
    """An old pending copy whose retry is queued for later (back-off): not stuck."""
    update = make_update(body=local_site.url("/slow"))
    copy = SavedCopy.objects.get(update=update)
    later = timezone.now() + timedelta(minutes=30)
    DBTaskResult.objects.filter(task_path=CAPTURE, args_kwargs__args=[copy.pk]).update(
        run_after=later
    )
    SavedCopy.objects.filter(pk=copy.pk).update(requested_at=timezone.now() - timedelta(hours=1))
    return copy


def test_the_bound_is_a_setting(local_site, settings):
    settings.LIVEBLOG_CAPTURE_STUCK_AFTER = timedelta(minutes=2)
    copy = _pending_copy(local_site)
    _kill_worker_mid_job(copy, minutes_ago=5)

    assert "Asked again for 1 stuck capture(s)." in _recheck()

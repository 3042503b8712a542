"""The cursor rules of stories/live/: every change reaches a reader exactly once."""

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.utils import timezone

from stories.live import state as live_state
from stories.live.changes import changes_since
from stories.models import Claim, Story
from tests.support.factories import make_claim, make_story, make_update

needs_postgres = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
)


def follow(story, since=0):
    """Poll like a reader: return (changes, new cursor)."""
    changes = changes_since(story.pk, since)
    return changes, changes.version


@pytest.mark.django_db
def test_every_write_advances_the_story_version():
    story = make_story()
    start = Story.objects.get(pk=story.pk).version
    update = make_update(story)
    after_create = Story.objects.get(pk=story.pk).version
    claim = make_claim(update)
    claim.status = Claim.Status.CONFIRMED
    claim.save()
    update.delete()
    end = Story.objects.get(pk=story.pk).version
    assert start < after_create < end


@pytest.mark.django_db
def test_new_edited_and_deleted_updates_each_arrive_once():
    story = make_story()
    _, since = follow(story)
    first = make_update(story, body="first")
    changes, since = follow(story, since)
    assert [u.pk for u in changes.updates] == [first.pk]
    changes, since = follow(story, since)
    assert changes.updates == [] and changes.removed_ids == []

    first.body = "first, corrected"
    first.save()
    changes, since = follow(story, since)
    assert [u.body for u in changes.updates] == ["first, corrected"]

    pk = first.pk
    first.delete()
    changes, since = follow(story, since)
    assert changes.removed_ids == [pk] and changes.updates == []


@pytest.mark.django_db
def test_delete_after_edit_between_polls_only_removes():
    story = make_story()
    update = make_update(story)
    _, since = follow(story)
    update.body = "edited"
    update.save()
    pk = update.pk
    update.delete()
    changes, _ = follow(story, since)
    assert changes.updates == [] and changes.removed_ids == [pk]


@pytest.mark.django_db
def test_claim_status_change_resends_its_update():
    story = make_story()
    claim = make_claim(make_update(story))
    _, since = follow(story)
    claim.status = Claim.Status.FALSE
    claim.save()
    changes, _ = follow(story, since)
    assert [u.pk for u in changes.updates] == [claim.update_id]
    assert changes.updates[0].claims.all()[0].status == "false"


@pytest.mark.django_db
def test_backdated_update_reaches_a_reader_already_past_its_time():
    story = make_story()
    make_update(story)
    _, since = follow(story)
    backdated = make_update(story, published_at=timezone.now() - timedelta(days=1))
    changes, _ = follow(story, since)
    assert [u.pk for u in changes.updates] == [backdated.pk]


@pytest.mark.django_db
def test_scheduled_update_appears_when_due_not_before():
    story = make_story()
    publish_at = timezone.now() + timedelta(minutes=5)
    scheduled = make_update(story, published_at=publish_at)
    _, since = follow(story)
    changes, since = follow(story, since)
    assert changes.updates == []
    # Nothing is written when it becomes due; the server notices it from the state.
    state = live_state.get_state(story.slug)
    assert state.next_due_at == publish_at
    assert not state.has_due_updates(publish_at - timedelta(seconds=1))
    assert state.has_due_updates(publish_at)
    assert live_state.release_due(story.pk, now=publish_at) == 1
    changes, since = follow(story, since)
    assert [u.pk for u in changes.updates] == [scheduled.pk]
    assert live_state.release_due(story.pk, now=publish_at) == 0
    changes, _ = follow(story, since)
    assert changes.updates == []


@pytest.mark.django_db
def test_update_rescheduled_into_the_future_is_removed_for_readers():
    story = make_story()
    update = make_update(story)
    _, since = follow(story)
    update.published_at = timezone.now() + timedelta(hours=2)
    update.save()
    changes, _ = follow(story, since)
    assert changes.removed_ids == [update.pk]


@pytest.mark.django_db
def test_layout_boxes_are_resent_only_when_key_events_or_pin_change():
    story = make_story()
    key = make_update(story, is_key_event=True, headline="Bridge destroyed")
    _, since = follow(story)
    plain = make_update(story)
    changes, since = follow(story, since)
    assert not changes.layout_changed and [u.pk for u in changes.updates] == [plain.pk]
    plain.is_pinned = True
    plain.save()
    changes, _ = follow(story, since)
    assert changes.layout_changed
    assert changes.pinned.pk == plain.pk
    assert [u.pk for u in changes.key_events] == [key.pk]


@pytest.mark.django_db
def test_story_save_keeps_cursor_columns_written_by_others():
    story = make_story()
    stale = Story.objects.get(pk=story.pk)
    make_update(story)
    make_update(story)
    current = Story.objects.get(pk=story.pk).version
    stale.title = "New title"
    stale.save()
    assert Story.objects.get(pk=story.pk).version == current + 1


@pytest.mark.django_db
def test_state_cache_is_refreshed_when_a_write_commits(django_capture_on_commit_callbacks):
    story = make_story()
    before = live_state.get_state(story.slug).version
    with django_capture_on_commit_callbacks(execute=True):
        make_update(story)
    assert live_state.get_state(story.slug).version > before


@needs_postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_in_separate_connections_never_skip_a_reader():
    """Writers race on one story while a reader polls; it ends with exactly their rows."""
    story = make_story()
    writers, per_writer = 4, 15
    errors = []
    done = threading.Event()
    seen: dict[int, str] = {}
    removed: set[int] = set()

    def write(n):
        try:
            for i in range(per_writer):
                update = make_update(story, body=f"w{n}-{i}")
                if i % 5 == 0:
                    update.body = f"w{n}-{i} edited"
                    update.save()
                if i % 7 == 3:
                    update.delete()
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    def read():
        since = 0
        try:
            while True:
                finished = done.is_set()
                changes = changes_since(story.pk, since)
                for update in changes.updates:
                    seen[update.pk] = update.body
                for pk in changes.removed_ids:
                    seen.pop(pk, None)
                    removed.add(pk)
                since = changes.version
                if finished:
                    return
        except Exception as exc:  # pragma: no cover
            errors.append(exc)
        finally:
            connections.close_all()

    reader = threading.Thread(target=read)
    reader.start()
    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    done.set()
    reader.join()
    assert not errors
    expected = dict(story.updates.values_list("pk", "body"))
    assert seen == expected
    assert len(expected) == writers * per_writer - len(removed)


@pytest.mark.django_db
def test_release_scheduled_command_releases_due_updates():
    from django.core.management import call_command

    story = make_story()
    update = make_update(story, published_at=timezone.now() + timedelta(milliseconds=50))
    before = Story.objects.get(pk=story.pk).version
    while timezone.now() <= update.published_at:
        pass
    call_command("release_scheduled", verbosity=0)
    update.refresh_from_db()
    assert update.is_released and update.version > before

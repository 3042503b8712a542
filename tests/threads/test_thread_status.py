"""A thread's status and note: authoritative, reaching every claim and every open page."""

import re
from unittest import mock

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from stories.live import versions
from stories.models import Claim, ClaimStatusChange, ClaimThread, Story, Update
from stories.reader.fragments import update_key
from tests.support.factories import make_claim, make_story, make_update, make_user

HX = {"HX-Request": "true"}


def version_of(story) -> int:
    return Story.objects.get(pk=story.pk).version


def poll_update_ids(client, story, since) -> list[int]:
    response = client.get(f"/stories/{story.slug}/poll/?since={since}", headers=HX)
    assert response.status_code == 200
    return [int(pk) for pk in re.findall(rb'<article[^>]*id="update-(\d+)"', response.content)]


def fragment_key(update) -> str:
    update = Update.objects.for_display().get(pk=update.pk)
    return update_key(update, update.story, {})


def quoted_in_two_stories():
    """One thread quoted by an update of each of two stories, and an unrelated update."""
    first = make_claim(make_update(make_story()), text="The bridge at Siversk was blown up")
    second = make_claim(
        make_update(make_story()), text="Siversk bridge destroyed", thread=first.thread
    )
    unrelated = make_claim(make_update(first.update.story), text="Shelling near Soledar")
    return first.thread, first, second, unrelated


@pytest.mark.django_db
def test_a_claim_saved_without_a_thread_starts_its_own():
    claim = make_claim(
        text="Power is back in Kramatorsk", status=Claim.Status.CONFIRMED, note="Seen"
    )
    thread = claim.thread
    assert (thread.wording, thread.status, thread.note) == (claim.text, "confirmed", "Seen")
    assert thread.created_at == claim.created_at
    assert list(thread.claims.all()) == [claim]


@pytest.mark.django_db
def test_a_claim_joining_a_thread_takes_its_status_and_note():
    thread = make_claim(status=Claim.Status.FALSE, note="Satellite images show it").thread
    joining = make_claim(thread=thread, status=Claim.Status.UNVERIFIED)
    joining.refresh_from_db()
    assert (joining.status, joining.note) == ("false", "Satellite images show it")
    assert ClaimThread.objects.count() == 1


@pytest.mark.django_db
def test_a_thread_status_reaches_every_claim_with_who_when_why():
    thread, first, second, unrelated = quoted_in_two_stories()
    editor = make_user(role="Editor")
    thread.status, thread.note = ClaimThread.Status.FALSE, "The bridge stands: drone video."
    thread.save(changed_by=editor)
    assert set(Claim.objects.filter(thread=thread).values_list("status", "note")) == {
        ("false", "The bridge stands: drone video.")
    }
    unrelated.refresh_from_db()
    assert unrelated.status == "unverified"
    change = ClaimStatusChange.objects.get(thread=thread)
    assert (change.from_status, change.to_status, change.changed_by, change.claim) == (
        "unverified",
        "false",
        editor,
        None,
    )
    assert change.note == "The bridge stands: drone video."
    second.refresh_from_db()
    assert second.previous_status == "unverified" and second.status_changed_at == change.changed_at


@pytest.mark.django_db
def test_a_claim_edited_the_old_way_changes_its_thread_and_its_siblings():
    thread, first, second, _ = quoted_in_two_stories()
    editor = make_user(role="Editor")
    first.status = Claim.Status.DISPUTED
    first.save(changed_by=editor)
    thread.refresh_from_db()
    second.refresh_from_db()
    assert thread.status == second.status == "disputed"
    change = thread.status_changes.get()
    assert (change.claim, change.changed_by) == (first, editor)


@pytest.mark.django_db
def test_one_status_change_reaches_both_stories_open_pages_once_each(client):
    thread, first, second, unrelated = quoted_in_two_stories()
    stories = [first.update.story, second.update.story]
    cursors = [version_of(story) for story in stories]
    keys = [fragment_key(first.update), fragment_key(second.update)]
    thread.status = ClaimThread.Status.CONFIRMED
    thread.save()
    # One version more per story, not one per claim.
    assert [version_of(story) for story in stories] == [cursor + 1 for cursor in cursors]
    assert poll_update_ids(client, stories[0], cursors[0]) == [first.update_id]
    assert poll_update_ids(client, stories[1], cursors[1]) == [second.update_id]
    for story in stories:
        assert (
            client.get(
                f"/stories/{story.slug}/poll/?since={version_of(story)}", headers=HX
            ).status_code
            == 204
        )
    # The fragment cache cannot serve the old verdict: both keys changed.
    assert [fragment_key(first.update), fragment_key(second.update)] != keys
    assert fragment_key(first.update) != keys[0] and fragment_key(second.update) != keys[1]
    page = client.get(second.update.get_absolute_url()).content.decode()
    assert 'data-status="confirmed"' in page


@pytest.mark.django_db
def test_a_status_change_is_one_transaction_over_every_story():
    thread, first, second, _ = quoted_in_two_stories()
    stories = sorted([first.update.story, second.update.story], key=lambda story: story.pk)
    cursors = [version_of(story) for story in stories]
    real_bump, calls = versions.bump, []

    def fail_on_second_story(story_model, story_id, **kwargs):
        calls.append(story_id)
        if len(calls) == 2:
            raise DatabaseError("the second story's row is unreachable")
        return real_bump(story_model, story_id, **kwargs)

    thread.status = ClaimThread.Status.FALSE
    with mock.patch.object(versions, "bump", fail_on_second_story), pytest.raises(DatabaseError):
        thread.save()
    assert [version_of(story) for story in stories] == cursors
    assert set(Claim.objects.values_list("status", flat=True)) == {"unverified"}
    assert ClaimThread.objects.get(pk=thread.pk).status == "unverified"
    assert not ClaimStatusChange.objects.exists()


@pytest.mark.django_db
def test_a_status_change_costs_queries_by_story_not_by_claim():
    story = make_story()
    thread = make_claim(make_update(story)).thread
    for _ in range(30):
        make_claim(make_update(story), thread=thread)
    thread.status = ClaimThread.Status.DISPUTED
    with CaptureQueriesContext(connection) as queries:
        thread.save()
    assert len(queries) <= 12, [q["sql"] for q in queries.captured_queries]
    assert set(thread.claims.values_list("status", flat=True)) == {"disputed"}


@pytest.mark.django_db
def test_a_note_change_alone_reaches_pages_without_a_history_row(client):
    thread, first, _, _ = quoted_in_two_stories()
    story = first.update.story
    cursor = version_of(story)
    thread.note = "Our reporter is on the way."
    thread.save()
    assert poll_update_ids(client, story, cursor) == [first.update_id]
    assert not thread.status_changes.exists()
    first.refresh_from_db()
    assert first.note == "Our reporter is on the way."


@pytest.mark.django_db
def test_an_editor_sets_a_thread_status_in_the_admin_and_history_names_them(client):
    thread, first, second, _ = quoted_in_two_stories()
    editor = make_user(role="Editor")
    client.force_login(editor)
    response = client.post(
        f"/admin/stories/claimthread/{thread.pk}/change/",
        {
            "wording": thread.wording,
            "status": "false",
            "note": "Drone video shows the bridge intact.",
            "claims-TOTAL_FORMS": "2",
            "claims-INITIAL_FORMS": "2",
            "claims-0-id": first.pk,
            "claims-0-thread": thread.pk,
            "claims-1-id": second.pk,
            "claims-1-thread": thread.pk,
            "status_changes-TOTAL_FORMS": "0",
            "status_changes-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    change = thread.status_changes.get()
    assert (change.to_status, change.changed_by) == ("false", editor)
    assert set(Claim.objects.filter(thread=thread).values_list("status", flat=True)) == {"false"}


@pytest.mark.django_db
def test_a_journalist_cannot_change_a_thread_in_the_admin(client):
    thread = make_claim().thread
    client.force_login(make_user(role="Journalist"))
    response = client.post(
        f"/admin/stories/claimthread/{thread.pk}/change/",
        {"wording": "x", "status": "false", "note": ""},
    )
    assert response.status_code == 403
    thread.refresh_from_db()
    assert thread.status == "unverified"

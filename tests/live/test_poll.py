"""The poll endpoint: 204 when nothing changed, 286 once ended, changes otherwise."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from stories.models import Claim, Story
from tests.support.factories import make_claim, make_story, make_update, make_user

HX = {"HX-Request": "true"}


def poll(client, story, since):
    return client.get(f"/stories/{story.slug}/poll/?since={since}", headers=HX)


def new_cursor(response) -> int:
    return int(re.search(rb'id="poller"[^>]*data-version="(\d+)"', response.content, re.S)[1])


def current_version(story) -> int:
    return Story.objects.get(pk=story.pk).version


@pytest.mark.django_db
def test_poll_at_current_cursor_is_204_and_reads_no_database(client):
    story = make_story()
    make_update(story)
    version = current_version(story)
    poll(client, story, version)  # warms the state cache
    with CaptureQueriesContext(connection) as queries:
        response = poll(client, story, version)
    assert response.status_code == 204
    assert len(queries) == 0


@pytest.mark.django_db
def test_poll_returns_new_update_and_advances_cursor(client):
    story = make_story()
    since = current_version(story)
    update = make_update(story, headline="Bridge destroyed")
    response = poll(client, story, since)
    assert response.status_code == 200
    assert f'id="update-{update.pk}"'.encode() in response.content
    assert b"Bridge destroyed" in response.content
    assert new_cursor(response) == current_version(story)
    assert poll(client, story, new_cursor(response)).status_code == 204


@pytest.mark.django_db
def test_poll_returns_edit_made_after_cursor_with_updated_marker(client):
    story = make_story()
    update = make_update(story, body="Two villages")
    since = current_version(story)
    update.body = "Three villages"
    update.correction_note = "The number of villages was corrected."
    update.save()
    response = poll(client, story, since)
    assert b"Three villages" in response.content
    assert b"Updated" in response.content
    assert b"The number of villages was corrected." in response.content


@pytest.mark.django_db
def test_poll_reports_deleted_update(client):
    story = make_story()
    update = make_update(story)
    since = current_version(story)
    pk = update.pk
    update.delete()
    response = poll(client, story, since)
    assert f'data-removed-update="{pk}"'.encode() in response.content


@pytest.mark.django_db
def test_poll_on_ended_story_says_stop_and_poller_loses_its_trigger(client):
    story = make_story()
    since = current_version(story)
    story.status = Story.Status.ENDED
    story.save()
    response = poll(client, story, since)
    assert response.status_code == 200
    poller = re.search(rb'<div id="poller".*?</div>', response.content, re.S)[0]
    assert b"hx-trigger" not in poller
    assert poll(client, story, current_version(story)).status_code == 286


@pytest.mark.django_db
def test_scheduled_update_is_delivered_by_the_first_poll_after_it_is_due(client):
    story = make_story()
    due = timezone.now() + timedelta(seconds=1)
    update = make_update(story, published_at=due)
    since = current_version(story)
    assert poll(client, story, since).status_code == 204
    while timezone.now() < due:
        pass
    response = poll(client, story, since)
    assert f'id="update-{update.pk}"'.encode() in response.content


@pytest.mark.django_db
def test_poll_answers_are_publicly_cacheable_with_etag_and_304(client):
    story = make_story()
    make_update(story)
    response = poll(client, story, 0)
    cache_control = response["Cache-Control"]
    assert "public" in cache_control and "stale-while-revalidate" in cache_control
    max_age = int(re.search(r"max-age=(\d+)", cache_control)[1])
    assert 0 < max_age <= story.poll_interval
    assert not response.cookies
    assert "Cookie" not in response.get("Vary", "")
    again = client.get(
        f"/stories/{story.slug}/poll/?since=0", headers={**HX, "If-None-Match": response["ETag"]}
    )
    assert again.status_code == 304


@pytest.mark.parametrize("since", ["", "abc", "-1", "1e5", "9" * 40, "1%00"])
@pytest.mark.django_db
def test_poll_with_a_malformed_cursor_is_400(client, since):
    story = make_story()
    response = client.get(f"/stories/{story.slug}/poll/?since={since}")
    assert response.status_code == 400


@pytest.mark.django_db
def test_poll_of_unknown_or_draft_story_is_404(client):
    draft = make_story(status=Story.Status.DRAFT)
    assert client.get("/stories/nope/poll/?since=0").status_code == 404
    assert client.get(f"/stories/{draft.slug}/poll/?since=0").status_code == 404


@pytest.mark.django_db
def test_poll_with_changes_uses_at_most_six_queries_on_a_large_story(
    client, django_assert_max_num_queries
):
    story = make_story()
    author = make_user()
    for i in range(40):
        update = make_update(story, author=author, is_key_event=i % 10 == 0)
        make_claim(update, status=Claim.Status.CONFIRMED)
        make_claim(update)
    since = current_version(story) - 30
    poll(client, story, current_version(story))  # warm the state cache
    with django_assert_max_num_queries(6):
        response = poll(client, story, since)
    assert response.content.count(b'class="update') >= 10


@pytest.mark.django_db
def test_a_page_too_far_behind_is_told_to_reload_instead_of_receiving_the_whole_story(
    client, monkeypatch, django_assert_max_num_queries
):
    story = make_story()
    make_update(story)
    monkeypatch.setattr("stories.live.cache.MAX_CATCH_UP_VERSIONS", 1)
    poll(client, story, current_version(story))  # warm the state cache
    with django_assert_max_num_queries(0):
        response = poll(client, story, 0)
    assert response.status_code == 200
    assert response["HX-Refresh"] == "true"
    assert response.content == b""
    # A reader one version behind still gets the change itself.
    assert b"update-" in poll(client, story, current_version(story) - 1).content


@pytest.mark.django_db
def test_poll_sends_an_update_whose_writer_clock_ran_ahead_of_the_readers(client, monkeypatch):
    # A writer on another machine, its clock a little ahead, commits an update stamped
    # with its own "now"; the reader's poll takes its clock earlier than that stamp. The
    # cursor includes the update, so the poll must send it, not withdraw it as scheduled.
    story = make_story()
    since = current_version(story)
    writer_now = timezone.now() + timedelta(seconds=30)
    with monkeypatch.context() as writer_clock:
        writer_clock.setattr("stories.live.versions.timezone.now", lambda: writer_now)
        update = make_update(story, body="Convoy crossed the bridge", published_at=writer_now)
    response = poll(client, story, since)
    assert response.status_code == 200
    assert f'id="update-{update.pk}"'.encode() in response.content
    assert f'data-removed-update="{update.pk}"'.encode() not in response.content
    # The reader's cursor moves past it only once it has been sent.
    assert new_cursor(response) == current_version(story)


def removed_ids(response) -> set[int]:
    return {int(pk) for pk in re.findall(rb'data-removed-update="(\d+)"', response.content)}


@pytest.mark.django_db
def test_scheduling_an_update_shows_readers_nothing_not_even_a_removal(client):
    story = make_story()
    make_update(story, body="Already out")
    since = current_version(story)
    scheduled = make_update(story, published_at=timezone.now() + timedelta(hours=1))
    make_claim(scheduled, text="Embargoed figure")
    scheduled.body = "Embargoed, revised"
    scheduled.save()
    response = poll(client, story, since)
    assert b"update-" + str(scheduled.pk).encode() not in response.content
    assert b"Embargoed" not in response.content
    assert removed_ids(response) == set()
    api = client.get(f"/api/stories/{story.slug}/changes?since={since}").json()
    assert api["updates"] == [] and api["removed_ids"] == []
    # Deleting it before it is due names it to nobody either.
    since = new_cursor(response) if response.status_code == 200 else since
    scheduled.delete()
    assert removed_ids(poll(client, story, since)) == set()
    api = client.get(f"/api/stories/{story.slug}/changes?since={since}").json()
    assert api["removed_ids"] == []


@pytest.mark.django_db
def test_an_update_readers_saw_and_then_rescheduled_is_removed_for_them_once(client):
    story = make_story()
    update = make_update(story, body="Premature report")
    seen_at = current_version(story)
    update.published_at = timezone.now() + timedelta(hours=1)
    update.save()
    response = poll(client, story, seen_at)
    assert removed_ids(response) == {update.pk}
    # Readers who polled after the withdrawal never had it and are not told again.
    after = new_cursor(response)
    update.body = "Report, held back"
    update.save()
    assert removed_ids(poll(client, story, after)) == set()


@pytest.mark.django_db
def test_a_poll_answer_says_its_length(client):
    # Polls skip CommonMiddleware (liveblog/poll_path.py), which sets it on other pages.
    story = make_story()
    make_update(story)
    answer = poll(client, story, 0)
    assert answer.status_code == 200
    assert int(answer["Content-Length"]) == len(answer.content) > 0

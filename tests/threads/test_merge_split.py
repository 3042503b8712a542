"""Merging two threads and splitting a claim out of one keep every history row."""

import pytest

from stories.live.threads import merge_threads, split_claim
from stories.models import Claim, ClaimStatusChange, ClaimThread, Story
from tests.support.factories import make_claim, make_story, make_update, make_user

HX = {"HX-Request": "true"}


def rows() -> set[tuple]:
    return set(
        ClaimStatusChange.objects.values_list("from_status", "to_status", "changed_at", "note")
    )


def with_history(text: str, *statuses: str, story=None) -> ClaimThread:
    thread = make_claim(make_update(story or make_story()), text=text).thread
    for status in statuses:
        thread.status, thread.note = status, f"Now {status}"
        thread.save()
    return thread


@pytest.mark.django_db
def test_merging_moves_claims_and_every_history_row_and_records_the_merge(client):
    editor = make_user(role="Editor")
    into = with_history("Krasna Hora taken", "disputed", "false")
    other = with_history("Russians hold Krasna Hora", "confirmed")
    other_story = other.claims.get().update.story
    cursor = Story.objects.get(pk=other_story.pk).version
    before = rows()
    merge_threads(into=into, other=other, changed_by=editor)
    assert not ClaimThread.objects.filter(pk=other.pk).exists()
    assert rows() >= before and len(rows()) == len(before) + 1
    merge_row = into.status_changes.latest("changed_at", "id")
    assert (merge_row.from_status, merge_row.to_status, merge_row.changed_by) == (
        "confirmed",
        "false",
        editor,
    )
    assert set(Claim.objects.values_list("thread_id", "status")) == {(into.pk, "false")}
    response = client.get(f"/stories/{other_story.slug}/poll/?since={cursor}", headers=HX)
    assert 'data-status="false"' in response.content.decode()


@pytest.mark.django_db
def test_splitting_gives_the_claim_its_own_thread_with_a_copy_of_the_history():
    thread = with_history("Bridge at Siversk destroyed", "disputed")
    stays = thread.claims.get()
    leaves = make_claim(make_update(), text="Siversk bridge damaged", thread=thread)
    before = rows()
    new = split_claim(leaves, changed_by=make_user(role="Editor"))
    leaves.refresh_from_db()
    assert leaves.thread == new and stays.thread_id == thread.pk
    assert (new.wording, new.status, new.note) == (
        "Siversk bridge damaged",
        "disputed",
        "Now disputed",
    )
    assert thread.status_changes.count() == new.status_changes.count() == 1
    assert rows() == before  # the copy is the same change, on the new thread
    new.status = "confirmed"
    new.save()
    stays.refresh_from_db()
    assert stays.status == "disputed"


@pytest.mark.django_db
def test_editors_merge_and_split_in_the_admin_and_journalists_cannot(client):
    first = with_history("Soledar has fallen", "disputed")
    second = with_history("Soledar taken")
    editor, journalist = make_user(role="Editor"), make_user(role="Journalist")
    client.force_login(journalist)
    data = {"action": "merge_threads", "_selected_action": [first.pk, second.pk]}
    client.post("/admin/stories/claimthread/", data)
    assert ClaimThread.objects.filter(pk__in=[first.pk, second.pk]).count() == 2
    client.force_login(editor)
    response = client.post("/admin/stories/claimthread/", data)
    assert response.status_code == 302
    assert ClaimThread.objects.filter(pk__in=[first.pk, second.pk]).count() == 1
    claim = second.claims.model.objects.filter(text__startswith="Soledar taken").get()
    client.force_login(journalist)
    split = {"action": "split_from_thread", "_selected_action": [claim.pk]}
    client.post("/admin/stories/claim/", split)
    claim.refresh_from_db()
    assert claim.thread_id == first.pk
    client.force_login(editor)
    assert client.post("/admin/stories/claim/", split).status_code == 302
    claim.refresh_from_db()
    assert claim.thread_id != first.pk


@pytest.mark.django_db
def test_an_editor_merges_and_splits_from_the_desk_without_javascript(client):
    story = make_story()
    first = with_history("Soledar has fallen", "disputed", story=story)
    second = with_history("Soledar taken", story=story)
    client.force_login(make_user(role="Editor"))
    desk = f"/admin/stories/story/{story.pk}/desk/"
    page = client.get(desk).content.decode()
    assert "Tracked statements" in page and f"<strong>{second.pk}</strong>" in page
    response = client.post(f"{desk}threads/merge/", {"other": second.pk, "into": first.pk})
    assert response.status_code == 302 and response["Location"] == desk
    assert set(Claim.objects.filter(update__story=story).values_list("thread_id", flat=True)) == {
        first.pk
    }
    moved = Claim.objects.get(text="Soledar taken")
    assert client.post(f"{desk}claims/{moved.pk}/split/").status_code == 302
    moved.refresh_from_db()
    assert moved.thread_id != first.pk and moved.status == "disputed"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "data",
    [
        {},
        {"other": "x", "into": "1"},
        {"other": "999999", "into": "999998"},
        {"other": "-1", "into": "9" * 40},
    ],
)
def test_a_merge_of_unknown_or_same_threads_is_a_bad_request(client, data):
    story = make_story()
    thread = with_history("Soledar has fallen", story=story)
    client.force_login(make_user(role="Editor"))
    url = f"/admin/stories/story/{story.pk}/desk/threads/merge/"
    assert client.post(url, data).status_code == 400
    assert client.post(url, {"other": thread.pk, "into": thread.pk}).status_code == 400
    elsewhere = [with_history("Elsewhere one").pk, with_history("Elsewhere two").pk]
    assert client.post(url, {"other": elsewhere[0], "into": elsewhere[1]}).status_code == 400
    assert ClaimThread.objects.filter(pk__in=elsewhere).count() == 2


@pytest.mark.django_db
def test_splitting_a_claim_of_another_story_is_not_found(client):
    story = make_story()
    other = make_claim(make_update(make_story()))
    client.force_login(make_user(role="Editor"))
    assert (
        client.post(f"/admin/stories/story/{story.pk}/desk/claims/{other.pk}/split/").status_code
        == 404
    )

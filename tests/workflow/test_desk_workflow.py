"""The approval round trip on the desk: submit, the queue, publish or return, resubmit;
every move recorded with who made it."""

from datetime import timedelta

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.utils import timezone

from stories.models import Update, UpdateTransition
from tests.support.desk_helpers import HX, compose_data, desk_url, edit_data, story_version
from tests.support.factories import make_story, make_update, make_user


@pytest.fixture
def desk(db):
    story = make_story(title="Night shift")
    people = {
        "contributor": make_user(role="Contributor", first_name="Lena", last_name="Field"),
        "journalist": make_user(role="Journalist"),
        "editor": make_user(role="Editor"),
    }
    clients = {}
    for name, user in people.items():
        clients[name] = Client()
        clients[name].force_login(user)
    return story, people, clients


def submit(story, client, body="Checkpoint reopened, says a driver") -> Update:
    response = client.post(desk_url(story, "post"), compose_data(body=body, action="submit"))
    assert response.status_code == 302
    return Update.objects.get(body=body)


@pytest.mark.django_db
def test_an_update_made_without_a_state_is_published():
    update = make_update()
    assert update.state == Update.State.PUBLISHED
    assert list(Update.objects.published()) == [update]


@pytest.mark.django_db
def test_a_contributor_submits_and_the_editors_queue_fills_at_the_next_poll(desk):
    story, people, clients = desk
    since = story_version(story)
    update = submit(story, clients["contributor"])
    assert update.state == Update.State.SUBMITTED and update.author == people["contributor"]
    answer = clients["editor"].get(desk_url(story, "updates") + f"?since={since}", headers=HX)
    queue = answer.content.decode().split('id="desk-queue"')[1]
    assert "Checkpoint reopened" in queue and "Lena Field" in queue
    assert desk_url(story, "edit", update.pk) in queue
    # Not in the list of what readers see.
    stream = answer.content.decode().split('id="desk-queue"')[0]
    assert "Checkpoint reopened" not in stream
    # A journalist's desk shows nobody else's submissions.
    journalist_page = clients["journalist"].get(desk_url(story)).content.decode()
    assert "Checkpoint reopened" not in journalist_page


@pytest.mark.django_db
def test_the_editor_publishes_a_submission_now_by_default(desk):
    story, people, clients = desk
    update = submit(story, clients["contributor"])
    before = timezone.now()
    data = edit_data(update, action="publish", published_at="")
    response = clients["editor"].post(desk_url(story, "edit", update.pk), data)
    assert response.status_code == 302
    update.refresh_from_db()
    assert update.state == Update.State.PUBLISHED
    assert update.published_at >= before and update.is_released
    assert update.author == people["contributor"]
    moves = list(UpdateTransition.objects.filter(update=update).values_list(
        "from_state", "to_state", "made_by"))  # fmt: skip
    assert moves == [
        ("", "submitted", people["contributor"].pk),
        ("submitted", "published", people["editor"].pk),
    ]
    history = [entry.get_change_message() for entry in LogEntry.objects.filter(
        object_id=str(update.pk), user=people["editor"])]  # fmt: skip
    assert "Published." in history


@pytest.mark.django_db
def test_the_editor_may_publish_a_submission_at_a_later_time(desk):
    story, people, clients = desk
    update = submit(story, clients["contributor"])
    later = (timezone.now() + timedelta(hours=2)).astimezone(story.tzinfo)
    data = edit_data(update, action="publish", published_at=later.strftime("%Y-%m-%dT%H:%M"))
    clients["editor"].post(desk_url(story, "edit", update.pk), data)
    update.refresh_from_db()
    assert update.state == Update.State.PUBLISHED and not update.is_released
    assert not Update.objects.published().filter(pk=update.pk).exists()


@pytest.mark.django_db
def test_a_return_needs_a_note_which_the_contributor_sees_and_resubmitting_clears(desk):
    story, people, clients = desk
    update = submit(story, clients["contributor"])
    url = desk_url(story, "edit", update.pk)
    refused = clients["editor"].post(url, edit_data(update, action="return"), headers=HX)
    assert refused.status_code == 422
    assert "Say what the author should change." in refused.content.decode()
    note = "Which checkpoint? Name the driver's town."
    clients["editor"].post(url, edit_data(update, action="return", return_note=note))
    update.refresh_from_db()
    assert update.state == Update.State.DRAFT and update.review_note == note
    drafts = clients["contributor"].get(desk_url(story)).content.decode()
    assert "Which checkpoint?" in drafts.split('id="desk-queue"')[1]
    body = "Checkpoint at Dovhe reopened, says a driver from Izium"
    resubmitted = edit_data(update, action="submit", body=body)
    assert clients["contributor"].post(url, resubmitted).status_code == 302
    update.refresh_from_db()
    assert (update.state, update.review_note, update.body) == ("submitted", "", body)
    notes = UpdateTransition.objects.filter(update=update).values_list("to_state", "note")
    assert list(notes) == [("submitted", ""), ("draft", note), ("submitted", "")]


@pytest.mark.django_db
def test_a_contributor_cannot_publish_nor_change_what_is_published(desk):
    story, people, clients = desk
    update = submit(story, clients["contributor"])
    url = desk_url(story, "edit", update.pk)
    response = clients["contributor"].post(url, edit_data(update, action="publish"))
    assert response.status_code == 403
    response = clients["contributor"].post(url, edit_data(update, action="nonsense"))
    assert response.status_code == 403
    update.refresh_from_db()
    assert update.state == Update.State.SUBMITTED
    update.state = Update.State.PUBLISHED
    update.save()
    response = clients["contributor"].post(url, edit_data(update, body="Changed after"))
    assert response.status_code == 403


@pytest.mark.django_db
def test_journalists_save_drafts_listed_only_on_their_own_desk(desk):
    story, people, clients = desk
    data = compose_data(body="Half-written: casualty figures pending", action="draft")
    response = clients["journalist"].post(desk_url(story, "post"), data, headers=HX)
    assert "Draft saved" in response.content.decode()
    draft = Update.objects.get(state=Update.State.DRAFT)
    own = clients["journalist"].get(desk_url(story)).content.decode()
    assert "Half-written" in own.split('id="desk-queue"')[1]
    for other in ("editor", "contributor"):
        assert "Half-written" not in clients[other].get(desk_url(story)).content.decode()
    # Published straight from the draft by its author.
    url = desk_url(story, "edit", draft.pk)
    clients["journalist"].post(url, edit_data(draft, action="publish"))
    draft.refresh_from_db()
    assert draft.state == Update.State.PUBLISHED


@pytest.mark.django_db
def test_the_desk_offers_each_role_its_own_buttons(desk):
    story, people, clients = desk
    page = clients["contributor"].get(desk_url(story)).content.decode()
    assert 'value="submit"' in page and 'value="publish"' not in page
    page = clients["journalist"].get(desk_url(story)).content.decode()
    assert 'value="publish"' in page and 'value="draft"' in page
    update = submit(story, clients["contributor"])
    review = clients["editor"].get(desk_url(story, "edit", update.pk), headers=HX).content.decode()
    assert 'value="publish"' in review and 'value="return"' in review
    assert "Note to the author" in review


@pytest.mark.django_db
def test_a_contributors_update_from_the_stock_admin_waits_for_review(desk):
    story, people, clients = desk
    form = {
        "story": str(story.pk), "headline": "", "body": "Via the admin form",
        "published_at_0": timezone.now().strftime("%Y-%m-%d"),
        "published_at_1": timezone.now().strftime("%H:%M:%S"), "correction_note": "",
        "claims-TOTAL_FORMS": "0", "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0", "claims-MAX_NUM_FORMS": "1000",
    }  # fmt: skip
    response = clients["contributor"].post("/admin/stories/update/add/", form)
    assert response.status_code == 302
    update = Update.objects.get(body="Via the admin form")
    assert update.state == Update.State.SUBMITTED
    page = clients["editor"].get(f"/admin/stories/update/{update.pk}/change/").content.decode()
    history = page.split("Editorial history")[1]
    assert "New → Submitted" in history and people["contributor"].username in history


@pytest.mark.django_db
def test_a_submission_sent_back_or_kept_with_its_time_left_empty_keeps_its_time(desk):
    # The desk shows an unpublished update's time empty ("now, when it is published").
    story, people, clients = desk
    update = submit(story, clients["contributor"])
    stored = update.published_at
    url = desk_url(story, "edit", update.pk)
    note = "Add the school's name."
    data = edit_data(update, action="return", return_note=note, published_at="")
    assert clients["editor"].post(url, data).status_code == 302
    update.refresh_from_db()
    assert (update.state, update.published_at) == (Update.State.DRAFT, stored)
    data = edit_data(update, action="draft", published_at="", body="Reworded")
    assert clients["contributor"].post(url, data).status_code == 302
    update.refresh_from_db()
    assert (update.body, update.published_at) == ("Reworded", stored)

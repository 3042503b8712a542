"""Who may do what, through the desk and through the stock admin.

The matrix: anonymous, a logged-in non-staff user, the journalist who wrote the update,
another journalist, an editor and a contributor (the author of a submission), for each
desk action, over htmx and without it: a contributor cannot publish, whether by the
compose form's default, a tampered form or a direct call; a journalist cannot publish
or return someone else's submission.
Anonymous and non-staff requests are sent to the login page; under-privileged ones get
403; neither ever gets the data.
"""

import io
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone
from PIL import Image

from stories.models import Claim, SavedCopy, Story, Update
from tests.support.desk_helpers import HX, compose_data, desk_url, edit_data
from tests.support.factories import make_claim, make_story, make_update, make_user

SECRET = "Confidential draft text about the ceasefire"
SUBMISSION = "A stringer's unchecked report from the river crossing"

LOGIN, FORBIDDEN, OK = "login", "403", "ok"


@dataclass
class World:
    story: Story
    update: Update
    users: dict
    submission: Update | None = None


@pytest.fixture
def world(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = make_user(role="Journalist")
    story = make_story(title="Ceasefire talks")
    update = make_update(story, author=author, body=SECRET)
    make_claim(update, text="A claim in it")
    contributor = make_user(role="Contributor")
    submission = make_update(
        story, author=contributor, body=SUBMISSION, state=Update.State.SUBMITTED
    )
    users = {
        "anonymous": None,
        "not staff": make_user(),
        "author": author,
        "other journalist": make_user(role="Journalist"),
        "editor": make_user(role="Editor"),
        "contributor": contributor,
    }
    return World(story=story, update=update, users=users, submission=submission)


def client_for(world, who) -> Client:
    client = Client()
    if world.users[who] is not None:
        client.force_login(world.users[who])
    return client


def png() -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (4, 4)).save(data, format="PNG")
    data.seek(0)
    data.name = "a.png"
    return data


def failed_copy(update) -> SavedCopy:
    """A saved copy of the update's that failed (the desk offers to try again)."""
    copy, _ = SavedCopy.objects.get_or_create(
        update=update,
        address="https://ministry.example/statement",
        defaults={"state": SavedCopy.State.FAILED, "failure_reason": "the site did not answer"},
    )
    return copy


def preview_copy(story) -> SavedCopy:
    """A copy the story's desk preview asked for (no update yet)."""
    copy, _ = SavedCopy.objects.get_or_create(
        story=story, update=None, address="https://ministry.example/preview"
    )
    return copy


# Each action: how to send it, given the world.
ACTIONS = {
    "open desk": lambda w: ("get", desk_url(w.story), None),
    "post": lambda w: ("post", desk_url(w.story, "post"), compose_data(body="New post")),
    "open edit": lambda w: ("get", desk_url(w.story, "edit", w.update.pk), None),
    "edit": lambda w: (
        "post",
        desk_url(w.story, "edit", w.update.pk),
        edit_data(w.update, body="Edited body"),
    ),
    "delete": lambda w: ("post", desk_url(w.story, "delete", w.update.pk), {}),
    "change status": lambda w: ("post", desk_url(w.story, "status"), {"status": "ended"}),
    "preview": lambda w: ("post", desk_url(w.story, "preview"), {"body": "*hi*"}),
    "preview card": lambda w: (
        "get",
        desk_url(w.story, "preview_card", preview_copy(w.story).pk),
        None,
    ),
    "upload": lambda w: ("post", desk_url(w.story, "image"), {"image": png(), "alt": "A dot"}),
    "poll": lambda w: ("get", desk_url(w.story, "updates") + "?since=0", None),
    "sources": lambda w: ("get", desk_url(w.story, "sources") + "?claims-0-source_name=a", None),
    "threads": lambda w: ("get", desk_url(w.story, "threads") + "?claims-0-text=taken", None),
    "merge threads": lambda w: (
        "post",
        desk_url(w.story, "merge"),
        {
            "other": make_claim(w.update, text="Repeated").thread_id,
            "into": w.update.claims.order_by("pk").first().thread_id,
        },
    ),
    "split claim": lambda w: (
        "post",
        desk_url(w.story, "split", w.update.claims.order_by("pk").first().pk),
        {},
    ),
    "submit": lambda w: ("post", desk_url(w.story, "post"), compose_data(action="submit")),
    "save draft": lambda w: ("post", desk_url(w.story, "post"), compose_data(action="draft")),
    # A contributor's compose form tampered with: its button changed to "publish".
    "post as published": lambda w: (
        "post",
        desk_url(w.story, "post"),
        compose_data(action="publish"),
    ),
    "what we know": lambda w: (
        "post",
        desk_url(w.story, "summary"),
        {"known-points": "Two bridges are down"},
    ),
    "open submission": lambda w: ("get", desk_url(w.story, "edit", w.submission.pk), None),
    "publish submission": lambda w: (
        "post",
        desk_url(w.story, "edit", w.submission.pk),
        edit_data(w.submission, action="publish"),
    ),
    "return submission": lambda w: (
        "post",
        desk_url(w.story, "edit", w.submission.pk),
        edit_data(w.submission, action="return", return_note="Name your source."),
    ),
    "capture again": lambda w: (
        "post",
        desk_url(w.story, "capture_again", failed_copy(w.update).pk),
        {},
    ),
}

EXPECTED = {
    # action: (anonymous, not staff, author, other journalist, editor, contributor)
    "open desk": (LOGIN, LOGIN, OK, OK, OK, OK),
    # Without a button's action the compose form publishes: not for contributors.
    "post": (LOGIN, LOGIN, OK, OK, OK, FORBIDDEN),
    "open edit": (LOGIN, LOGIN, OK, FORBIDDEN, OK, FORBIDDEN),
    "edit": (LOGIN, LOGIN, OK, FORBIDDEN, OK, FORBIDDEN),
    "delete": (LOGIN, LOGIN, OK, FORBIDDEN, OK, FORBIDDEN),
    "change status": (LOGIN, LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "preview": (LOGIN, LOGIN, OK, OK, OK, OK),
    # A preview's card on its way, fetched by the preview area: as the preview itself.
    "preview card": (LOGIN, LOGIN, OK, OK, OK, OK),
    "upload": (LOGIN, LOGIN, OK, OK, OK, OK),
    "poll": (LOGIN, LOGIN, OK, OK, OK, OK),
    "sources": (LOGIN, LOGIN, OK, OK, OK, OK),
    "threads": (LOGIN, LOGIN, OK, OK, OK, OK),
    "merge threads": (LOGIN, LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "split claim": (LOGIN, LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "submit": (LOGIN, LOGIN, OK, OK, OK, OK),
    "save draft": (LOGIN, LOGIN, OK, OK, OK, OK),
    "post as published": (LOGIN, LOGIN, OK, OK, OK, FORBIDDEN),
    "what we know": (LOGIN, LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "open submission": (LOGIN, LOGIN, FORBIDDEN, FORBIDDEN, OK, OK),
    "publish submission": (LOGIN, LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    "return submission": (LOGIN, LOGIN, FORBIDDEN, FORBIDDEN, OK, FORBIDDEN),
    # A new capture of a failed saved copy: whoever may edit the update.
    "capture again": (LOGIN, LOGIN, OK, FORBIDDEN, OK, FORBIDDEN),
}
WHO = ("anonymous", "not staff", "author", "other journalist", "editor", "contributor")
MATRIX = [
    pytest.param(action, who, expected[i], id=f"{action}-{who}")
    for action, expected in EXPECTED.items()
    for i, who in enumerate(WHO)
]


def send(client, method, url, data, headers):
    if method == "get":
        return client.get(url, headers=headers)
    return client.post(url, data, headers=headers)


def assert_outcome(response, expected, world):
    body = response.content.decode(errors="replace")
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    elif expected == FORBIDDEN:
        assert response.status_code == 403
    else:
        assert response.status_code in (200, 204, 302)
        if response.status_code == 302:
            assert response["Location"] == desk_url(world.story)
    if expected != OK:
        assert SECRET not in body
        assert SUBMISSION not in body


@pytest.mark.django_db
@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
@pytest.mark.parametrize(("action", "who", "expected"), MATRIX)
def test_desk_permission_matrix(world, action, who, expected, headers):
    method, url, data = ACTIONS[action](world)
    before = snapshot(world)
    response = send(client_for(world, who), method, url, data, headers)
    assert_outcome(response, expected, world)
    if expected != OK:
        # Refused requests change nothing.
        assert snapshot(world) == before


def snapshot(world) -> tuple:
    """What a refused request must leave as it was."""
    update = Update.objects.filter(pk=world.update.pk).first()
    submission = Update.objects.get(pk=world.submission.pk)
    story = Story.objects.get()
    return (
        SavedCopy.objects.count(),
        sorted(Claim.objects.values_list("pk", "thread_id")),
        Update.objects.count(),
        Update.objects.filter(state=Update.State.PUBLISHED).count(),
        (story.status, story.known_points),
        update and update.body,
        (submission.state, submission.body, submission.review_note),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("status", [Story.Status.ENDED, Story.Status.DRAFT])
def test_journalists_cannot_post_or_edit_on_a_story_that_is_not_live(world, status):
    world.story.status = status
    world.story.save()
    author = client_for(world, "author")
    assert author.post(desk_url(world.story, "post"), compose_data(), headers=HX).status_code == 403
    edit = edit_data(world.update, body="Late change")
    assert author.post(desk_url(world.story, "edit", world.update.pk), edit).status_code == 403
    assert author.post(desk_url(world.story, "delete", world.update.pk)).status_code == 403
    assert author.post(desk_url(world.story, "preview"), {"body": "x"}).status_code == 403
    assert "not live" in author.get(desk_url(world.story)).content.decode()
    editor = client_for(world, "editor")
    assert (
        editor.post(
            desk_url(world.story, "post"), compose_data(body="Editor's note"), headers=HX
        ).status_code
        == 200
    )
    assert Update.objects.filter(body="Editor's note").exists()


@pytest.mark.django_db
def test_desk_posts_need_the_csrf_token(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["author"])
    before = Update.objects.count()
    response = client.post(desk_url(world.story, "post"), compose_data(), headers=HX)
    assert response.status_code == 403
    assert Update.objects.count() == before


@pytest.mark.django_db
def test_desk_hides_edit_and_delete_of_other_peoples_updates(world):
    html = client_for(world, "other journalist").get(desk_url(world.story)).content.decode()
    assert desk_url(world.story, "edit", world.update.pk) not in html
    assert SECRET in html  # they see it as readers do
    editor_html = client_for(world, "editor").get(desk_url(world.story)).content.decode()
    assert desk_url(world.story, "edit", world.update.pk) in editor_html


@pytest.mark.django_db
def test_journalist_can_create_sources_in_place(world):
    client_for(world, "other journalist").post(
        desk_url(world.story, "post"),
        compose_data(claims=[{"source_name": "Brand new agency", "text": "Said so"}]),
        headers=HX,
    )
    assert Claim.objects.filter(source__name="Brand new agency").exists()


# --- the stock admin --------------------------------------------------------------------


def admin_update_form(update, **changes) -> dict:
    return {
        "story": str(update.story_id),
        "headline": update.headline,
        "body": update.body,
        "published_at_0": update.published_at.strftime("%Y-%m-%d"),
        "published_at_1": update.published_at.strftime("%H:%M:%S"),
        "correction_note": "",
        "claims-TOTAL_FORMS": "0",
        "claims-INITIAL_FORMS": "0",
        "claims-MIN_NUM_FORMS": "0",
        "claims-MAX_NUM_FORMS": "1000",
        **changes,
    }


@pytest.mark.django_db
def test_admin_shows_other_peoples_updates_read_only_and_refuses_changes(world):
    other = client_for(world, "other journalist")
    url = f"/admin/stories/update/{world.update.pk}/change/"
    page = other.get(url).content.decode()
    assert 'name="_save"' not in page
    response = other.post(url, admin_update_form(world.update, body="Hijacked"))
    assert response.status_code == 403
    assert (
        other.post(f"/admin/stories/update/{world.update.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    world.update.refresh_from_db()
    assert world.update.body == SECRET


@pytest.mark.django_db
def test_admin_lets_the_author_edit_their_own_update(world):
    author = client_for(world, "author")
    url = f"/admin/stories/update/{world.update.pk}/change/"
    response = author.post(url, admin_update_form(world.update, body="Fixed typo"))
    assert response.status_code == 302
    world.update.refresh_from_db()
    assert world.update.body == "Fixed typo" and world.update.author == world.users["author"]


@pytest.mark.django_db
def test_admin_bulk_delete_refuses_other_peoples_updates(world):
    other = client_for(world, "other journalist")
    response = other.post(
        "/admin/stories/update/",
        {"action": "delete_selected", "_selected_action": [str(world.update.pk)], "post": "yes"},
    )
    assert response.status_code in (200, 403)
    assert Update.objects.filter(pk=world.update.pk).exists()


@pytest.mark.django_db
def test_admin_journalist_cannot_post_on_ended_story_or_change_story_status(world):
    ended = make_story(status=Story.Status.ENDED)
    author = client_for(world, "author")
    form = admin_update_form(world.update, story=str(ended.pk), body="Sneaked in")
    response = author.post("/admin/stories/update/add/", form)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert not Update.objects.filter(body="Sneaked in").exists()
    story_url = f"/admin/stories/story/{world.story.pk}/change/"
    assert 'name="status"' not in author.get(story_url).content.decode()
    response = author.post(
        story_url, {"title": "Ceasefire talks", "slug": world.story.slug, "status": "ended"}
    )
    assert response.status_code == 403
    assert Story.objects.get(pk=world.story.pk).status == Story.Status.LIVE


@pytest.mark.django_db
def test_admin_author_byline_ignores_a_posted_author(world):
    author = client_for(world, "author")
    form = admin_update_form(world.update, body="Mine", author=str(world.users["editor"].pk))
    author.post("/admin/stories/update/add/", form)
    assert Update.objects.get(body="Mine").author == world.users["author"]


@pytest.mark.django_db
def test_admin_claims_of_other_peoples_updates_are_read_only_for_journalists(world):
    claim = world.update.claims.get()
    other = client_for(world, "other journalist")
    url = f"/admin/stories/claim/{claim.pk}/change/"
    response = other.post(
        url,
        {"update": str(world.update.pk), "source": str(claim.source_id), "text": "Rewritten",
         "status": "false", "attribution": "statement", "position": "0",
         "status_changes-TOTAL_FORMS": "0", "status_changes-INITIAL_FORMS": "0"},
    )  # fmt: skip
    assert response.status_code == 403
    other.post(
        "/admin/stories/claim/",
        {"action": "mark_false", "_selected_action": [str(claim.pk)]},
    )
    claim.refresh_from_db()
    assert claim.text == "A claim in it" and claim.status == "unverified"


@pytest.mark.django_db
def test_admin_editor_may_change_anyones_update(world):
    editor = client_for(world, "editor")
    url = f"/admin/stories/update/{world.update.pk}/change/"
    assert editor.post(url, admin_update_form(world.update, body="Edited")).status_code == 302
    world.update.refresh_from_db()
    assert world.update.body == "Edited" and world.update.author == world.users["author"]


@pytest.mark.django_db
def test_admin_autocomplete_offers_journalists_only_live_stories(world):
    make_story(title="Ceasefire archive", status=Story.Status.ENDED)
    response = client_for(world, "author").get(
        "/admin/autocomplete/",
        {
            "term": "Ceasefire",
            "app_label": "stories",
            "model_name": "update",
            "field_name": "story",
        },
    )
    titles = [result["text"] for result in response.json()["results"]]
    assert titles == ["Ceasefire talks"]


@pytest.mark.django_db
def test_scheduled_posts_by_journalists_stay_theirs(world):
    later = timezone.now() + timedelta(hours=1)
    update = make_update(world.story, author=world.users["author"], published_at=later)
    other = client_for(world, "other journalist")
    assert other.post(desk_url(world.story, "delete", update.pk)).status_code == 403

"""The write API follows the newsroom's workflow: a contributor's token submits, a
journalist's publishes, an editor's approves or returns submissions; as the desk does."""

import pytest

from stories.models import Update
from tests.support.api_writes import send, token_for
from tests.support.factories import make_story, make_user


@pytest.fixture
def story():
    return make_story(slug="front")


def post(client, secret, **body):
    body = {"body": "Checkpoint closed.", **body}
    return send(client, "post", "/api/stories/front/updates", body, secret=secret)


@pytest.mark.django_db
def test_a_contributors_token_submits_and_cannot_publish(client, story):
    secret = token_for(make_user(role="Contributor"))
    response = post(client, secret)
    assert response.status_code == 201
    assert response.json()["state"] == "submitted"
    assert not client.get("/api/stories/front/updates").json()["updates"]
    refused = post(client, secret, action="publish")
    assert refused.status_code == 403
    assert Update.objects.count() == 1
    draft = post(client, secret, action="draft")
    assert draft.json()["state"] == "draft"


@pytest.mark.django_db
def test_a_journalists_token_publishes_unless_told_otherwise(client, story):
    secret = token_for(make_user(role="Journalist"))
    assert post(client, secret).json()["state"] == "published"
    assert post(client, secret, action="submit").json()["state"] == "submitted"
    assert len(client.get("/api/stories/front/updates").json()["updates"]) == 1


@pytest.mark.django_db
def test_an_editors_token_approves_or_returns_a_submission(client, story):
    submitted = post(client, token_for(make_user(role="Contributor"))).json()
    editor = token_for(make_user(role="Editor"))
    url = f"/api/stories/front/updates/{submitted['id']}"
    unexplained = send(client, "patch", url, {"action": "return"}, secret=editor)
    assert unexplained.status_code == 422
    assert "return_note" in unexplained.json()["errors"]
    body = {"action": "return", "return_note": "Name the checkpoint."}
    returned = send(client, "patch", url, body, secret=editor)
    assert returned.status_code == 200 and returned.json()["state"] == "draft"
    resubmitted = post(client, editor, body="Another")  # an editor's own post publishes
    assert resubmitted.json()["state"] == "published"
    approved = send(client, "patch", url, {"action": "publish"}, secret=editor)
    assert approved.json()["state"] == "published"
    ids = [u["id"] for u in client.get("/api/stories/front/updates").json()["updates"]]
    assert submitted["id"] in ids


@pytest.mark.django_db
def test_a_journalist_cannot_approve_a_colleagues_submission(client, story):
    submitted = post(client, token_for(make_user(role="Contributor"))).json()
    journalist = token_for(make_user(role="Journalist"))
    url = f"/api/stories/front/updates/{submitted['id']}"
    response = send(client, "patch", url, {"action": "publish"}, secret=journalist)
    assert response.status_code == 403
    assert Update.objects.get().state == "submitted"

"""Who may write through the API: the desk's matrix, with tokens instead of sessions.

Every write operation, for each kind of caller: no token (401), a malformed or unknown
one (401), a journalist on their own update, another journalist, a contributor, an
editor, each on a live story and on one that is not. Refusals write nothing.
"""

import pytest

from stories.models import Claim, Story, Update
from stories.syndication.api import api
from tests.support.api_writes import png_file, send, token_for
from tests.support.factories import make_claim, make_story, make_update, make_user

OK, UNAUTHORISED, FORBIDDEN = "ok", 401, 403


@pytest.fixture
def world(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    author = make_user(role="Journalist")
    live = make_story(slug="live")
    ended = make_story(slug="ended", status=Story.Status.ENDED)
    users = {
        "author": author,
        "other journalist": make_user(role="Journalist"),
        "editor": make_user(role="Editor"),
        "contributor": make_user(role="Contributor"),
        "not staff": make_user(),
    }
    world = {"tokens": {who: token_for(user) for who, user in users.items()}}
    world["tokens"] |= {"no token": None, "malformed": "lbt_x", "unknown": "lbt_" + "A" * 43}
    for story in (live, ended):
        update = make_update(story, author=author, body="Draft")
        world[story.slug] = {"update": update, "claim": make_claim(update)}
    return world


def operations(world, slug: str) -> dict:
    update, claim = world[slug]["update"], world[slug]["claim"]
    base = f"/api/stories/{slug}"
    return {
        "post": ("post", f"{base}/updates", {"body": "New"}),
        "edit": ("patch", f"{base}/updates/{update.pk}", {"body": "Changed"}),
        "delete": ("delete", f"{base}/updates/{update.pk}", None),
        "image": ("post", f"{base}/images", {"image": png_file(), "alt": "Dot"}),
        "claim status": ("post", f"/api/claims/{claim.pk}/status", {"status": "false"}),
    }


EXPECTED = {
    # caller: outcome on a live story, on an ended one (only editors post there)
    "no token": (UNAUTHORISED, UNAUTHORISED),
    "malformed": (UNAUTHORISED, UNAUTHORISED),
    "unknown": (UNAUTHORISED, UNAUTHORISED),
    "not staff": (UNAUTHORISED, UNAUTHORISED),
    "author": (OK, FORBIDDEN),
    "other journalist": ({"post": OK, "image": OK}, FORBIDDEN),
    # A contributor's post is a submission (test_write_api_workflow.py).
    "contributor": ({"post": OK, "image": OK}, FORBIDDEN),
    "editor": (OK, OK),
}


def expected(who: str, slug: str, operation: str):
    outcome = EXPECTED[who][0 if slug == "live" else 1]
    if isinstance(outcome, dict):
        return outcome.get(operation, FORBIDDEN)
    return outcome


def snapshot():
    return (
        list(Update.objects.order_by("pk").values_list("pk", "body")),
        list(Claim.objects.order_by("pk").values_list("pk", "status")),
    )


@pytest.mark.parametrize("slug", ["live", "ended"])
@pytest.mark.parametrize("who", list(EXPECTED))
@pytest.mark.django_db
def test_write_api_permission_matrix(client, world, who, slug):
    for operation in operations(world, slug):
        # Each operation on a fresh world state: a deletion must not hide an edit.
        method, url, body = operations(world, slug)[operation]
        before = snapshot()
        response = send(client, method, url, body, secret=world["tokens"][who])
        outcome = expected(who, slug, operation)
        if outcome == OK:
            assert response.status_code < 300, (operation, response.content)
        else:
            assert response.status_code == outcome, (operation, response.content)
            assert snapshot() == before, operation
            assert len(response.content) < 500
        if operation == "delete" and response.status_code == 204:
            break


def test_every_write_operation_is_in_the_matrix_and_declares_bearer_security():
    schema = api.get_openapi_schema()
    writes = {
        (method, path)
        for path, item in schema["paths"].items()
        for method in item
        if method in ("post", "patch", "put", "delete")
    }
    assert len(writes) == 5
    for method, path in writes:
        operation = schema["paths"][path][method]
        assert operation["security"] == [{"TokenAuth": []}], path
        assert {401, 403, 429} <= {int(code) for code in operation["responses"]}, path
    assert schema["components"]["securitySchemes"]["TokenAuth"] == {
        "type": "http",
        "scheme": "bearer",
    }

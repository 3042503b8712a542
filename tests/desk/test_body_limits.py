"""The desk and Markdown's limits: bodies past them are refused with a message, never a 500.

Lists and quotes nest at most ``MAX_NESTING`` levels (stories/rich_text/); deeper
markers would show as text, so the desk refuses such a body, keeping what was typed, and
its live preview says why. Other crafted text (runs of unclosed brackets) renders as text
in about the time any body of its length takes. Saves from elsewhere (the admin, imports,
the API) go through ``Update.save()``, which renders whatever it is given.
"""

import sys

import pytest

from stories.desk.forms import MAX_BODY_LENGTH
from stories.models import Update
from stories.rich_text import MAX_NESTING
from tests.support.desk_helpers import HX, compose_data, desk_url, edit_data
from tests.support.factories import make_story, make_update, make_user
from tests.support.figures import FIGURES

TOO_DEEP = "- " * 9_999 + "x"
REFUSAL = f"Lists and quotes can be nested {MAX_NESTING} levels deep at most"


@pytest.fixture
def journalist(db):
    return make_user(role="Journalist")


@pytest.fixture
def story(db):
    return make_story()


@pytest.fixture
def desk_client(client, journalist):
    client.force_login(journalist)
    return client


def calls_made(request) -> int:
    """Function calls (Python and C) made while the test client sends ``request()``."""
    calls = 0

    def count(frame, event, arg):
        nonlocal calls
        calls += event in ("call", "c_call")

    sys.setprofile(count)
    try:
        response = request()
    finally:
        sys.setprofile(None)
    assert response.status_code == 200
    return calls


@pytest.mark.parametrize("headers", [HX, {}], ids=["htmx", "plain"])
def test_posting_lists_nested_past_the_limit_is_refused_and_keeps_the_text(
    desk_client, story, headers
):
    assert len(TOO_DEEP) < MAX_BODY_LENGTH
    response = desk_client.post(
        desk_url(story, "post"), compose_data(body=TOO_DEEP), headers=headers
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert REFUSAL in html
    assert TOO_DEEP in html
    assert not Update.objects.exists()


def test_editing_into_lists_nested_past_the_limit_is_refused(desk_client, journalist, story):
    update = make_update(story, author=journalist, body="Original")
    data = edit_data(update, body="1. " * 6_666)
    response = desk_client.post(desk_url(story, "edit", update.pk), data, headers=HX)
    assert response.status_code == 422
    assert REFUSAL in response.content.decode()
    update.refresh_from_db()
    assert update.body == "Original"


def test_lists_nested_up_to_the_limit_are_posted(desk_client, story):
    body = "> " + "- " * (MAX_NESTING - 1) + "deep"
    response = desk_client.post(desk_url(story, "post"), compose_data(body=body), headers=HX)
    assert response.status_code == 200
    assert Update.objects.get().body_html.count("<ul>") == MAX_NESTING - 1


def test_preview_says_why_lists_nested_past_the_limit_would_be_refused(desk_client, story):
    response = desk_client.post(desk_url(story, "preview") + "?form=compose", {"body": TOO_DEEP})
    # A fragment swapped in while typing: htmx shows 2xx answers only.
    assert response.status_code == 200
    html = response.content.decode()
    assert REFUSAL in html
    assert html.count("<ul>") == MAX_NESTING


def test_preview_of_unclosed_brackets_costs_about_what_any_body_costs(desk_client, story):
    url = desk_url(story, "preview") + "?form=compose"
    prose = "The water rose overnight; [the map](https://example.org/map) shows where. " * 300
    brackets = calls_made(lambda: desk_client.post(url, {"body": "[" * MAX_BODY_LENGTH}))
    ordinary = calls_made(lambda: desk_client.post(url, {"body": prose[:MAX_BODY_LENGTH]}))
    FIGURES["markdown preview cost ratio, 20,000 '[' (function calls)"] = round(
        brackets / ordinary, 1
    )
    assert brackets / ordinary <= 25


@pytest.mark.parametrize(
    "body",
    ["- " * 9_999 + "a", "1. " * 6_666, "> " * 10_000, "[" * 20_000, "``a`" * 5_000],
    ids=["dashes", "numbers", "quotes", "brackets", "backticks"],
)
def test_saves_from_anywhere_render_whatever_the_body(story, body):
    # The admin, imports and the API save through Update.save(), without the desk's form.
    update = make_update(story, body=body)
    assert update.body_html
    assert Update.objects.get(pk=update.pk).body_html == update.body_html

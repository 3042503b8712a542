"""The "What we know" box: kept by editors on the desk, shown at the top of the page,
replaced at the next poll, kept in a public history, in JSON-LD and the API."""

import json
import re

import pytest
from django.test import Client

from stories.models import Story, SummaryVersion
from tests.support.desk_helpers import HX, desk_url, story_version
from tests.support.factories import make_story, make_update, make_user


@pytest.fixture
def editor_client(db):
    client = Client()
    client.force_login(make_user(role="Editor"))
    return client


def save_points(client, story, points: str, **headers):
    return client.post(desk_url(story, "summary"), {"known-points": points}, headers=headers)


def box(html: str) -> str:
    return re.search(r'<section id="what-we-know".*?</section>', html, re.S)[0]


@pytest.mark.django_db
def test_the_box_shows_on_the_page_in_json_ld_and_the_api_with_its_history(client, editor_client):
    story = make_story(title="Dam breach", slug="dam-breach", time_zone="Europe/Kyiv")
    make_update(story)
    assert "hidden" in box(client.get(story.get_absolute_url()).content.decode())
    assert save_points(editor_client, story, "- Water reached Kherson\n- 2 dead").status_code == 302
    save_points(editor_client, story, "Water reached Kherson\n\nEvacuation under way\n")
    page = client.get(story.get_absolute_url()).content.decode()
    shown = box(page)
    assert "Evacuation under way" in shown and "2 dead" not in shown
    story.refresh_from_db()
    as_of = story.known_at.astimezone(story.tzinfo).strftime("%H:%M")
    assert re.search(rf"As of\s*<time[^>]*>{as_of}</time>", shown)
    ld = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)[1]
    assert "Water reached Kherson; Evacuation under way" in json.loads(ld)["description"]
    api = client.get(f"/api/stories/{story.slug}").json()
    assert api["what_we_know"]["points"] == ["Water reached Kherson", "Evacuation under way"]

    history = client.get(f"/stories/{story.slug}/what-we-know/")
    assert history.status_code == 200 and "public" in history["Cache-Control"]
    html = history.content.decode()
    assert html.index("Evacuation under way") < html.index("2 dead")  # newest first
    assert SummaryVersion.objects.filter(story=story).count() == 2


@pytest.mark.django_db
def test_an_open_page_gets_the_new_box_at_its_next_poll(
    client, editor_client, django_capture_on_commit_callbacks
):
    story = make_story()
    since = story_version(story)
    with django_capture_on_commit_callbacks(execute=True):
        save_points(editor_client, story, "Ceasefire announced for noon")
    answer = client.get(f"/stories/{story.slug}/poll/?since={since}", headers=HX)
    html = answer.content.decode()
    assert 'id="what-we-know"' in html and 'data-hx-swap-oob="true"' in box(html)
    assert "Ceasefire announced for noon" in box(html)


@pytest.mark.django_db
def test_too_many_or_too_long_points_are_refused_with_the_text_kept(editor_client):
    story = make_story()
    points = "\n".join(f"Point {n}" for n in range(11))
    response = save_points(editor_client, story, points, **HX)
    assert response.status_code == 422
    assert "At most 10 points" in response.content.decode()
    assert "Point 10" in response.content.decode()
    assert save_points(editor_client, story, "x" * 301, **HX).status_code == 422
    assert Story.objects.get(pk=story.pk).known_points == ""


@pytest.mark.django_db
def test_the_history_of_a_draft_story_is_not_found(client):
    story = make_story(status=Story.Status.DRAFT)
    assert client.get(f"/stories/{story.slug}/what-we-know/").status_code == 404

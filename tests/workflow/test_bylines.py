"""Bylines: several authors, filing on behalf of a colleague, shown on every surface."""

import json
import re

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.test import Client

from stories.models import Update, UpdateTransition
from tests.support.desk_helpers import compose_data, desk_url, edit_data
from tests.support.factories import make_story, make_update, make_user


@pytest.fixture
def newsroom(db):
    story = make_story(title="Harbour fire", slug="harbour-fire")
    people = {
        "editor": make_user(role="Editor", first_name="Alex", last_name="Morgan"),
        "journalist": make_user(role="Journalist", first_name="Sam", last_name="Okafor"),
        "stringer": make_user(role="Contributor", first_name="Dana", last_name="Reyes"),
    }
    return story, people


def client_of(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def json_ld(html: str) -> list[dict]:
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    return [json.loads(block) for block in blocks]


@pytest.mark.django_db
def test_an_editor_files_on_behalf_of_a_colleague_and_the_history_records_the_editor(
    client, newsroom
):
    story, people = newsroom
    data = compose_data(
        body="Fire crews have contained the blaze at pier four.",
        on_behalf_of=str(people["journalist"].pk),
        co_authors=str(people["stringer"].pk),
    )
    assert client_of(people["editor"]).post(desk_url(story, "post"), data).status_code == 302
    update = Update.objects.get()
    assert update.author == people["journalist"]
    assert update.byline_names == ["Sam Okafor", "Dana Reyes"]
    added = LogEntry.objects.get(object_id=str(update.pk), action_flag=ADDITION)
    assert added.user == people["editor"]
    messages = [e.get_change_message() for e in LogEntry.objects.filter(user=people["editor"])]
    assert "Filed on behalf of Sam Okafor." in messages
    assert UpdateTransition.objects.get(update=update).made_by == people["editor"]

    page = client.get(story.get_absolute_url()).content.decode()
    assert "By Sam Okafor, Dana Reyes" in page
    posting = next(data for data in json_ld(page) if data["@type"] == "LiveBlogPosting")
    assert posting["liveBlogUpdate"][0]["author"] == [
        {"@type": "Person", "name": "Sam Okafor"},
        {"@type": "Person", "name": "Dana Reyes"},
    ]
    feed = client.get(f"/stories/{story.slug}/feed/").content.decode()
    entry = feed.split("<entry>")[1]
    assert re.findall(r"<author><name>(.*?)</name>", entry) == ["Sam Okafor", "Dana Reyes"]
    api = client.get(f"/api/stories/{story.slug}/updates").json()
    assert api["updates"][0]["authors"] == ["Sam Okafor", "Dana Reyes"]
    assert api["updates"][0]["author"] == "Sam Okafor"


@pytest.mark.django_db
def test_only_editors_may_file_for_others(newsroom):
    story, people = newsroom
    page = client_of(people["journalist"]).get(desk_url(story)).content.decode()
    assert 'name="on_behalf_of"' not in page
    data = compose_data(body="My own report", on_behalf_of=str(people["editor"].pk))
    client_of(people["journalist"]).post(desk_url(story, "post"), data)
    assert Update.objects.get(body="My own report").author == people["journalist"]


@pytest.mark.django_db
def test_a_change_of_byline_shows_on_the_cached_page(client, newsroom):
    story, people = newsroom
    update = make_update(story, author=people["journalist"], body="Smoke over the port")
    assert "By Sam Okafor</span>" in client.get(story.get_absolute_url()).content.decode()
    data = edit_data(update, co_authors=str(people["stringer"].pk))
    client_of(people["journalist"]).post(desk_url(story, "edit", update.pk), data)
    assert "By Sam Okafor, Dana Reyes" in client.get(story.get_absolute_url()).content.decode()
    # A co-author's new name reaches the page too (the fragment key has the names).
    people["stringer"].last_name = "Reyes-Ortiz"
    people["stringer"].save()
    page = client.get(f"{story.get_absolute_url()}?page-variant").content.decode()
    assert "By Sam Okafor, Dana Reyes-Ortiz" in page

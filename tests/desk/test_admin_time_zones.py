"""The stock admin shows and reads times in the story's time zone, as the desk does."""

import re
from datetime import UTC, datetime

import pytest
from django.test import Client

from stories.models import Update
from tests.support.desk_helpers import HX, story_version
from tests.support.factories import make_claim, make_story, make_update, make_user

# 08:00:05.123456 UTC is 10:00:05 in Kyiv (EET, UTC+2) in January.
PUBLISHED = datetime(2026, 1, 10, 8, 0, 5, 123456, tzinfo=UTC)


@pytest.fixture
def editor(db):
    return make_user(role="Editor")


@pytest.fixture
def story(db):
    return make_story(title="Shelling in Kharkiv", time_zone="Europe/Kyiv")


@pytest.fixture
def update(story, editor):
    return make_update(story, author=editor, body="Sirens in the city.", published_at=PUBLISHED)


def form_values(html: str) -> dict:
    """The change form's fields as the page shows them, to post back as a user would."""
    inputs = r'<input type="(?:text|hidden|number)" name="([^"]+)" value="([^"]*)"'
    values = dict(re.findall(inputs, html))
    for name, select in re.findall(r'<select name="([^"]+)"(.*?)</select>', html, re.S):
        if " multiple" in select.split(">", 1)[0]:
            continue  # nothing chosen in a multiple select posts nothing at all
        chosen = re.search(r'<option value="([^"]*)" selected', select)
        values[name] = chosen[1] if chosen else ""
    values |= {
        name: text.strip()
        for name, text in re.findall(r'<textarea name="([^"]+)"[^>]*>(.*?)</textarea>', html, re.S)
    }
    return values


def change_page(client, update) -> str:
    return client.get(f"/admin/stories/update/{update.pk}/change/").content.decode()


@pytest.mark.django_db
def test_update_change_page_shows_the_time_in_the_story_time_zone(client, editor, update):
    client.force_login(editor)
    html = change_page(client, update)
    values = form_values(html)
    assert values["published_at_0"] == "10/01/2026"
    assert values["published_at_1"] == "10:00:05"
    assert "Times are in Europe/Kyiv." in html


@pytest.mark.django_db
def test_a_time_typed_in_the_admin_is_read_in_the_story_time_zone(client, editor, update):
    client.force_login(editor)
    values = form_values(change_page(client, update))
    values["published_at_1"] = "09:30:00"  # backdated half an hour, Kyiv time
    response = client.post(f"/admin/stories/update/{update.pk}/change/", values)
    assert response.status_code == 302, response.content.decode()[:2000]
    update.refresh_from_db()
    assert update.published_at == datetime(2026, 1, 10, 7, 30, tzinfo=UTC)


@pytest.mark.django_db
def test_pinning_in_the_admin_keeps_the_exact_time_and_is_no_edit_for_readers(
    client, editor, story, update
):
    client.force_login(editor)
    since = story_version(story)
    values = form_values(change_page(client, update)) | {"is_pinned": "on"}
    response = client.post(f"/admin/stories/update/{update.pk}/change/", values)
    assert response.status_code == 302, response.content.decode()[:2000]
    update.refresh_from_db()
    assert update.is_pinned
    assert update.published_at == PUBLISHED
    assert update.edited_at is None
    poll = Client().get(f"/stories/{story.slug}/poll/?since={since}", headers=HX)
    assert "Sirens in the city." in poll.content.decode()
    assert "Updated" not in poll.content.decode()


@pytest.mark.django_db
def test_claim_change_page_reads_when_the_source_said_it_in_the_story_time_zone(
    client, editor, update
):
    client.force_login(editor)
    claim = make_claim(update, stated_at=PUBLISHED)
    html = client.get(f"/admin/stories/claim/{claim.pk}/change/").content.decode()
    assert form_values(html)["stated_at_1"] == "10:00:05"


@pytest.mark.django_db
def test_admin_lists_show_update_times_in_the_story_time_zone(client, editor, update):
    client.force_login(editor)
    stories = client.get("/admin/stories/story/").content.decode()
    assert "10 Jan 2026, 10:00 EET" in stories
    updates = client.get("/admin/stories/update/").content.decode()
    assert "10 Jan 2026, 10:00 EET" in updates


@pytest.mark.django_db
def test_admin_change_page_of_a_missing_update_is_not_an_error(client, editor):
    client.force_login(editor)
    for object_id in ("999999", "not-a-number"):
        response = client.get(f"/admin/stories/update/{object_id}/change/")
        assert response.status_code == 302  # the admin's "does not exist" redirect
    assert not Update.objects.exists()

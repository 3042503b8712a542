"""A story's pages speak the story's language, whoever reads them; the admin speaks the
editor's. Public pages never vary on the reader's Accept-Language, so they stay cacheable."""

from datetime import UTC, datetime

import feedparser
import pytest
from django.utils import translation

from tests.support.factories import make_claim, make_story, make_update, make_user

NOON = datetime(2025, 11, 26, 12, 0, tzinfo=UTC)


@pytest.fixture
def kyiv_story():
    story = make_story(slug="kharkiv", language="uk", time_zone="Europe/Kyiv")
    update = make_update(story, body="Світло повернулося.", published_at=NOON, is_key_event=True)
    make_claim(update, text="Електрику відновлено.", status="confirmed")
    return story


def get(client, url: str, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == 200, url
    return response


def assert_not_varying_on_language(response):
    assert "accept-language" not in response.get("Vary", "").lower()
    assert "set-cookie" not in {name.lower() for name in response.headers}


@pytest.mark.django_db
def test_a_ukrainian_story_page_is_in_ukrainian_whatever_the_reader_asks(client, kyiv_story):
    for accept in ("en-GB,en;q=0.9", "uk", "fr"):
        response = get(client, "/stories/kharkiv/", accept_language=accept)
        html = response.content.decode()
        assert '<html lang="uk">' in html
        assert "Ключові події" in html and "Key events" not in html
        # 14:00 in Kyiv, the month in the genitive as Ukrainian writes dates.
        assert "26 листопада 2025, 14:00" in html
        assert "Підтверджено" in html
        assert response["Content-Language"] == "uk"
        assert_not_varying_on_language(response)


@pytest.mark.django_db
def test_an_english_story_stays_english_for_a_reader_whose_browser_asks_for_ukrainian(client):
    story = make_story(slug="storm")
    make_update(story, published_at=NOON, is_key_event=True)
    response = get(client, "/stories/storm/", accept_language="uk")
    html = response.content.decode()
    assert '<html lang="en-gb">' in html
    assert "Key events" in html and "26 Nov 2025, 12:00" in html
    assert_not_varying_on_language(response)
    home = get(client, "/", accept_language="uk")
    assert "Stories" in home.content.decode()
    assert_not_varying_on_language(home)


@pytest.mark.django_db
def test_every_page_of_a_ukrainian_story_is_in_ukrainian(client, kyiv_story):
    update = kyiv_story.updates.get()
    for url in (
        f"/stories/kharkiv/updates/{update.pk}/",
        "/stories/kharkiv/sources/",
        "/stories/kharkiv/embed/",
    ):
        html = get(client, url, accept_language="en").content.decode()
        assert '<html lang="uk">' in html, url
        assert "Посилання на це оновлення" in html or "Хто що сказав" in html, url
    poll = get(client, "/stories/kharkiv/poll/?since=0", hx_request="true")
    assert "Посилання на це оновлення" in poll.content.decode()
    feed = feedparser.parse(get(client, "/stories/kharkiv/feed/").content)
    assert feed.feed.language == "uk"


@pytest.mark.django_db
def test_the_same_update_is_rendered_apart_for_each_language(client, kyiv_story):
    # The fragment cache keys updates by language: switching the story's language shows
    # the new one at once, never the HTML cached in the other.
    assert "Посилання на це оновлення" in get(client, "/stories/kharkiv/").content.decode()
    kyiv_story.language = "en-gb"
    kyiv_story.save()
    html = get(client, "/stories/kharkiv/").content.decode()
    assert "Link to this update" in html and "Посилання на це оновлення" not in html


@pytest.mark.django_db
def test_the_admin_and_desk_follow_the_editors_browser(client, kyiv_story):
    client.force_login(make_user(role="Editor"))
    desk = f"/admin/stories/story/{kyiv_story.pk}/desk/"
    ukrainian = get(client, desk, accept_language="uk")
    assert "Нове оновлення" in ukrainian.content.decode()
    assert "accept-language" in ukrainian["Vary"].lower()
    english = get(client, desk, accept_language="en-US,en;q=0.8")
    assert "New update" in english.content.decode()
    assert "Редакція" in get(client, "/admin/", accept_language="uk").content.decode()
    # A request never leaves its language behind for the next one in the same thread.
    assert translation.get_language() in ("en-gb", None)


@pytest.mark.django_db
def test_a_story_language_must_be_one_the_interface_speaks(client):
    from django.core.exceptions import ValidationError

    story = make_story(language="xx")
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "language" in error.value.message_dict

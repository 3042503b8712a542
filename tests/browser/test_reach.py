"""In a real browser: a story in Ukrainian for a reader whose browser speaks English, the
desk in the editor's language, and an API token issued in the admin that a field tool
then posts with, the reader's open page showing the update."""

from datetime import timedelta

import requests
from django.utils import timezone

from stories.models import Update
from tests.browser.login import log_in
from tests.support.factories import make_story, make_update, make_user


def test_a_ukrainian_story_reads_in_ukrainian_to_an_english_browser(live_server, browser, roles):
    story = make_story(slug="kharkiv", language="uk", time_zone="Europe/Kyiv")
    make_update(
        story,
        body="Світло повернулося.",
        published_at=timezone.now() - timedelta(hours=2),
        is_key_event=True,
    )
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(f"{live_server.url}/stories/kharkiv/")
    assert page.locator("html").get_attribute("lang") == "uk"
    assert page.get_by_role("heading", name="Ключові події").is_visible()
    # The relative time is written by the browser's Intl, in the page's language.
    relative = page.locator(".update .relative-time").first
    relative.wait_for()
    page.wait_for_function("document.querySelector('.update .relative-time').textContent !== ''")
    assert "тому" in relative.text_content()
    context.close()


def test_the_desk_follows_the_editors_browser_language(live_server, browser, roles):
    editor = make_user(role="Editor")
    story = make_story(slug="front")
    context = browser.new_context(locale="uk-UA")
    page = context.new_page()
    log_in(page, live_server, editor, f"/admin/stories/story/{story.pk}/desk/")
    assert page.get_by_role("heading", name="Нове оновлення").is_visible()
    context.close()


def test_a_token_from_the_admin_posts_and_the_open_page_shows_it(live_server, page, roles):
    journalist = make_user(role="Journalist")
    story = make_story(slug="front", poll_interval=2)
    make_update(story, body="First update")
    log_in(page, live_server, journalist, "/admin/stories/apitoken/add/")
    page.fill("#id_name", "Field phone")
    page.click("input[name=_save]")
    secret = page.locator("#api-token-secret").input_value()
    assert secret.startswith("lbt_")
    page.goto(f"{live_server.url}/stories/front/")
    response = requests.post(
        f"{live_server.url}/api/stories/front/updates",
        json={
            "body": "Filed from the field app",
            "claims": [{"source": "Police", "text": "Road shut"}],
        },
        headers={"Authorization": f"Bearer {secret}"},
        timeout=10,
    )
    assert response.status_code == 201, response.text
    # The reader's open page gets it at its next poll, with its claim.
    page.get_by_text("Filed from the field app").wait_for()
    assert page.get_by_text("Road shut").is_visible()
    assert Update.objects.get(body="Filed from the field app").author == journalist

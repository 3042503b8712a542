"""The story list in a real browser."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from tests.support.factories import make_story, make_update


def test_latest_update_time_and_its_relative_form_are_kept_apart(live_server, page):
    story = make_story(title="Storm reaches the coast")
    make_update(story, published_at=timezone.now() - timedelta(minutes=30))
    page.goto(f"{live_server.url}/")
    relative = page.locator(".story-card .relative-time")
    expect(relative).to_have_text("30 minutes ago")
    separator = relative.evaluate("el => getComputedStyle(el, '::before').content")
    assert separator == '"· "'

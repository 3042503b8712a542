"""The stream's filters in a real browser: plain links without JavaScript, live with it."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from stories.models import Tag
from tests.browser.test_reader_live import WATCH_POLLS, polls_sent, wait_for_a_poll_sent_after
from tests.browser.waiting import EVENTUALLY, reported_delay
from tests.support.factories import make_story, make_update

POLL_INTERVAL = 2


def tagged(story, *tags, **fields):
    with transaction.atomic():
        update = make_update(story, **fields)
        update.tags.set(tags)
    return update


def test_filter_links_work_without_javascript(live_server, browser):
    story = make_story(poll_interval=POLL_INTERVAL)
    shelling = Tag.objects.create(name="Shelling")
    earlier = timezone.now() - timedelta(minutes=10)
    key = tagged(story, shelling, body="Shells hit the bridge", is_key_event=True)
    plain = make_update(story, body="Quiet night in the centre", published_at=earlier)
    other_key = make_update(story, body="Curfew extended", is_key_event=True)
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(f"{live_server.url}{story.get_absolute_url()}")
        page.get_by_role("link", name="Key events only").click()
        assert "key=1" in page.url
        expect(page.locator(f"#update-{key.pk}")).to_be_visible()
        expect(page.locator(f"#update-{other_key.pk}")).to_be_visible()
        expect(page.locator(f"#update-{plain.pk}")).to_have_count(0)
        page.locator(f"#update-{key.pk}").get_by_role("link", name="Shelling").click()
        assert page.url.endswith("?tag=shelling")
        expect(page.locator(".stream-filter-note")).to_contain_text("Shelling")
        expect(page.locator("article.update")).to_have_count(1)
        page.get_by_role("link", name="Oldest first").click()
        assert "tag=shelling" in page.url and "order=oldest" in page.url
        expect(page.locator(f"#update-{key.pk}")).to_be_visible()
    finally:
        context.close()


def test_an_oldest_first_tag_page_gets_a_matching_update_once_at_the_end(live_server, page):
    story = make_story(poll_interval=POLL_INTERVAL)
    shelling = Tag.objects.create(name="Shelling")
    first = tagged(
        story, shelling, body="First shells", published_at=timezone.now() - timedelta(hours=1)
    )
    page.add_init_script(WATCH_POLLS)
    page.goto(f"{live_server.url}{story.get_absolute_url()}?tag=shelling&order=oldest")
    expect(page.locator(f"#update-{first.pk}")).to_be_visible()
    assert "tag=shelling" in page.locator("#poller").get_attribute("data-hx-get")

    unrelated = make_update(story, body="Power is back in the east")
    with reported_delay("tag filter: matching update reached an oldest-first page (ms)"):
        newer = tagged(story, shelling, body="More shells in the south")
        expect(page.locator(f"#update-{newer.pk}")).to_be_visible(timeout=EVENTUALLY)
    # At the end, after the older one; the unrelated update never shows.
    ids = page.eval_on_selector_all("#stream > article.update", "els => els.map(e => e.id)")
    assert ids == [f"update-{first.pk}", f"update-{newer.pk}"]
    expect(page.locator(f"#update-{unrelated.pk}")).to_have_count(0)
    # Later polls bring nothing twice.
    wait_for_a_poll_sent_after(page, polls_sent(page))
    wait_for_a_poll_sent_after(page, polls_sent(page))
    expect(page.locator(f"#update-{newer.pk}")).to_have_count(1)

    # Its tag taken off, it leaves the filtered page.
    with transaction.atomic():
        newer.save()
        newer.tags.clear()
    expect(page.locator(f"#update-{newer.pk}")).to_have_count(0, timeout=EVENTUALLY)
    expect(page.locator(f"#update-{first.pk}")).to_be_visible()

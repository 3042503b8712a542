"""A reader's open story page follows the story by itself, in a real browser.

Stories here poll every 2 seconds. Tests wait for what a poll brings up to a generous
deadline and report how long it took (tests/browser/waiting.py); what must not happen
is checked after polls the page is seen to send, counted inside the browser.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone
from playwright.sync_api import expect

from stories.models import Story
from tests.browser.waiting import AFTER_BACK_OFF, EVENTUALLY, reported_delay
from tests.support.factories import make_story, make_update

INTERVAL = 2

# Counts the poll requests the page sends (after htmx:beforeRequest let them through)
# and the highest-numbered one answered, so a test can wait for "a poll sent after this
# point has been answered and applied" instead of for a length of time.
WATCH_POLLS = """(() => {
  window.__polls = {sent: 0, inFlight: 0, answered: 0};
  const open = XMLHttpRequest.prototype.open;
  const send = XMLHttpRequest.prototype.send;
  XMLHttpRequest.prototype.open = function (method, url) {
    this.isPoll = String(url).includes("/poll/");
    return open.apply(this, arguments);
  };
  XMLHttpRequest.prototype.send = function () {
    if (this.isPoll) {
      const number = ++window.__polls.sent;
      window.__polls.inFlight++;
      // loadend comes after htmx has handled the answer (on load).
      this.addEventListener("loadend", () => {
        window.__polls.inFlight--;
        window.__polls.answered = Math.max(window.__polls.answered, number);
      });
    }
    return send.apply(this, arguments);
  };
})();"""

SHOW = "window.__hidden = false; document.dispatchEvent(new Event('visibilitychange'))"
HIDE = "window.__hidden = true; document.dispatchEvent(new Event('visibilitychange'))"


def polls_sent(page) -> int:
    return page.evaluate("window.__polls.sent")


def wait_for_a_poll_sent_after(page, sent: int) -> None:
    """Wait until a poll sent after the first ``sent`` ones has been answered."""
    page.wait_for_function("n => window.__polls.answered > n", arg=sent, timeout=EVENTUALLY)


def wait_until_no_poll_is_in_flight(page) -> None:
    page.wait_for_function("() => window.__polls.inFlight === 0", timeout=EVENTUALLY)


def open_story(page, live_server, story):
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator("#poller")).to_have_attribute("data-hx-trigger", re.compile("every"))


def assert_no_duplicate_ids(page):
    ids = page.eval_on_selector_all("[id^=update-]", "els => els.map(e => e.id)")
    assert len(ids) == len(set(ids)), ids


@pytest.fixture
def story(db):
    story = make_story(poll_interval=INTERVAL, title="Storm reaches the coast")
    make_update(story, body="Winds are rising.", published_at=timezone.now() - timedelta(minutes=5))
    return story


def test_created_edited_and_deleted_updates_reach_an_open_page(live_server, page, story):
    open_story(page, live_server, story)

    update = make_update(story, headline="Bridge closed", body="The coast road bridge is shut.")
    article = page.locator(f"#update-{update.pk}")
    with reported_delay("live delay (ms): a new update to an open page"):
        expect(article).to_contain_text("Bridge closed", timeout=EVENTUALLY)
    # Newest first: the new update is the first in the stream.
    expect(page.locator("#stream > article.update").first).to_have_id(f"update-{update.pk}")

    update.body = "The coast road bridge has reopened."
    update.correction_note = "The bridge reopened at noon."
    update.save()
    with reported_delay("live delay (ms): an edit to an open page"):
        expect(article).to_contain_text("has reopened", timeout=EVENTUALLY)
    expect(article).to_contain_text("The bridge reopened at noon.")
    expect(article.locator(".update-edited")).to_contain_text("Updated")

    update.delete()
    with reported_delay("live delay (ms): a deletion to an open page"):
        expect(article).to_have_count(0, timeout=EVENTUALLY)
    assert_no_duplicate_ids(page)


def test_backdated_update_lands_in_time_order_not_at_the_top(live_server, page, story):
    newest = make_update(story, body="Newest", published_at=timezone.now() - timedelta(minutes=1))
    open_story(page, live_server, story)
    backdated = make_update(
        story, body="Backdated", published_at=timezone.now() - timedelta(minutes=3)
    )
    expect(page.locator(f"#update-{backdated.pk}")).to_be_attached(timeout=EVENTUALLY)
    order = page.eval_on_selector_all("#stream > article.update", "els => els.map(e => e.id)")
    assert order.index(f"update-{newest.pk}") < order.index(f"update-{backdated.pk}")
    # Its relative time is written by the browser too.
    expect(page.locator(f"#update-{backdated.pk} .relative-time")).to_have_text("3 minutes ago")


def test_an_update_whose_time_is_corrected_moves_to_its_new_place(live_server, page, story):
    now = timezone.now()
    older = make_update(story, body="Older", published_at=now - timedelta(minutes=3))
    mistimed = make_update(story, body="Mistimed", published_at=now - timedelta(minutes=1))
    open_story(page, live_server, story)
    order = "els => els.map(e => e.id)"
    rows = page.eval_on_selector_all("#stream > article.update", order)
    assert rows.index(f"update-{mistimed.pk}") < rows.index(f"update-{older.pk}")

    mistimed.published_at = now - timedelta(minutes=4)
    mistimed.body = "Retimed"
    mistimed.save()
    expect(page.locator(f"#update-{mistimed.pk}")).to_contain_text("Retimed", timeout=EVENTUALLY)
    rows = page.eval_on_selector_all("#stream > article.update", order)
    assert rows.index(f"update-{older.pk}") < rows.index(f"update-{mistimed.pk}"), rows
    assert_no_duplicate_ids(page)


def test_scheduled_update_appears_when_it_becomes_due(live_server, page, story):
    page.add_init_script(WATCH_POLLS)
    open_story(page, live_server, story)
    due = timezone.now() + timedelta(seconds=5)
    scheduled = make_update(story, body="Scheduled note", published_at=due)
    wait_for_a_poll_sent_after(page, polls_sent(page))
    shown_early = page.locator(f"#update-{scheduled.pk}").count()
    checked_at = timezone.now()
    # Only a check made before its time says anything (a slow machine may be past it).
    assert shown_early == 0 or checked_at >= due, "shown before it was due"
    expect(page.locator(f"#update-{scheduled.pk}")).to_be_attached(timeout=EVENTUALLY)


def test_scrolled_reader_gets_a_new_updates_button_and_keeps_their_place(live_server, page, story):
    for i in range(25):
        make_update(story, body=f"Earlier report {i}\n\n" + "Long paragraph. " * 40)
    page.set_viewport_size({"width": 400, "height": 700})
    open_story(page, live_server, story)
    # At once, where a wheel scrolls smoothly over an unknown time.
    page.evaluate("window.scrollTo(0, 3000)")
    scroll_before = page.evaluate("window.scrollY")
    assert scroll_before > 0
    # In one commit, so one poll brings both (the announcement counts per poll).
    with transaction.atomic():
        first = make_update(story, body="First fresh report")
        second = make_update(story, body="Second fresh report")

    button = page.locator("#new-updates")
    expect(button).to_have_text("2 new updates", timeout=EVENTUALLY)
    # Nothing was inserted above the reader, so the text did not move.
    expect(page.locator(f"#update-{first.pk}")).to_have_count(0)
    assert abs(page.evaluate("window.scrollY") - scroll_before) < 5
    expect(page.locator("#stream-announcer")).to_have_text("2 new updates")

    button.click()
    expect(button).to_be_hidden()
    # Held updates say how old they are as soon as they are shown, not 30 s later: the
    # click's handler hides the button and writes the times in one go, so once the
    # button is hidden the time is there, without waiting (a wait could see a later
    # refresh instead).
    assert page.locator(f"#update-{second.pk} .relative-time").text_content() == "now"
    expect(page.locator(f"#update-{second.pk}")).to_be_focused()
    expect(page.locator(f"#update-{first.pk}")).to_be_attached()
    assert_no_duplicate_ids(page)


def test_polling_pauses_while_hidden_and_catches_up_when_visible(live_server, context, story):
    page = context.new_page()
    page.add_init_script(
        """
        window.__hidden = false;
        Object.defineProperty(document, "hidden", {get: () => window.__hidden});
        Object.defineProperty(document, "visibilityState",
            {get: () => (window.__hidden ? "hidden" : "visible")});
        """
    )
    page.add_init_script(WATCH_POLLS)
    open_story(page, live_server, story)
    page.evaluate(HIDE)
    # A poll sent before the tab was hidden could still bring what is posted next.
    wait_until_no_poll_is_in_flight(page)
    sent = polls_sent(page)
    update = make_update(story, body="Posted while the tab was hidden")
    # Two ticks' worth: none of them may poll (a slow machine only makes fewer ticks).
    page.wait_for_timeout(INTERVAL * 1000 * 2 + 500)
    assert polls_sent(page) == sent
    expect(page.locator(f"#update-{update.pk}")).to_have_count(0)

    # At once, not at the next tick: the poll leaves within the visibilitychange
    # event itself, before any timer could run.
    assert page.evaluate(f"() => {{ {SHOW}; return window.__polls.sent; }}") == sent + 1
    expect(page.locator(f"#update-{update.pk}")).to_be_attached(timeout=EVENTUALLY)


def test_network_errors_show_reconnecting_and_the_page_catches_up(live_server, page, story):
    open_story(page, live_server, story)
    page.route("**/poll/**", lambda route: route.abort())
    reconnecting = page.locator("#reconnecting")
    expect(reconnecting).to_be_visible(timeout=EVENTUALLY)
    missed = make_update(story, body="Posted during the outage")
    page.unroute("**/poll/**")
    # Back-off doubles the interval after each failure before the page tries again.
    expect(page.locator(f"#update-{missed.pk}")).to_be_attached(timeout=AFTER_BACK_OFF)
    expect(reconnecting).to_be_hidden()


def test_server_errors_are_retried_without_breaking_the_page(live_server, page, story):
    open_story(page, live_server, story)
    page.route("**/poll/**", lambda route: route.fulfill(status=503, body="down"))
    expect(page.locator("#reconnecting")).to_be_visible(timeout=EVENTUALLY)
    page.unroute("**/poll/**")
    update = make_update(story, body="After the hiccup")
    expect(page.locator(f"#update-{update.pk}")).to_be_attached(timeout=AFTER_BACK_OFF)


def test_ended_story_stops_polling(live_server, page, story):
    page.add_init_script(WATCH_POLLS)
    open_story(page, live_server, story)
    story.status = Story.Status.ENDED
    story.save()
    expect(page.locator("#story-status")).to_contain_text("Coverage ended", timeout=EVENTUALLY)
    expect(page.locator("#poller")).not_to_have_attribute("data-hx-trigger", re.compile("every"))
    wait_until_no_poll_is_in_flight(page)
    sent = polls_sent(page)
    # Two ticks' worth: none of them may poll (a slow machine only makes fewer ticks).
    page.wait_for_timeout(INTERVAL * 1000 * 2)
    assert polls_sent(page) == sent


def test_page_is_readable_and_paginates_without_javascript(live_server, browser, story, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 5}
    for i in range(8):
        make_update(story, body=f"Report number {i}")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator("h1")).to_have_text("Storm reaches the coast")
    expect(page.locator("#stream > article.update")).to_have_count(5)
    page.locator("a.older-updates").click()
    expect(page.locator("#stream > article.update")).to_have_count(4)
    expect(page.locator("#stream")).to_contain_text("Winds are rising.")
    context.close()


def test_show_older_updates_loads_on_demand_with_javascript(live_server, page, story, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 5}
    for i in range(11):
        make_update(story, body=f"Report number {i}")
    open_story(page, live_server, story)
    # Reading down the page loads older updates as the end of the stream comes into view,
    # a page at a time: keep going to the end until all twelve are there.
    page.wait_for_function(
        """() => {
            window.scrollTo(0, document.body.scrollHeight);
            return document.querySelectorAll("#stream > article.update").length === 12;
        }""",
        polling=250,
        timeout=EVENTUALLY,
    )
    expect(page.locator("#stream > article.update")).to_have_count(12)
    expect(page.locator("a.older-updates")).to_have_count(0)
    assert_no_duplicate_ids(page)


def test_changes_made_in_the_admin_reach_an_open_page(live_server, browser, story):
    get_user_model().objects.create_superuser("chief", "chief@example.org", "a-long-password-1")
    reader = browser.new_context().new_page()
    open_story(reader, live_server, story)

    editor = browser.new_context().new_page()
    editor.goto(f"{live_server.url}/admin/login/")
    editor.fill("#id_username", "chief")
    editor.fill("#id_password", "a-long-password-1")
    editor.click("input[type=submit]")
    # The admin pre-fills a form from the query string.
    editor.goto(f"{live_server.url}/admin/stories/update/add/?story={story.pk}")
    editor.fill("#id_headline", "Posted from the admin")
    editor.fill("#id_body", "Power is out in the harbour district.")
    editor.click("input[name=_save]")
    expect(editor.locator(".messagelist")).to_contain_text("was added successfully")

    update = story.updates.get(headline="Posted from the admin")
    article = reader.locator(f"#update-{update.pk}")
    expect(article).to_contain_text("Power is out", timeout=EVENTUALLY)

    editor.goto(f"{live_server.url}/admin/stories/update/{update.pk}/change/")
    editor.fill("#id_body", "Power is back in the harbour district.")
    editor.click("input[name=_save]")
    expect(article).to_contain_text("Power is back", timeout=EVENTUALLY)

    editor.goto(f"{live_server.url}/admin/stories/update/{update.pk}/delete/")
    editor.click("input[type=submit]")
    expect(article).to_have_count(0, timeout=EVENTUALLY)
    assert_no_duplicate_ids(reader)


def test_a_page_opened_deeper_in_the_stream_takes_edits_but_not_newer_updates(
    live_server, page, story, settings
):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 3}
    old = [make_update(story, body=f"Old report {i}") for i in range(6)]
    deep = old[2]
    page.goto(f"{live_server.url}{story.get_absolute_url()}?before={deep.stream_position}")
    expect(page.locator("#stream > article.update").first).to_have_id(f"update-{deep.pk}")
    fresh = make_update(story, body="Fresh report")
    deep.body = "Old report, corrected"
    deep.save()
    expect(page.locator(f"#update-{deep.pk}")).to_contain_text("corrected", timeout=EVENTUALLY)
    expect(page.locator(f"#update-{fresh.pk}")).to_have_count(0)
    expect(page.locator("#new-updates")).to_be_hidden()

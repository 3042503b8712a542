"""One thread's verdict reaching open pages of two stories, and its banner, live.

A thread quoted in two stories is marked false once. Each story's open page must show
the new status and the verdict banner at its next poll, without a reload, and receive
the update carrying it exactly once (counted over every poll answer the page gets).
"""

import re

from playwright.sync_api import expect

from stories.models import ClaimThread
from tests.browser.waiting import EVENTUALLY, reported_delay
from tests.support.factories import make_claim, make_source, make_story, make_update

POLL_INTERVAL = 2
BANNER = "A claim in this update has since been found false"


def open_story(context, live_server, story, update_id):
    """A page on the story, counting the poll answers that carry the update."""
    page = context.new_page()
    carried = []

    def count(response):
        is_poll = "/poll/" in response.url and response.status == 200
        if is_poll and f'id="update-{update_id}"' in response.text():
            carried.append(response.url)

    page.on("response", count)
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.evaluate("window.stillTheSamePage = true")
    return page, carried


def test_one_status_change_reaches_two_stories_open_pages_once_each(live_server, context):
    first_story = make_story(poll_interval=POLL_INTERVAL, title="Front line")
    second_story = make_story(poll_interval=POLL_INTERVAL, title="Eastern towns")
    claim = make_claim(
        make_update(first_story), source=make_source(name="Army"), text="The dam was blown up"
    )
    thread = claim.thread
    repeat = make_claim(
        make_update(second_story),
        source=make_source(name="Governor"),
        text="Dam destroyed",
        thread=thread,
    )
    pages = [
        open_story(context, live_server, first_story, claim.update_id),
        open_story(context, live_server, second_story, repeat.update_id),
    ]
    for (page, _), item in zip(pages, (claim, repeat), strict=True):
        expect(page.locator(f"#claim-{item.pk}")).to_have_attribute("data-status", "unverified")
        expect(page.get_by_text(BANNER)).to_have_count(0)

    thread.status, thread.note = ClaimThread.Status.FALSE, "Drone video shows the dam intact."
    thread.save()

    for (page, _carried), item, name in zip(
        pages, (claim, repeat), ("first", "second"), strict=True
    ):
        with reported_delay(f"live delay (ms): a thread's verdict to the {name} story's open page"):
            expect(page.locator(f"#claim-{item.pk}")).to_have_attribute(
                "data-status", "false", timeout=EVENTUALLY
            )
        expect(page.locator(f"#update-{item.update_id} .verdict-banner")).to_contain_text(BANNER)
        expect(page.locator(f"#update-{item.update_id}")).to_have_count(1)
        assert page.evaluate("window.stillTheSamePage") is True
    # One more poll each, which must not bring the update again.
    for page, carried in pages:
        page.wait_for_event(
            "response", lambda response: "/poll/" in response.url, timeout=EVENTUALLY
        )
        assert len(carried) == 1, carried
    link = pages[0][0].locator(f"#update-{claim.update_id} .verdict-banner a")
    expect(link).to_have_attribute("href", re.compile(rf"/claims/{thread.pk}/$"))

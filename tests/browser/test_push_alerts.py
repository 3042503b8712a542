"""Push alerts in Chromium, from the button to the opened permalink.

Headless Chromium cannot reach a real push service, so the test stands in for it at
both ends: the page's ``PushManager`` hands out a subscription whose keys the test holds
(an init script), and a local HTTP server plays the push service. Everything between is
the real thing: the button posts the subscription, publishing a key event queues the
alert, the job encrypts and sends it, the test decrypts what the stand-in received and
delivers it to the service worker through the DevTools protocol
(``ServiceWorker.deliverPushMessage``), the worker shows the notification, and a click
on it opens the update's permalink. The protocol has no way to click a notification, so
the click is a ``notificationclick`` event dispatched inside the worker, on the very
notification it showed.
"""

import json
import time

import pytest
from playwright.sync_api import expect

from stories.models import PushSubscription, Story
from tests.browser.waiting import EVENTUALLY
from tests.support.factories import make_story, make_update
from tests.support.push import make_browser
from tests.support.receivers import receiver
from tests.support.tasks import run_queued_tasks

__all__ = ["receiver"]

# A PushManager that subscribes without a push service: the subscription is the test's.
FAKE_PUSH_MANAGER = """(subscription) => {
  let current = null;
  PushManager.prototype.subscribe = async function (options) {
    current = {
      endpoint: subscription.endpoint,
      options: options,
      toJSON: () => subscription,
      unsubscribe: async () => { current = null; return true; },
    };
    return current;
  };
  PushManager.prototype.getSubscription = async function () { return current; };
}"""

NOTIFICATIONS = """async () => {
  const registration = await navigator.serviceWorker.ready;
  const shown = await registration.getNotifications();
  return shown.map((n) => ({title: n.title, body: n.body, tag: n.tag, url: n.data.url}));
}"""

CLICK_NOTIFICATION = """async () => {
  const [notification] = await self.registration.getNotifications();
  self.dispatchEvent(new NotificationEvent("notificationclick", {notification}));
}"""


def registration_id(page, cdp) -> str:
    """The service worker's registration, as the protocol reports it once enabled."""
    found = []
    cdp.on(
        "ServiceWorker.workerRegistrationUpdated",
        lambda event: found.extend(r["registrationId"] for r in event["registrations"]),
    )
    cdp.send("ServiceWorker.enable")
    deadline = time.monotonic() + EVENTUALLY / 1000
    while not found and time.monotonic() < deadline:
        page.evaluate("0")  # a round trip, during which the protocol's events arrive
    assert found, "no service worker registration reported"
    return found[0]


def shown_notifications(page) -> list[dict]:
    """The notifications the worker shows, once it shows any."""
    deadline = time.monotonic() + EVENTUALLY / 1000
    shown = page.evaluate(NOTIFICATIONS)
    while not shown and time.monotonic() < deadline:
        shown = page.evaluate(NOTIFICATIONS)
    return shown


@pytest.fixture
def subscribed_page(live_server, context, page, receiver, vapid_keys, csp_violations):
    """A live story's page whose reader has pressed "Notify me of key events"."""
    story = make_story(title="Flooding in the delta")
    browser_keys = make_browser(f"{receiver.url}/push/reader")
    context.grant_permissions(["notifications"], origin=live_server.url)
    page.add_init_script(f"({FAKE_PUSH_MANAGER})({json.dumps(browser_keys.subscription_json())})")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    page.get_by_role("button", name="Notify me of key events").click()
    expect(page.get_by_role("status").filter(has_text="You will be notified")).to_be_visible()
    expect(page.get_by_role("button", name="Stop notifications")).to_be_visible()
    # The worker took control of the page (clients.claim()), as it will of new ones.
    page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=EVENTUALLY)
    return story, browser_keys


def test_a_key_event_reaches_the_service_worker_and_a_click_opens_its_permalink(
    live_server, context, page, receiver, subscribed_page, csp_violations
):
    story, browser_keys = subscribed_page
    assert PushSubscription.objects.get(story=story).endpoint == browser_keys.endpoint
    update = make_update(story, headline="Levee holds at the northern bend", is_key_event=True)
    run_queued_tasks()
    [pushed] = receiver.requests
    payload = browser_keys.decrypt(pushed.body).decode()

    cdp = context.new_cdp_session(page)
    registration = registration_id(page, cdp)
    cdp.send(
        "ServiceWorker.deliverPushMessage",
        {"origin": live_server.url, "registrationId": registration, "data": payload},
    )
    permalink = f"{live_server.url}/stories/{story.slug}/updates/{update.pk}/"
    assert shown_notifications(page) == [
        {
            "title": "Levee holds at the northern bend",
            "body": "Flooding in the delta",
            "tag": f"update-{update.pk}",
            "url": permalink,
        }
    ]
    [worker] = context.service_workers
    worker.evaluate(CLICK_NOTIFICATION)
    page.wait_for_url(permalink, timeout=EVENTUALLY)
    expect(page.locator(f"#update-{update.pk}")).to_contain_text("Levee holds")
    assert csp_violations == []


def test_the_reader_stops_the_alerts_from_the_page(subscribed_page, page, csp_violations):
    story, _browser_keys = subscribed_page
    assert PushSubscription.objects.filter(story=story).exists()
    page.get_by_role("button", name="Stop notifications").click()
    expect(page.get_by_role("status").filter(has_text="are off")).to_be_visible()
    expect(page.get_by_role("button", name="Notify me of key events")).to_be_visible()
    assert not PushSubscription.objects.filter(story=story).exists()
    assert csp_violations == []


@pytest.fixture
def story_page(live_server, page, vapid_keys, csp_violations):
    """A live story's page, in a browser left as it is (no stand-in push manager)."""
    story = make_story()
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    return story


def test_a_browser_that_cannot_subscribe_says_so_and_nothing_is_stored(
    live_server, context, page, story_page, csp_violations
):
    # Chromium refuses push subscriptions in a browsing context like this one (as in an
    # incognito window): the reader is told, in the page's words.
    context.grant_permissions(["notifications"], origin=live_server.url)
    page.get_by_role("button", name="Notify me of key events").click()
    expect(page.get_by_role("status").filter(has_text="could not turn")).to_be_visible()
    expect(page.get_by_role("button", name="Notify me of key events")).to_be_visible()
    assert not PushSubscription.objects.exists()
    assert csp_violations == []


def test_a_reader_who_blocks_notifications_is_told_so(page, story_page):
    page.get_by_role("button", name="Notify me of key events").click()
    expect(page.get_by_role("status").filter(has_text="are blocked")).to_be_visible()
    assert not PushSubscription.objects.exists()


def test_the_button_goes_when_the_open_page_learns_the_story_has_ended(
    live_server, page, vapid_keys
):
    story = make_story(poll_interval=2)
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    button = page.get_by_role("button", name="Notify me of key events")
    expect(button).to_be_visible()
    story.status = Story.Status.ENDED
    story.save()
    expect(page.locator(".ended-badge")).to_be_visible(timeout=EVENTUALLY)
    expect(button).to_be_hidden()

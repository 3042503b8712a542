"""An open story page lives through a database outage: "Reconnecting…", then catches up."""

from playwright.sync_api import expect

from tests.browser.login import log_in
from tests.browser.waiting import AFTER_BACK_OFF, EVENTUALLY
from tests.support.factories import make_story, make_update, make_user


class PollGate:
    """A route handler holding the page's polls until opened, then letting all through."""

    def __init__(self):
        self.is_open = False
        self.held = []

    def __call__(self, route):
        if self.is_open:
            route.continue_()
        else:
            self.held.append(route)

    def open(self):
        self.is_open = True
        for route in self.held:
            route.continue_()


def test_open_reader_page_shows_reconnecting_and_recovers_everything_it_missed(
    live_server, page, settings, stoppable_cluster
):
    # The server trusts its cached story state for a second, so the outage shows soon.
    settings.LIVEBLOG = {**settings.LIVEBLOG, "STATE_CACHE_SECONDS": 1}
    story = make_story(title="Dam breach, live", poll_interval=2)
    first = make_update(story, headline="Water level rising")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator(f"#update-{first.pk}")).to_be_visible()

    # Posted just before the database goes away: the page must not fetch it yet, so its
    # polls wait here until the database is gone, however long stopping it takes.
    gate = PollGate()
    page.route("**/poll/**", gate)
    missed = make_update(story, headline="Evacuation of the valley ordered")
    stoppable_cluster.stop()
    gate.open()
    expect(page.locator("#reconnecting")).to_be_visible(timeout=EVENTUALLY)
    expect(page.locator("#reconnecting")).to_have_text("Reconnecting…")
    expect(page.locator(f"#update-{missed.pk}")).to_have_count(0)

    stoppable_cluster.start()
    after = make_update(story, headline="Dam operator confirms the breach")
    # The page backs off after each failed poll (2, 4, 8 … intervals) before trying again.
    expect(page.locator(f"#update-{missed.pk}")).to_be_visible(timeout=AFTER_BACK_OFF)
    expect(page.locator(f"#update-{after.pk}")).to_be_visible(timeout=EVENTUALLY)
    expect(page.locator("#reconnecting")).to_be_hidden()
    assert page.locator("#stream > article.update").count() == 3


def test_an_admin_post_during_the_outage_fails_clearly_and_hands_the_text_back(
    live_server, page, stoppable_cluster
):
    story = make_story(title="Dam breach, live")
    chief = make_user(is_staff=True, is_superuser=True)
    log_in(page, live_server, chief, f"/admin/stories/update/add/?story={story.pk}")
    text = "Rescue teams reached the village of Hlyboke at dawn."
    page.fill("#id_headline", "Rescuers reach Hlyboke")
    page.fill("#id_body", text)

    stoppable_cluster.stop()
    page.click("input[name=_save]")
    expect(page.locator(".outage-message")).to_contain_text("nothing was saved")
    handed_back = page.locator("textarea.unsaved-text").evaluate_all("els => els.map(e => e.value)")
    assert text in handed_back

    stoppable_cluster.start()
    # Going back, the browser still has the form as it was typed; saving now works.
    page.go_back()
    expect(page.locator("#id_body")).to_have_value(text)
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert story.updates.get().body == text


def test_a_desk_post_during_the_outage_says_so_keeps_the_text_and_posts_once_back(
    live_server, page, stoppable_cluster
):
    story = make_story(title="Dam breach, live", poll_interval=2)
    chief = make_user(is_staff=True, is_superuser=True)
    log_in(page, live_server, chief, f"/admin/stories/story/{story.pk}/desk/")
    expect(page.locator("#compose .desk-toolbar")).to_be_visible()
    text = "Rescue boats are on their way to Hlyboke from the north bank."
    page.fill("#id_body", text)
    page.fill("#id_claims-0-source_name", "State Emergency Service")
    page.fill("#id_claims-0-text", "Forty people are waiting on rooftops")

    stoppable_cluster.stop()
    page.click("#compose .desk-submit")
    alert = page.locator("#compose .desk-send-error")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("503")
    expect(alert).to_contain_text("Your text is still here")
    expect(page.locator("#id_body")).to_have_value(text)
    expect(page.locator("#id_claims-0-text")).to_have_value("Forty people are waiting on rooftops")

    stoppable_cluster.start()
    page.click("#compose .desk-submit")
    expect(page.locator("#compose .desk-notice")).to_be_visible()
    assert story.updates.get().body == text
    assert story.updates.get().claims.get().text == "Forty people are waiting on rooftops"

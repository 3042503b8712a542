"""The newsroom workflow in real browsers: a contributor submits, the editor's queue shows
it, the editor publishes, a reader's open page shows it once; unsent text survives a
reload and a lost login."""

import re

import pytest
from django.contrib.sessions.models import Session
from playwright.sync_api import expect

from stories.models import Story, Update
from tests.browser.login import log_in
from tests.browser.waiting import EVENTUALLY, reported_delay
from tests.support.factories import make_story, make_update, make_user

pytestmark = pytest.mark.usefixtures("roles")

INTERVAL = 2


def desk_path(story) -> str:
    return f"/admin/stories/story/{story.pk}/desk/"


def open_desk(page, live_server, story, user) -> None:
    log_in(page, live_server, user, desk_path(story))
    expect(page.locator("#compose .desk-toolbar")).to_be_visible()


def reader_cursor_reaches(reader, story) -> None:
    """Wait until the reader's page has polled up to the story's current version."""
    version = Story.objects.get(pk=story.pk).version
    reader.wait_for_function(
        "v => parseInt(document.getElementById('poller').dataset.version, 10) >= v",
        arg=version,
        timeout=EVENTUALLY,
    )


def test_a_submission_reaches_readers_once_and_only_when_the_editor_publishes(live_server, browser):
    story = make_story(title="Night at the river crossing", poll_interval=INTERVAL)
    contributor = make_user(role="Contributor", first_name="Dana", last_name="Reyes")
    editor = make_user(role="Editor")
    pages = {}
    for name in ("contributor", "editor", "reader"):
        context = browser.new_context()
        context.set_default_timeout(10_000)
        pages[name] = context.new_page()
    reader = pages["reader"]
    reader.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(reader.locator("#poller")).to_have_attribute("data-hx-trigger", re.compile("every"))
    open_desk(pages["editor"], live_server, story, editor)
    open_desk(pages["contributor"], live_server, story, contributor)

    stringer = pages["contributor"]
    expect(stringer.locator("#compose .desk-action-publish")).to_have_count(0)
    stringer.fill("#id_body", "Boats are ferrying people across the river again.")
    stringer.click("#compose .desk-action-submit")
    expect(stringer.locator("#compose .desk-notice")).to_contain_text("Submitted")
    update = Update.objects.get(story=story)
    assert update.state == Update.State.SUBMITTED

    desk = pages["editor"]
    queued = desk.locator(f"#desk-submission-{update.pk}")
    with reported_delay("workflow delay (ms): a submission to the editor's queue"):
        expect(queued).to_be_visible(timeout=EVENTUALLY)
    expect(queued).to_contain_text("Dana Reyes")
    # The reader's page has polled past the submission and shows nothing of it.
    reader_cursor_reaches(reader, story)
    expect(reader.locator(f"#update-{update.pk}")).to_have_count(0)

    queued.locator(".desk-review").click()
    expect(desk.locator("#desk-editor .desk-action-return")).to_be_visible()
    desk.click("#desk-editor .desk-action-publish")
    expect(desk.locator("#desk-editor .desk-notice")).to_contain_text("Published")
    expect(desk.locator(f"#desk-submission-{update.pk}")).to_have_count(0)

    article = reader.locator(f"#update-{update.pk}")
    with reported_delay("workflow delay (ms): a published submission to a reader's page"):
        expect(article).to_be_visible(timeout=EVENTUALLY)
    expect(article).to_contain_text("Boats are ferrying people")
    # Exactly once, once the page has caught up with every version.
    reader_cursor_reaches(reader, story)
    expect(reader.locator(f"#update-{update.pk}")).to_have_count(1)
    for page in pages.values():
        page.context.close()


def test_unsent_text_comes_back_after_a_reload_and_can_be_discarded(live_server, page):
    story = make_story(poll_interval=60)
    open_desk(page, live_server, story, make_user(role="Journalist"))
    page.fill("#id_headline", "Curfew extended")
    page.fill("#id_body", "The curfew now starts at nine in the evening.")
    page.reload()
    notice = page.locator("#compose .desk-draft-restored")
    expect(notice).to_contain_text(re.compile(r"Restored your unsent draft from \d\d:\d\d"))
    expect(page.locator("#id_body")).to_have_value("The curfew now starts at nine in the evening.")
    expect(page.locator("#id_headline")).to_have_value("Curfew extended")
    notice.locator("button").click()
    expect(page.locator("#id_body")).to_have_value("")
    page.reload()
    expect(page.locator("#compose .desk-toolbar")).to_be_visible()
    expect(page.locator("#compose .desk-draft-restored")).to_have_count(0)


def test_unsent_text_survives_a_lost_login_and_is_forgotten_once_posted(live_server, page):
    story = make_story(poll_interval=60)
    journalist = make_user(role="Journalist")
    open_desk(page, live_server, story, journalist)
    page.fill("#id_body", "Power is back in the eastern districts.")
    Session.objects.all().delete()  # the session ends (expired, or logged out elsewhere)
    page.click("#compose .desk-submit")
    expect(page.locator("#compose .desk-send-error")).to_contain_text("logged out")
    expect(page.locator("#id_body")).to_have_value("Power is back in the eastern districts.")
    assert not Update.objects.exists()

    page.reload()  # the admin asks for the login again
    expect(page.locator("#id_username")).to_be_visible()
    log_in(page, live_server, journalist, desk_path(story))
    expect(page.locator("#compose .desk-draft-restored")).to_be_visible()
    expect(page.locator("#id_body")).to_have_value("Power is back in the eastern districts.")
    page.click("#compose .desk-submit")
    expect(page.locator("#compose .desk-notice")).to_be_visible()
    assert Update.objects.get().body == "Power is back in the eastern districts."
    page.reload()
    expect(page.locator("#compose .desk-toolbar")).to_be_visible()
    expect(page.locator("#compose .desk-draft-restored")).to_have_count(0)
    expect(page.locator("#id_body")).to_have_value("")


def test_what_we_know_is_replaced_on_an_open_page(live_server, browser, page):
    story = make_story(title="Storm over the delta", poll_interval=INTERVAL)
    reader = browser.new_context().new_page()
    reader.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(reader.locator("#what-we-know")).to_be_hidden()
    open_desk(page, live_server, story, make_user(role="Editor"))
    for points in ("Winds of 120 km/h at the coast", "Winds easing\nThe ferry is back"):
        page.fill("#id_known-points", points)
        page.click("#desk-summary button[type=submit]")
        expect(page.locator("#desk-summary .desk-notice")).to_be_visible()
        box = reader.locator("#what-we-know")
        with reported_delay("workflow delay (ms): 'What we know' to an open page"):
            expect(box.locator("li").first).to_have_text(points.splitlines()[0], timeout=EVENTUALLY)
        expect(box.locator("li")).to_have_count(len(points.splitlines()))
        expect(box).to_contain_text(re.compile(r"As of \d\d:\d\d"))
    reader.context.close()


def test_copy_link_copies_the_permalink_and_plain_links_work_without_scripts(live_server, browser):
    story = make_story(poll_interval=60)
    update = make_update(story, headline="Ferry back in service")
    context = browser.new_context()
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_server.url)
    page = context.new_page()
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    share = page.locator(f"#update-{update.pk} .share")
    share.locator(".share-copy").click()
    expect(share.locator(".share-copy")).to_have_text("Link copied")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == f"{live_server.url}{update.get_absolute_url()}"
    context.close()
    plain = browser.new_context(java_script_enabled=False)
    page = plain.new_page()
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    share = page.locator(f"#update-{update.pk} .share")
    expect(share.locator(".share-copy")).to_be_hidden()
    expect(share.locator(".share-links a")).to_have_count(5)
    plain.close()

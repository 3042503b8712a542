"""The desk in a real browser: a journalist posts from the admin, a reader sees it."""

import io
import re

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from PIL import Image
from playwright.sync_api import expect

from stories.models import Claim, Update
from tests.browser.login import log_in
from tests.browser.waiting import EVENTUALLY, reported_delay
from tests.support.factories import make_source, make_story, make_user

pytestmark = pytest.mark.usefixtures("roles")


def open_desk(page, live_server, story):
    journalist = make_user(role="Journalist", first_name="Sam", last_name="Okafor")
    path = f"/admin/stories/story/{story.pk}/desk/"
    log_in(page, live_server, journalist, path)
    # desk.js has run: the toolbar shows.
    expect(page.locator("#compose .desk-toolbar")).to_be_visible()
    return journalist


def test_journalist_posts_update_with_two_claims_and_reader_sees_it_at_the_next_poll(
    live_server, browser, page
):
    story = make_story(title="Floods in the valley", poll_interval=2)
    make_source(name="State Emergency Service")
    reader_context = browser.new_context()
    reader = reader_context.new_page()
    reader.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(reader.locator("#poller")).to_have_attribute("data-version", str(story.version))

    journalist = open_desk(page, live_server, story)
    page.fill("#id_headline", "Dam overflowing")
    page.fill("#id_body", "Water is coming over the dam near Sloviansk.")
    page.fill("#id_claims-0-source_name", "State Emergency Service")
    page.fill("#id_claims-0-text", "Two hundred people were evacuated")
    page.select_option("#id_claims-0-status", "confirmed")
    page.click("text=Add a claim")
    page.fill("#id_claims-1-source_name", "Valley Volunteers")
    page.select_option("#id_claims-1-new_source_kind", "ngo")
    page.fill("#id_claims-1-text", "The dam was not maintained for years")
    # A double click on "Post" must still create one update.
    page.locator("#compose .desk-submit").dblclick()
    expect(page.locator("#compose .desk-notice")).to_be_visible()

    # The form is empty again, with the cursor in the body.
    expect(page.locator("#id_body")).to_have_value("")
    expect(page.locator("#id_body")).to_be_focused()
    update = Update.objects.get(story=story)
    assert update.author == journalist
    assert Update.objects.count() == 1 and Claim.objects.count() == 2
    assert LogEntry.objects.filter(action_flag=ADDITION, user=journalist).count() == 1
    desk_article = page.locator(f"#desk-stream #update-{update.pk}")
    expect(desk_article.locator(".claim")).to_have_count(2)

    # The reader's page shows it with both claims at its next poll. How soon is reported,
    # not asserted: on a loaded machine a poll can take longer than its interval.
    article = reader.locator(f"#update-{update.pk}")
    with reported_delay("live delay (ms): a desk post to a reader's page"):
        expect(article).to_be_visible(timeout=EVENTUALLY)
    expect(article.locator(".update-headline")).to_have_text("Dam overflowing")
    expect(article.locator(".claim")).to_have_count(2)
    expect(article.locator(".claim-source").first).to_have_text("State Emergency Service")
    expect(article.locator(".claim-status--confirmed")).to_have_count(1)
    expect(article).to_contain_text("The dam was not maintained for years")
    expect(article).to_contain_text("By Sam Okafor")
    reader_context.close()


def test_a_failed_post_keeps_the_text_and_says_so(live_server, page):
    story = make_story(poll_interval=2)
    open_desk(page, live_server, story)
    page.fill("#id_body", "Text that must survive a server error")
    page.fill("#id_claims-0-source_name", "Police")
    page.fill("#id_claims-0-text", "Road closed")

    alert = page.locator("#compose .desk-send-error")
    expect(alert).to_be_hidden()
    page.route("**/desk/post/", lambda route: route.fulfill(status=500, body="Server Error"))
    page.click("#compose .desk-submit")
    expect(alert).to_be_visible()
    expect(alert).to_contain_text("500")
    expect(page.locator("#id_body")).to_have_value("Text that must survive a server error")
    expect(page.locator("#id_claims-0-text")).to_have_value("Road closed")
    expect(page.locator("#compose .desk-submit")).to_be_enabled()

    page.unroute("**/desk/post/")
    page.route("**/desk/post/", lambda route: route.abort("connectionfailed"))
    page.click("#compose .desk-submit")
    expect(alert).to_contain_text("connection failed")
    expect(page.locator("#id_body")).to_have_value("Text that must survive a server error")
    assert not Update.objects.exists()

    # The same form, sent again once the server answers, posts once.
    page.unroute("**/desk/post/")
    page.click("#compose .desk-submit")
    expect(page.locator("#compose .desk-notice")).to_be_visible()
    assert Update.objects.get().body == "Text that must survive a server error"


def test_validation_errors_show_next_to_the_fields_with_the_text_kept(live_server, page):
    story = make_story(poll_interval=2)
    open_desk(page, live_server, story)
    page.fill("#id_body", "Photo: ![](/media/updates/x.jpg) and the words around it")
    page.click("#compose .desk-submit")
    error = page.locator("#compose .desk-body-field .errorlist")
    expect(error).to_contain_text("alternative text")
    expect(page.locator("#id_body")).to_have_value(
        "Photo: ![](/media/updates/x.jpg) and the words around it"
    )
    assert not Update.objects.exists()


def test_toolbar_preview_and_image_upload(live_server, page, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    story = make_story(poll_interval=2)
    open_desk(page, live_server, story)
    body = page.locator("#id_body")
    body.fill("urgent")
    body.select_text()
    page.click("#compose .desk-toolbar [data-markdown=bold]")
    expect(body).to_have_value("**urgent**")
    expect(page.locator("#id_body-preview strong")).to_have_text("urgent")

    expect(page.locator("#id_body-image")).to_be_hidden()
    page.click("#compose [data-image-toggle]")
    expect(page.locator("#id_body-image")).to_be_visible()
    image = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 90, 200)).save(image, format="PNG")
    page.set_input_files(
        "#id_body-image-file",
        files=[{"name": "river.png", "mimeType": "image/png", "buffer": image.getvalue()}],
    )
    page.fill("#id_body-image-alt", "The river at the bridge")
    page.click("#id_body-image button")
    expect(body).to_have_value(
        re.compile(r"\*\*urgent\*\*.*!\[The river at the bridge\]\(/media/updates/.+\.png\)", re.S)
    )
    expect(page.locator('#id_body-preview img[alt="The river at the bridge"]')).to_have_count(1)
    assert len(list(tmp_path.rglob("*.png"))) == 1

    # Without a selection, the word inserted comes from the page, which translates it.
    italic = page.locator("#compose .desk-toolbar [data-markdown=italic]")
    expect(italic).to_have_attribute("data-placeholder", "italic text")
    italic.evaluate("button => { button.dataset.placeholder = 'texte en italique'; }")
    body.fill("")
    italic.click()
    expect(body).to_have_value(re.compile(r"^\*texte en italique\*$"))


def test_saving_an_update_a_colleague_deleted_says_so_and_keeps_the_text(live_server, page):
    story = make_story(poll_interval=60)
    journalist = open_desk(page, live_server, story)
    update = Update.objects.create(story=story, author=journalist, body="Five people injured")
    page.reload()
    page.click(f"#desk-update-{update.pk} .changelink")
    page.fill("#id_edit-body", "Six people injured, one critically")
    update.delete()  # by a colleague, meanwhile
    page.click("#desk-editor .desk-submit")
    expect(page.locator("#desk-editor .desk-send-error")).to_contain_text(
        "this update no longer exists"
    )
    expect(page.locator("#id_edit-body")).to_have_value("Six people injured, one critically")


def test_editing_and_deleting_from_the_desk(live_server, page):
    story = make_story(poll_interval=2)
    journalist = open_desk(page, live_server, story)
    page.fill("#id_body", "Five people injured")
    page.click("#compose .desk-submit")
    expect(page.locator("#compose .desk-notice")).to_be_visible()
    update = Update.objects.get()
    assert update.author == journalist

    page.click(f"#desk-update-{update.pk} .changelink")
    page.fill("#id_edit-body", "Six people injured")
    page.fill("#id_edit-correction_note", "The number of injured was corrected.")
    page.click("#desk-editor .desk-submit")
    expect(page.locator("#desk-editor .desk-notice")).to_be_visible()
    article = page.locator(f"#desk-stream #update-{update.pk}")
    expect(article).to_contain_text("Six people injured")
    expect(article).to_contain_text("The number of injured was corrected.")

    page.once("dialog", lambda dialog: dialog.accept())
    page.click(f"#desk-update-{update.pk} .deletelink")
    expect(page.locator(f"#update-{update.pk}")).to_have_count(0)
    assert not Update.objects.exists()

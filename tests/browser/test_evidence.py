"""Cards in Chromium: nothing from the provider before the click, its player after, no CSP
violation; and no script-injection vector that a captured page carries ever runs."""

import html
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from stories.models import SavedCopy
from tests.browser.login import log_in
from tests.browser.test_script_injection import DANGEROUS_DOM, visit, watched  # noqa: F401
from tests.browser.waiting import EVENTUALLY
from tests.support import source_pages
from tests.support.factories import make_claim, make_story, make_update, make_user
from tests.support.figures import count
from tests.support.local_sites import Page
from tests.support.tasks import run_queued_tasks
from tests.support.xss_corpus import VECTORS

PLAYER = "https://www.youtube-nocookie.com/embed/v1abc"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.LIVEBLOG_CAPTURE_RETRY_DELAYS = [0, 0, 0]


def test_a_card_loads_the_provider_only_after_the_click(
    live_server, local_site, context, page, csp_violations
):
    local_site.pages["/watch"] = Page(
        source_pages.article("Briefing", "Ministry", ["A video."], oembed_path="/oembed")
    )
    local_site.pages["/oembed"] = Page(
        source_pages.youtube_like_oembed("v1abc"), content_type="application/json"
    )
    local_site.pages["/thumb.png"] = Page(source_pages.png_bytes(), content_type="image/png")
    update = make_update(
        make_story(), body=f"The ministry's briefing:\n\n{local_site.url('/watch')}"
    )
    run_queued_tasks()
    copy = SavedCopy.objects.get(update=update)
    assert copy.embed_address == PLAYER and copy.thumbnail
    # The provider is played here, on this machine: the test never leaves it.
    context.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(content_type="text/html", body="<p>provider player</p>"),
    )
    asked = []
    page.on("request", lambda request: asked.append(request.url))

    page.goto(f"{live_server.url}{update.story.get_absolute_url()}")
    card = page.locator(f"#card-{copy.pk}")
    expect(card).to_contain_text("Briefing on the river crossing")
    # Stored with the copy and served by this site, never hot-linked.
    expect(card.locator(".embed-card-thumbnail")).to_have_attribute("src", re.compile("^/media/"))
    expect(card.locator(".saved-copy-link")).to_contain_text("Saved copy, ")
    hosts_before = {urlsplit(url).netloc for url in asked}
    assert hosts_before == {urlsplit(live_server.url).netloc}, hosts_before

    card.get_by_text("Show the original post").click()
    player = page.frame_locator(f"#card-{copy.pk} iframe.embed-card-frame")
    expect(player.locator("p")).to_have_text("provider player")
    assert PLAYER in asked
    assert csp_violations == []
    count("browser: cards shown, provider loaded only after the click")


def hostile_page(vector: str) -> str:
    """A channel post whose name, author, text and site name all carry the vector."""
    value = html.escape(vector, quote=True)
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{value}</title>
<meta property="og:site_name" content="{value}"><meta property="og:title" content="{value}">
<meta property="article:author" content="{value}"><meta property="og:description" content="{value}">
</head><body><article><p>{value}</p><p>{value} and more words so it is main text.</p></article>
</body></html>"""


def test_no_vector_in_a_captured_page_runs(live_server, local_site, watched):  # noqa: F811
    page, executions = watched
    story = make_story(title="Captured vectors")
    for number, vector in enumerate(VECTORS):
        local_site.pages[f"/post/{number}"] = Page(hostile_page(vector))
        update = make_update(story, body=local_site.url(f"/post/{number}"))
        make_claim(update, source_url=local_site.url(f"/post/{number}"))
    run_queued_tasks()
    copies = list(SavedCopy.objects.filter(update__story=story))
    assert [copy.state for copy in copies] == [SavedCopy.State.DONE] * 2 * len(VECTORS)
    # Each vector is carried whole, as text (whitespace runs collapsed, as for any title).
    for copy in copies:
        vector = VECTORS[int(copy.address.rsplit("/", 1)[1])]
        assert copy.title == " ".join(vector.split())[:500]
    count("evidence script-injection vectors run", len(VECTORS))

    base, findings = live_server.url, []
    findings += visit(page, f"{base}{story.get_absolute_url()}")
    findings += visit(page, f"{base}{story.get_absolute_url()}feed/")
    for copy in copies:
        findings += visit(page, f"{base}/saved-copies/{copy.pk}/")
    findings += visit(page, f"{base}{copies[0].update.get_absolute_url()}")
    log_in(page, live_server, make_user(is_staff=True, is_superuser=True), "/admin/")
    findings += visit(page, f"{base}/admin/stories/savedcopy/")
    findings += visit(page, f"{base}/admin/stories/savedcopy/{copies[0].pk}/change/")

    count("evidence script-injection executions seen", len(executions))
    assert executions == []
    assert findings == []


def test_a_card_reaches_an_open_page_when_its_capture_finishes(live_server, local_site, page):
    local_site.pages["/durov_news/77"] = Page(
        source_pages.telegram_post("City council", "Buses leave at eight.")
    )
    story = make_story(title="Evacuation", poll_interval=2)
    update = make_update(story, body=f"The council posted:\n\n{local_site.url('/durov_news/77')}")
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    expect(page.locator(f"#update-{update.pk}")).to_contain_text("The council posted")
    assert page.locator(".embed-card").count() == 0

    run_queued_tasks()  # the worker finishes the capture while the page is open

    copy = SavedCopy.objects.get(update=update)
    card = page.locator(f"#update-{update.pk} #card-{copy.pk}")
    expect(card).to_contain_text("Buses leave at eight.", timeout=EVENTUALLY)
    expect(card.locator(".saved-copy-link")).to_contain_text("Saved copy, ")
    count("browser: cards arriving through the poll")


def test_the_desk_preview_shows_a_new_addresss_card_once_the_worker_saved_it(
    live_server, local_site, page, roles, csp_violations
):
    local_site.pages["/durov_news/55"] = Page(
        source_pages.telegram_post("River authority", "The ferry runs again at noon.")
    )
    story = make_story()
    path = f"/admin/stories/story/{story.pk}/desk/"
    log_in(page, live_server, make_user(role="Journalist"), path)
    polls = []
    page.on("request", lambda request: polls.append(request.url) if "/cards/" in request.url else 0)

    page.fill("#id_body", f"The authority said:\n\n{local_site.url('/durov_news/55')}")
    preview = page.locator("#id_body-preview")
    expect(preview).to_contain_text("Saving a copy of", timeout=EVENTUALLY)
    assert local_site.paths_asked() == []  # the request only queued it
    run_queued_tasks()

    # No reload: the preview area asks for the card by itself, then stops.
    expect(preview).to_contain_text("The ferry runs again at noon.", timeout=EVENTUALLY)
    expect(preview.locator("[data-hx-get]")).to_have_count(0)
    # It asked at least once; the desk form around it is still there (the poll has its
    # own target, not the form's).
    assert polls and csp_violations == []
    expect(page.locator("#compose #id_body")).to_be_visible()

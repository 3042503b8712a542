"""The embed page in a partner's iframe, from another origin, and refused elsewhere.

The partner pages are served by small HTTP servers on 127.0.0.1 (another origin than
the live server's ``localhost``), so Chromium applies the framing rules as it would
between two sites.
"""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from tests.browser.waiting import EVENTUALLY
from tests.support.factories import make_story, make_update


class PartnerPage(BaseHTTPRequestHandler):
    def do_GET(self):
        body = (
            '<!DOCTYPE html><html lang="en"><title>Partner</title><h1>Partner news</h1>'
            f'<iframe id="live" src="{self.server.framed_url}" title="Live" width="600"'
            ' height="800"></iframe>'
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


@pytest.fixture
def partner_site():
    """Start a site framing a given URL; returns its origin."""
    servers = []

    def start(framed_url: str) -> str:
        server = ThreadingHTTPServer(("127.0.0.1", 0), PartnerPage)
        server.framed_url = framed_url
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_port}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def allow_embedding_from(settings, *origins: str) -> None:
    settings.LIVEBLOG = {**settings.LIVEBLOG, "EMBED_ALLOWED_ORIGINS": list(origins)}


def framed_frame(page):
    return next(frame for frame in page.frames if frame != page.main_frame)


def refusal_by(directive: str):
    """Matches the console message Chromium writes when a directive refuses a frame."""
    return lambda message: directive in message.text


def test_partner_origin_frames_the_embed_and_sees_new_updates_arrive(
    live_server, page, partner_site, settings
):
    story = make_story(title="Storm reaches the coast", poll_interval=2)
    make_update(story, headline="Landfall near the port")
    partner = partner_site(f"{live_server.url}/stories/{story.slug}/embed/")
    allow_embedding_from(settings, partner)
    page.goto(f"{partner}/news")
    frame = page.frame_locator("#live")
    frame.get_by_text("Landfall near the port").wait_for()
    assert frame.locator("h1").inner_text() == "Storm reaches the coast"
    # It polls like the story page: a new update appears inside the frame.
    update = make_update(story, headline="Power cut in the old town", published_at=timezone.now())
    frame.locator(f"#update-{update.pk}").wait_for(timeout=EVENTUALLY)
    assert "Power cut in the old town" in frame.locator(f"#update-{update.pk}").inner_text()


def test_other_origins_are_refused_by_frame_ancestors(live_server, page, partner_site, settings):
    story = make_story()
    make_update(story, headline="Landfall near the port")
    embed_url = f"{live_server.url}/stories/{story.slug}/embed/"
    partner, stranger = partner_site(embed_url), partner_site(embed_url)
    allow_embedding_from(settings, partner)
    # Chromium says so on the console when it refuses the frame: wait for that.
    with (
        page.expect_console_message(refusal_by("frame-ancestors"), timeout=EVENTUALLY),
        page.expect_response(embed_url) as answer,
    ):
        page.goto(f"{stranger}/news")
    assert answer.value.status == 200  # served, but the browser must not show it here
    assert "Landfall near the port" not in framed_frame(page).content()


def test_story_page_itself_cannot_be_framed_even_by_a_partner(
    live_server, page, partner_site, settings
):
    story = make_story()
    make_update(story, headline="Landfall near the port")
    story_url = f"{live_server.url}{story.get_absolute_url()}"
    partner = partner_site(story_url)
    allow_embedding_from(settings, partner)
    # Refused by the Content-Security-Policy's frame-ancestors 'none' (which Chromium
    # checks before X-Frame-Options: DENY, the fallback for older browsers); Chromium
    # says so on the console.
    with (
        page.expect_console_message(refusal_by("frame-ancestors 'none'"), timeout=EVENTUALLY),
        page.expect_response(story_url),
    ):
        page.goto(f"{partner}/news")
    assert "Landfall near the port" not in framed_frame(page).content()

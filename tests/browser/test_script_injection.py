"""No script-injection vector an editor types runs in a reader's or an editor's browser.

Each vector of tests/support/data/xss_vectors.txt goes into every field an editor can type; then
Chromium loads every page that shows those fields. The browser context bypasses the
Content-Security-Policy, so escaping and sanitising alone must stop every vector (the
policy is a second wall, tested in test_content_security_policy.py). A vector that runs
calls ``window.__xss(code)``, opens a dialog or requests ``/xss-marker/``; the DOM is
also searched for event-handler attributes and script-capable URLs that got through.
"""

import time

import pytest
from playwright.sync_api import expect

from stories.models import Update
from tests.browser.login import log_in
from tests.browser.waiting import EVENTUALLY
from tests.support.factories import make_story, make_user
from tests.support.figures import count
from tests.support.xss_corpus import FIELDS, VECTORS, describe, payload, seed_vector

MARKER = "window.__xss = (code) => window.__xssHit(String(code));"

DANGEROUS_DOM = """() => {
  const found = [];
  const urlAttributes = ["href", "src", "action", "formaction", "xlink:href", "data", "poster"];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name === "srcdoc") found.push(`${el.tagName} ${name}`);
      const isHtmx = name.startsWith("hx-") || name.startsWith("data-hx-");
      if (isHtmx && /xss-marker|__xss/.test(attr.value)) {
        found.push(`${el.tagName} ${name}=${attr.value}`);
      }
      if (urlAttributes.includes(name)) {
        let protocol;
        try { protocol = new URL(attr.value, document.baseURI).protocol; } catch (e) { continue; }
        if (!["http:", "https:", "mailto:"].includes(protocol)) {
          found.push(`${el.tagName} ${name}=${attr.value}`);
        }
      }
    }
  }
  for (const script of document.querySelectorAll("script:not([src])")) {
    if (script.type !== "application/ld+json") found.push(`inline script ${script.textContent}`);
  }
  if (!document.baseURI.startsWith(location.origin)) found.push(`base ${document.baseURI}`);
  return found;
}"""


@pytest.fixture
def watched(browser):
    """A page without the CSP, recording every sign of a vector running."""
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(10_000)
    page = context.new_page()
    executions = []
    page.expose_function("__xssHit", lambda code: executions.append(describe(code)))
    page.add_init_script(MARKER)

    def on_dialog(dialog):
        executions.append(f"dialog {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on(
        "request",
        lambda request: (
            executions.append(f"request {request.url}") if "/xss-marker/" in request.url else None
        ),
    )
    yield page, executions
    context.close()


def visit(page, url: str) -> list[str]:
    response = page.goto(url)
    assert response.status == 200, url
    # Give load, error, focus and toggle handlers their chance to fire. A fixed wait is
    # right for what must not happen: a slow machine makes the check weaker, never red.
    page.wait_for_load_state("load")
    page.wait_for_timeout(50)
    count("script-injection page loads")
    return [f"{url}: {found}" for found in page.evaluate(DANGEROUS_DOM)]


def test_the_watch_sees_a_vector_that_is_not_escaped(watched):
    # The harness can fail: the same vectors, pasted raw into a page, are seen running.
    page, executions = watched
    raw = "\n".join(f"<div>{payload(n, 'update.body')}</div>" for n in range(len(VECTORS)))
    # Everything is answered here: the control page makes no request off this machine.
    page.route(
        "**/*",
        lambda route: (
            route.fulfill(content_type="text/html", body=f"<main>{raw}</main>")
            if route.request.url == "http://control.test/"
            else route.fulfill(status=404, body="")
        ),
    )
    page.goto("http://control.test/")
    # Each execution reaches the test as an event: wait for them, not for a time.
    deadline = time.monotonic() + EVENTUALLY / 1000
    while len(executions) < 10 and time.monotonic() < deadline:
        page.wait_for_timeout(100)
    assert len(executions) >= 10


def test_no_vector_runs_on_public_pages_or_in_the_admin(live_server, watched, settings):
    settings.LIVEBLOG = {**settings.LIVEBLOG, "PAGE_SIZE": 100}
    page, executions = watched
    base = live_server.url
    seeded = [seed_vector(n) for n in range(len(VECTORS))]
    count("script-injection vectors tried", len(VECTORS))
    count("script-injection fields per vector", len(FIELDS))
    findings = []

    stories_per_page = 20
    for number in range(1, len(seeded) // stories_per_page + 2):
        findings += visit(page, f"{base}/?page={number}")
    findings += visit(page, f"{base}/sources/")
    findings += visit(page, f"{base}/feed/")
    for item in seeded:
        findings += visit(page, f"{base}{item.story.get_absolute_url()}")
        for subpage in ("sources/", "embed/", "feed/", "rss/"):
            findings += visit(page, f"{base}{item.story.get_absolute_url()}{subpage}")
        findings += visit(page, f"{base}{item.update.get_absolute_url()}")
        findings += visit(page, f"{base}{item.source.get_absolute_url()}")

    log_in(page, live_server, make_user(is_staff=True, is_superuser=True), "/admin/")
    for changelist in ("story", "update", "claim", "source"):
        findings += visit(page, f"{base}/admin/stories/{changelist}/")
    for item in seeded:
        findings += visit(page, f"{base}/admin/stories/update/{item.update.pk}/change/")
        desk = f"{base}/admin/stories/story/{item.story.pk}/desk/"
        findings += visit(page, desk)
        findings += visit(page, f"{desk}updates/{item.update.pk}/edit/")

    # The desk's live preview and a post of every vector at once, over htmx (which would
    # run a <script> that reached the swapped HTML). The post is refused (images without
    # alternative text), so the form comes back with everything in it.
    page.goto(f"{base}/admin/stories/story/{seeded[0].story.pk}/desk/")
    everything = "\n\n".join(payload(n, "update.body") for n in range(len(VECTORS)))
    page.fill("#id_body", everything)
    expect(page.locator("#id_body-preview")).not_to_be_empty()
    page.click("#compose .desk-submit")
    expect(page.locator("#compose .errorlist").first).to_be_visible()
    expect(page.locator("#id_body")).to_have_value(everything)
    page.wait_for_timeout(300)
    findings += [f"desk after posting: {found}" for found in page.evaluate(DANGEROUS_DOM)]

    count("script-injection executions seen", len(executions))
    assert executions == []
    assert findings == []


def test_no_vector_runs_when_the_live_poll_brings_it(live_server, watched):
    page, executions = watched
    story = make_story(title="Live vectors", poll_interval=2)
    page.goto(f"{live_server.url}{story.get_absolute_url()}")
    seeded = [seed_vector(n, story=story) for n in range(len(VECTORS))]
    expect(page.locator("#stream > article.update")).to_have_count(len(seeded), timeout=EVENTUALLY)

    # Edits come through the poll too, replacing the article in place.
    for n, item in enumerate(seeded):
        item.update.correction_note = payload((n + 1) % len(VECTORS), "update.correction_note")
        item.update.headline = f"edited {item.update.pk}"
        item.update.save()
    last = Update.objects.filter(story=story).latest("version")
    expect(page.locator(f"#update-{last.pk} .update-headline")).to_have_text(
        f"edited {last.pk}", timeout=EVENTUALLY
    )
    page.wait_for_timeout(300)  # for what must not happen, as in visit()
    count("script-injection page loads")
    count("script-injection executions seen", len(executions))
    assert executions == []
    assert page.evaluate(DANGEROUS_DOM) == []

"""Accessibility of the public pages, checked with axe-core in Chromium and by keyboard."""

from pathlib import Path

import pytest
from django.urls import resolve
from playwright.sync_api import expect

from stories.models import Story
from tests.browser.login import log_in
from tests.support.factories import make_user
from tests.support.page_samples import make_sample_story

AXE = Path(__file__).parent / "node_modules/axe-core/axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def context(browser):
    # axe-core goes in as an inline script, which the site's Content-Security-Policy
    # refuses; this audits the pages, the policy has its own tests.
    context = browser.new_context(bypass_csp=True)
    context.set_default_timeout(10_000)
    yield context
    context.close()


def blocking_violations(page) -> list[str]:
    if not AXE.exists():
        pytest.fail(f"{AXE} missing: run scripts/run-tests.sh, which installs it (npm ci)")
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): {violation['help']} at "
        + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
        for violation in result["violations"]
        if violation["impact"] in BLOCKING
    ]


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_public_pages_have_no_serious_or_critical_axe_violations(
    live_server, page, color_scheme, vapid_keys
):
    # With alerts on, so the story page shows the "Notify me of key events" button.
    page.emulate_media(color_scheme=color_scheme)
    found = {}
    for name, path in make_sample_story().items():
        page.goto(f"{live_server.url}{path}")
        assert page.evaluate("() => matchMedia('(prefers-color-scheme: dark)').matches") == (
            color_scheme == "dark"
        )
        if violations := blocking_violations(page):
            found[name] = violations
    assert found == {}


def test_axe_check_catches_a_real_violation(live_server, page):
    # Guards the check above: an image without alternative text must be reported.
    page.goto(f"{live_server.url}/")
    page.evaluate(
        "() => { const img = document.createElement('img'); img.src = '/static/x.png';"
        " document.querySelector('main').append(img); }"
    )
    assert any(v.startswith("image-alt (critical)") for v in blocking_violations(page))


def test_skip_link_is_the_first_stop_is_visible_on_focus_and_moves_to_main(live_server, page):
    pages = make_sample_story()
    page.goto(f"{live_server.url}{pages['story']}")
    skip = page.locator("a.skip-link")
    assert skip.bounding_box()["y"] < 0  # off screen until focused
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.className") == "skip-link"
    assert skip.bounding_box()["y"] >= 0
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_keyboard_focus_is_visible_on_every_stop(live_server, page):
    pages = make_sample_story()
    page.goto(f"{live_server.url}{pages['story']}")
    stops = []
    for _ in range(200):
        page.keyboard.press("Tab")
        stop = page.evaluate(
            """() => {
              const el = document.activeElement;
              const style = getComputedStyle(el);
              return {text: (el.textContent || '').trim().slice(0, 40), tag: el.tagName,
                      outline: style.outlineStyle, width: parseFloat(style.outlineWidth)};
            }"""
        )
        if stop["tag"] == "BODY":  # past the last stop
            break
        stops.append(stop)
    invisible = [s for s in stops if s["outline"] == "none" or s["width"] < 2]
    assert invisible == []
    texts = [stop["text"] for stop in stops]
    # Sources, permalinks and the key events box are all reachable from the keyboard.
    assert "Interior ministry" in texts and "Link to this update" in texts
    assert any("Landfall near the port" in text for text in texts)


def test_story_page_has_landmarks_one_h1_and_a_live_region(live_server, page):
    pages = make_sample_story()
    page.goto(f"{live_server.url}{pages['story']}")
    assert page.locator("main").count() == 1 and page.locator("h1").count() == 1
    assert page.get_by_role("navigation").count() >= 2
    announcer = page.locator("#stream-announcer")
    assert announcer.get_attribute("aria-live") == "polite"


@pytest.mark.parametrize("color_scheme", ["light", "dark"])
def test_desk_has_no_serious_or_critical_axe_violations(roles, live_server, page, color_scheme):
    pages = make_sample_story()
    story = Story.objects.get(slug=resolve(pages["story"]).kwargs["slug"])
    desk = f"/admin/stories/story/{story.pk}/desk/"
    page.emulate_media(color_scheme=color_scheme)
    log_in(page, live_server, make_user(role="Editor"), desk)
    # desk.js has run (the toolbar shows) and the admin follows the colour scheme.
    expect(page.locator("#compose .desk-toolbar")).to_be_visible()
    background = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
    assert background == {"light": "rgb(255, 255, 255)", "dark": "rgb(18, 18, 18)"}[color_scheme]
    found = {"desk": blocking_violations(page)}

    page.click("#compose [data-image-toggle]")
    page.click("#compose [data-add-claim]")
    page.fill("#id_body", "Photo: ![](/media/updates/x.jpg)")
    page.click("#compose .desk-submit")
    expect(page.locator("#compose .desk-body-field .errorlist")).to_be_visible()
    found["compose with uploader, two claims and an error"] = blocking_violations(page)

    page.fill("#id_body", "The bridge is closed.")
    page.click("#compose .desk-submit")
    expect(page.locator("#compose .desk-notice")).to_be_visible()
    found["posted"] = blocking_violations(page)

    page.locator("#desk-stream .changelink").first.click()
    expect(page.locator("#desk-editor form")).to_be_visible()
    found["editing an update"] = blocking_violations(page)

    # Without JavaScript, deleting asks on a page of its own.
    page.goto(f"{live_server.url}{desk}updates/{story.updates.first().pk}/delete/")
    expect(page.locator("#desk-editor .desk-delete")).to_be_visible()
    found["confirming a deletion"] = blocking_violations(page)
    assert {name: violations for name, violations in found.items() if violations} == {}

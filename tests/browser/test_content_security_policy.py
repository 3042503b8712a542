"""Under the site's Content-Security-Policy, every page still works and nothing is refused."""

import re

from playwright.sync_api import expect

from stories.models import Story, Update
from tests.browser.login import log_in
from tests.browser.waiting import EVENTUALLY
from tests.support.factories import make_claim, make_source, make_story, make_update, make_user


def test_public_pages_work_under_the_policy_with_no_violation(live_server, page, csp_violations):
    story = make_story(
        title="Flooding in the delta", summary="Rivers burst their banks.", poll_interval=2
    )
    update = make_update(story, body="**Water** is rising in [the port](https://example.org/).")
    make_claim(update, source=make_source(name="Coast guard"), text="Two ferries sank.")
    base = live_server.url
    for path in (
        "/",
        "/sources/",
        f"/sources/{update.claims.get().source.slug}/",
        update.get_absolute_url(),
        f"{story.get_absolute_url()}sources/",
        f"{story.get_absolute_url()}embed/",
    ):
        response = page.goto(f"{base}{path}")
        assert response.status == 200
        assert "'unsafe-inline'" not in response.headers["content-security-policy"]

    page.goto(f"{base}{story.get_absolute_url()}")
    # The relative times come from static/js/times.js: scripts run.
    expect(page.locator(f"#update-{update.pk} .relative-time")).not_to_have_text("")
    # htmx polls under allowEval false and stream.js places what the poll brings.
    newer = make_update(story, headline="Evacuation ordered")
    expect(page.locator(f"#update-{newer.pk}")).to_contain_text(
        "Evacuation ordered", timeout=EVENTUALLY
    )
    assert csp_violations == []


def test_api_docs_work_under_the_policy_with_no_violation(live_server, page, csp_violations):
    make_story(title="Flooding in the delta")
    page.goto(f"{live_server.url}/api/docs")
    # Swagger UI is a script: it has run when the operations are listed.
    expect(page.locator(".opblock-summary-path").first).to_be_visible()
    assert csp_violations == []


def test_admin_logs_in_and_saves_under_the_policy_with_no_violation(
    live_server, page, csp_violations
):
    story = make_story(title="Storm over the capital")
    base = live_server.url
    log_in(page, live_server, make_user(is_staff=True, is_superuser=True), "/admin/")

    # The admin's own scripts run: the slug is filled in from the title as one types.
    page.goto(f"{base}/admin/stories/story/add/")
    page.locator("#id_title").press_sequentially("Heatwave in the south")
    expect(page.locator("#id_slug")).to_have_value("heatwave-in-the-south")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Story.objects.filter(slug="heatwave-in-the-south").exists()

    # An update with the story picked through the autocomplete widget (select2).
    page.goto(f"{base}/admin/stories/update/add/")
    page.locator(".field-story .select2-selection").click()
    page.locator(".select2-dropdown .select2-search__field").fill("Storm")
    page.locator(".select2-results__option", has_text="Storm over the capital").click()
    page.fill("#id_body", "Power is out in three districts.")
    page.click("input[name=_save]")
    expect(page.locator(".messagelist")).to_contain_text("was added successfully")
    assert Update.objects.filter(story=story, body__startswith="Power is out").exists()

    # The calendar widget and the changelist's filters and actions.
    page.goto(f"{base}/admin/stories/update/")
    expect(page.locator("#result_list")).to_contain_text("Power is out")
    assert csp_violations == []


def test_desk_posts_previews_and_edits_under_the_policy_with_no_violation(
    live_server, page, csp_violations
):
    story = make_story(title="Storm over the capital", poll_interval=2)
    chief = make_user(is_staff=True, is_superuser=True)
    log_in(page, live_server, chief, f"/admin/stories/story/{story.pk}/desk/")
    expect(page.locator("#compose .desk-toolbar")).to_be_visible()

    page.fill("#id_body", "Roofs torn off in **three** districts.")
    expect(page.locator("#id_body-preview strong")).to_have_text("three")
    page.fill("#id_claims-0-source_name", "Fire service")
    page.fill("#id_claims-0-text", "Two hundred calls overnight")
    page.click("#compose .desk-submit")
    expect(page.locator("#compose .desk-notice")).to_be_visible()
    update = Update.objects.get(story=story)

    page.click(f"#desk-update-{update.pk} .changelink")
    page.fill("#id_edit-body", "Roofs torn off in four districts.")
    page.click("#desk-editor .desk-submit")
    expect(page.locator(f"#desk-stream #update-{update.pk}")).to_contain_text("four districts")
    assert csp_violations == []


def test_a_page_that_tries_an_inline_script_is_refused(live_server, page, csp_violations):
    # The policy is really enforced: the same browser refuses what the pages never do.
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => { const s = document.createElement("script");
                  s.textContent = "document.title = 'ran'"; document.head.append(s); }"""
    )
    assert page.title() != "ran"
    assert any(re.search(r"script-src", text) for text in csp_violations)

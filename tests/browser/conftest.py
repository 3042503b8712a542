"""Playwright fixtures (sync API) driving Debian's Chromium, /usr/bin/chromium.

Every test under tests/browser/ is marked ``browser``; ``-m "not browser"`` deselects them.

Browser tests serve the app with pytest-django's ``live_server`` fixture: the server runs in
a thread, so it needs ``transactional_db`` (which it requests itself). The database is
flushed after each test rather than rolled back: create each test's data inside the test,
and build URLs from ``live_server.url``::

    def test_story_page_shows_updates(live_server, page):
        story = make_story()
        page.goto(f"{live_server.url}{story.get_absolute_url()}")

The flush also drops the newsroom's groups that the data migration made: a test that logs
in a journalist or an editor asks for the ``roles`` fixture, which makes them again.

Without Chromium these tests skip locally; in CI (``CI=true``) they fail instead, and so does
any other skip here, so CI can never go green without running them.
"""

import os
from pathlib import Path

import pytest
from django.contrib.auth.models import Group, Permission
from playwright.sync_api import sync_playwright

from stories.roles import sync_roles

# Playwright's sync API keeps an asyncio event loop in the main thread, and Django then
# refuses ORM calls from the test (SynchronousOnlyOperation), though the test is plain sync code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
IN_CI = os.environ.get("CI") == "true"
BROWSER_TESTS = Path(__file__).parent


def pytest_collection_modifyitems(items):
    # A conftest's collection hook sees the whole session's items, hence the path check.
    for item in items:
        if BROWSER_TESTS in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if IN_CI and report.skipped and not hasattr(report, "wasxfail"):
        report.outcome = "failed"
        report.longrepr = f"browser test skipped in CI (CI=true): {report.longrepr}"
    return report


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def context(browser):
    context = browser.new_context()
    # Fail in seconds, not Playwright's default 30, when an element never appears.
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def page(context):
    page = context.new_page()
    yield page
    page.close()


@pytest.fixture
def roles(transactional_db):
    """The Journalist and Editor groups, which live_server's flush removed."""
    sync_roles(Group, Permission)


@pytest.fixture
def csp_violations(page):
    """Every Content-Security-Policy violation the page reports, across navigations.

    Chromium logs each refused script, style or frame to the console; a listener added
    before any page script also records the ``securitypolicyviolation`` events.
    """
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    page.expose_function("__cspViolation", lambda text: seen.append(text))
    page.add_init_script(
        """document.addEventListener("securitypolicyviolation", (e) =>
             window.__cspViolation(`${e.violatedDirective} blocked ${e.blockedURI}`));"""
    )
    return seen

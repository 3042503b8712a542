"""Project-wide test fixtures."""

import pytest
from django.core.cache import cache, caches

from stories.live import cache as live_cache
from tests.support.local_sites import local_site  # noqa: F401 (a fixture: sites on loopback)


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Hashed static names need `collectstatic`; tests serve the source files instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


@pytest.fixture(autouse=True)
def _no_rendered_copies(settings):
    # Most tests write inside a transaction that never commits, so the commit hooks that
    # move the story state and the render generation never run, and whole rendered pages
    # keyed by them would look unchanged. tests/reader/test_rendered.py tests those copies
    # with the hooks run, as every real write commits.
    settings.CACHES = {
        **settings.CACHES,
        "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    }


@pytest.fixture
def stoppable_cluster():
    """The throwaway PostgreSQL cluster, running again after the test whatever happened."""
    from tests.support.cluster import cluster

    found = cluster()
    if found is None:
        pytest.skip("needs the throwaway PostgreSQL cluster of scripts/run-tests.sh (make test)")
    yield found
    if not found.is_running():
        found.start()


@pytest.fixture(autouse=True)
def _empty_cache():
    # The story-state cache must not leak between tests (primary keys are reused), nor
    # the per-process copies stories/live/cache.py keeps of it.
    cache.clear()
    caches["fragments"].clear()
    caches["pages"].clear()
    live_cache.forget_local_states()
    yield
    cache.clear()
    caches["fragments"].clear()
    caches["pages"].clear()
    live_cache.forget_local_states()


@pytest.fixture
def vapid_keys(settings):
    """Push alerts switched on with a fresh VAPID key pair: (private, public)."""
    from stories.alerts import vapid

    private, public = vapid.generate()
    settings.VAPID_PRIVATE_KEY = private
    settings.VAPID_SUBJECT = "mailto:desk@news.example"
    return private, public


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Tests create many users; the production hasher is slow by design.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def pytest_terminal_summary(terminalreporter):
    from tests.support.figures import FIGURES

    if FIGURES:
        terminalreporter.section("security and reliability figures")
        for name, value in sorted(FIGURES.items()):
            terminalreporter.write_line(f"{name}: {value}")

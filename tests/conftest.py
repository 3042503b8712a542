"""Project-wide test fixtures."""

import pytest
from django.core.cache import cache, caches

from stories.live import cache as live_cache


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Hashed static names need `collectstatic`; tests serve the source files instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.WHITENOISE_AUTOREFRESH = True


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
    live_cache.forget_local_states()
    yield
    cache.clear()
    caches["fragments"].clear()
    live_cache.forget_local_states()


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

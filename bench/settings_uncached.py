"""Benchmark-only settings: the app with an empty fragment cache on every request.

``CACHES["fragments"]`` and ``CACHES["pages"]`` keep nothing (Django's dummy cache), so
every request renders the page and every update on it again: the cost of a story page
before ``stories/reader/rendered.py`` and ``stories/reader/fragments.py`` have seen it.
Everything else is the app's own settings.
"""

from liveblog.settings import *  # noqa: F403

CACHES = {
    **CACHES,  # noqa: F405
    "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
    "pages": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}

"""Benchmark-only settings: the app with an empty fragment cache on every request.

``CACHES["fragments"]`` keeps nothing (Django's dummy cache), so every update on a page
is rendered again: the cost of a story page before ``stories/reader/fragments.py``
has seen its updates. Everything else is the app's own settings.
"""

from liveblog.settings import *  # noqa: F403

CACHES = {
    **CACHES,  # noqa: F405
    "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},
}

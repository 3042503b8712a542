"""Benchmark-only settings: the floor under the app's hot path.

No middleware and one trivial view (``bench/urls_floor.py``), served by the same gunicorn
configuration as the app: what a Django request costs before the app does anything. The
benchmark compares a nothing-changed poll, with the whole security middleware, to it.
"""

from liveblog.settings import *  # noqa: F403

MIDDLEWARE = []
ROOT_URLCONF = "bench.urls_floor"

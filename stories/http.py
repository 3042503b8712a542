"""HTTP policy in one place: how long each kind of answer may be cached, and how the
parameters every public URL shares are read.

Public answers never touch the session or CSRF machinery, so they set no cookies and do
not vary on them: an HTTP cache in front of the app may serve them to everyone.
"""

import re
from dataclasses import dataclass
from functools import wraps

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control
from django_htmx.middleware import HtmxDetails

# A story's or a source's slug, as the URLs accept it.
SLUG_PATTERN = r"[-a-zA-Z0-9_]{1,200}"
SLUG = re.compile(SLUG_PATTERN)
# Story versions are PostgreSQL bigints.
MAX_VERSION = 2**63 - 1


class HtmxHttpRequest(HttpRequest):
    htmx: HtmxDetails


@dataclass(frozen=True)
class CachePolicy:
    """``Cache-Control: public, max-age=…, stale-while-revalidate=…`` for shared caches."""

    max_age: int
    stale: int | None = None

    def apply(self, response: HttpResponse) -> HttpResponse:
        extra = {} if self.stale is None else {"stale_while_revalidate": self.stale}
        patch_cache_control(response, public=True, max_age=self.max_age, **extra)
        return response

    def __call__(self, view):
        """Use as a decorator on a view whose answers all follow this policy."""

        @wraps(view)
        def cached(request, *args, **kwargs):
            return self.apply(view(request, *args, **kwargs))

        return cached


# The story list: new stories are rare.
HOME = CachePolicy(10, 30)
# Permalinks and source pages: a change shows within half a minute.
ARCHIVE = CachePolicy(30, 60)
# Feed readers poll; a shared cache in front answers most of them.
FEED = CachePolicy(60, 300)
SITEMAP = CachePolicy(300)
STATIC_REDIRECT = CachePolicy(86400)


def story_page(poll_interval: int) -> CachePolicy:
    """A live story's pages: never older than one poll interval (5 s at most)."""
    return CachePolicy(min(5, poll_interval), poll_interval)


def poll_answer(max_age: int, poll_interval: int) -> CachePolicy:
    """A poll answer. A browser re-asks for the same cursor one interval later: by then
    its copy must be past max-age AND the stale window, or it would be shown the old
    answer once more and a change would wait a second interval."""
    return CachePolicy(max_age, max(0, poll_interval - max_age - 1))


def api_answer(max_age: int, poll_interval: int) -> CachePolicy:
    """The JSON API's answers about one story: short, like the poll's."""
    return CachePolicy(max_age, poll_interval)


def parse_cursor(value: str | None) -> int | None:
    """A ``?since=`` version, or None when it is missing or not a plain number."""
    # isascii(): str.isdigit() also accepts digits int() refuses, such as "²".
    if value is None or not (value.isascii() and value.isdigit()) or len(value) > 18:
        return None
    return int(value)


def is_slug(value: str) -> bool:
    return SLUG.fullmatch(value) is not None


def bad_request(message: str) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")

"""Fresh poll answers in nginx right after a commit (``LIVEBLOG_NGINX_REFRESH_URLS``).

nginx keeps each poll answer for its max-age (deploy/nginx.conf). A reader whose poll
lands just after a commit is handed the copy made before it ("nothing new", or changes
without the newest) and waits a whole poll interval more for the post. So after each
commit that moves a story's cursor, the app asks each configured nginx again for the
poll URLs of that story it answered in the last few seconds, with
``X-Liveblog-Refresh: <version>``. nginx honours that header only from the app servers'
own addresses (``$liveblog_refresh``): it skips its copy, passes the request on, and
stores the answer in the copy's place. The worker answering it first reads the story's
state afresh when it holds an older version than the header names
(``state.catch_up``), so the new copy is never the old answer again.

Only nginx's misses reach the app (about one per cursor and max-age), so remembering
them costs little: one entry per URL in the shared cache (Redis with ``REDIS_URL``; with
local memory each process remembers the misses it answered). The requests go from a
thread, after the commit, with a short timeout: an editor's save never waits for them
and never fails because nginx is down (it is logged).
"""

import http.client
import logging
import threading
import time
from typing import NamedTuple
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache

from stories.live.cache import StoryState

HEADER = "X-Liveblog-Refresh"
META_HEADER = "HTTP_X_LIVEBLOG_REFRESH"
# nginx keeps a poll answer at most its max-age (3 s) and a second: a URL answered
# longer ago than this has no copy left worth replacing.
REMEMBER_SECONDS = 10
# A story's remembered URLs: the latest cursors, with and without htmx and filters, fit;
# a client inventing cursors or filters cannot make a commit cost more than this.
MOST_URLS = 40
TIMEOUT_SECONDS = 2
logger = logging.getLogger(__name__)
# This process's last note of each URL: a URL missed again within a second is not
# written to the shared cache again.
_noted: dict[tuple, float] = {}


class PollURL(NamedTuple):
    """A poll as nginx keys it: the scheme and host it was asked on, path and query, htmx."""

    scheme: str
    host: str
    path: str
    since: int
    htmx: bool
    filtered: bool  # narrowed by ?source=, ?tag=, ?key= or ordered by ?order=


def is_on() -> bool:
    return bool(settings.LIVEBLOG_NGINX_REFRESH_URLS)


def _key(story_id: int) -> str:
    return f"liveblog:nginx-poll-urls:{story_id}"


def _recent(story_id: int, wall: float) -> dict[PollURL, float]:
    """The story's URLs noted within ``REMEMBER_SECONDS``, with when (wall clock)."""
    noted = cache.get(_key(story_id)) or {}
    return {url: at for url, at in noted.items() if at > wall - REMEMBER_SECONDS}


def remember(request, story_id: int, since: int) -> None:
    """Note a poll the app answered (a miss of nginx's cache), to refresh after a commit."""
    if not is_on() or META_HEADER in request.META:
        return  # a refresh is noted already; noting it again would keep it for ever
    filtered = any(name != "since" for name in request.GET)
    url = PollURL(
        request.scheme,
        request.get_host(),
        request.get_full_path(),
        since,
        bool(request.htmx),
        filtered,
    )
    now = time.monotonic()
    if _noted.get(url, 0.0) > now - 1:
        return
    if len(_noted) > 10 * MOST_URLS:
        _noted.clear()
    _noted[url] = now
    # Two processes noting at once may lose one note: that URL is then not refreshed,
    # and its copy only lives out its max-age, as without this module.
    wall = time.time()
    urls = _recent(story_id, wall)
    urls[url] = wall
    cache.set(_key(story_id), dict(sorted(urls.items(), key=_worth)[-MOST_URLS:]), REMEMBER_SECONDS)


def _worth(item: tuple[PollURL, float]) -> tuple:
    """What to keep first: unfiltered polls, then the latest cursors, then the latest noted.

    Readers hold the latest cursors, so a client asking from cursors or filters of its
    own (nginx passes no other parameter) cannot push those out.
    """
    url, noted_at = item
    return (not url.filtered, url.since, noted_at)


def after_commit(state: StoryState) -> None:
    """Refresh in nginx the remembered polls of the story whose answer this commit changed."""
    if not is_on():
        return
    urls = _recent(state.pk, time.time())
    # Only polls from before this version get another answer; the latest cursors first,
    # as most readers hold them.
    urls = sorted((u for u in urls if u.since < state.version), key=lambda u: -u.since)
    if urls:
        thread = threading.Thread(target=_refresh_all, args=(urls, state.version), daemon=True)
        thread.start()


def _refresh_all(urls: list[PollURL], version: int) -> None:
    for base in settings.LIVEBLOG_NGINX_REFRESH_URLS:
        try:
            _refresh(base, urls, version)
        except (OSError, http.client.HTTPException) as error:
            logger.warning("Could not refresh poll answers in nginx at %s: %r", base, error)


def _refresh(base: str, urls: list[PollURL], version: int) -> None:
    """Ask one nginx for each URL again, on one connection.

    These are requests to our own proxy, named in the settings, not to the outside:
    they need not (and cannot, being on loopback) go through ``stories/safe_fetch.py``.
    """
    address = urlsplit(base)
    connection = http.client.HTTPConnection(
        address.hostname, address.port or 80, timeout=TIMEOUT_SECONDS
    )
    try:
        for url in urls:
            headers = {"Host": url.host, HEADER: str(version), "X-Forwarded-Proto": url.scheme}
            if url.htmx:
                headers["HX-Request"] = "true"
            connection.request("GET", url.path, headers=headers)
            connection.getresponse().read()
    finally:
        connection.close()

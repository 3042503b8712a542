"""The poll's short way through the middleware.

Every reader of a live story asks ``/stories/<slug>/poll/`` every few seconds, and most
answers are "nothing new" from the cached story state, so every middleware is paid on
nearly every request the site gets. The middleware listed before this one still run for
polls: every security header (``SecurityMiddleware``, the CSP, ``X-Frame-Options``),
the NUL, host and user-agent checks, the outage answer, the replica routing and the
language. Those listed after it serve editors and their forms (sessions, CSRF,
authentication, messages, login throttling) and have nothing to do for a poll: it is
a GET (the view refuses other methods) that reads no session and no user, and CSRF
checks only unsafe methods. So a poll goes from here straight to its view, skipping
them and Django's view-middleware pass; a database error it raises still gets the
outage middleware's 503 (``liveblog/outage.py``), as Django's handler would give it.
"""

import functools

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.urls import Resolver404, ResolverMatch, resolve

from liveblog.outage import answer_outage

POLL_VIEW = "stories:story_poll"


class PollShortcutMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        # endswith first: other requests pay one string test, not a URL resolution.
        if request.path_info.endswith("/poll/"):
            urlconf = getattr(request, "urlconf", None) or settings.ROOT_URLCONF
            match = _poll_match(request.path_info, urlconf)
            if match is not None:
                return _answer(request, match)
        return self.get_response(request)


@functools.lru_cache(maxsize=1024)
def _poll_match(path: str, urlconf: str) -> ResolverMatch | None:
    """The poll view's match for ``path``, or None; resolved once per story's poll URL
    (a sixth of a nothing-changed poll's cost when resolved on every request)."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return None
    return match if match.view_name == POLL_VIEW else None


def _answer(request: HttpRequest, match) -> HttpResponseBase:
    request.resolver_match = match
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Exception as error:
        response = answer_outage(request, error)
        if response is None:
            raise
    # What CommonMiddleware, skipped here, adds: clients and nginx need no chunking.
    if not response.streaming and not response.has_header("Content-Length"):
        response["Content-Length"] = str(len(response.content))
    return response

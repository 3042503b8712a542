"""A database outage answers 503 at once, with Retry-After, instead of a 500 or a hang.

The connect timeout (``DATABASE_CONNECT_TIMEOUT``, 2 s by default) bounds how long a
request waits for a database that is gone; this middleware turns the error that follows
into a short answer clients know to retry: the reader page's poller backs off and shows
"Reconnecting…", and the desk keeps the journalist's text and says the save failed.
"""

import logging

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 10


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        return answer_outage(request, exception)


def answer_outage(request: HttpRequest, exception: Exception) -> HttpResponse | None:
    """The 503 for a database error a view raised; None for any other exception."""
    if not isinstance(exception, OperationalError | InterfaceError):
        return None
    logger.error("Database unavailable: %s", exception)
    return service_unavailable(request)


# Form fields never echoed back: secrets, and the machinery of forms and formsets.
_NOT_ECHOED = ("password", "csrf", "token", "-TOTAL_FORMS", "-INITIAL_FORMS", "_FORMS")


def unsaved_text(request: HttpRequest) -> list[tuple[str, str]]:
    """What the person typed into a form that could not be saved, to hand back to them.

    CSRF was checked before the view ran, so this goes only to whoever sent it.
    """
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name, values in request.POST.lists()
        if not any(part in name for part in _NOT_ECHOED)
        for value in values
        if len(value.strip()) > 1 and not value.isdigit()
    ]


def service_unavailable(request: HttpRequest) -> HttpResponse:
    if request.method in {"GET", "HEAD"}:
        message = _("This page cannot be loaded right now. Please try again in a moment.")
    else:
        message = _("The database cannot be reached, so nothing was saved. Please try again.")
    if request.headers.get("HX-Request") or "text/html" not in request.headers.get("Accept", ""):
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    else:
        context = {"message": message, "unsaved": unsaved_text(request)}
        html = render_to_string("service_unavailable.html", context, request)
        response = HttpResponse(html, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response

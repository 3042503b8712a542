"""The checks every alert request passes before its body is read.

The subscribe and unsubscribe endpoints are called by the story page's script on a
public, cacheable page that has no session and no CSRF cookie, so Django's CSRF check
cannot apply (``stories/alerts/views.py`` says why none is needed). What stands in its
place, and in front of every body: the request must be JSON (which a cross-site page can
only send after a CORS preflight we never grant), must not come from another site when
the browser says where it comes from, must be small, and each client address gets a
limited number of tries per window.
"""

from urllib.parse import urlsplit

from axes.helpers import get_client_ip_address
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _

# A subscription is about 500 bytes; nothing a browser sends comes near this.
MAX_BODY_BYTES = 4096
# Subscribe and unsubscribe requests allowed per client address and window: a reader
# follows a few stories; a script flooding us is stopped.
REQUEST_LIMIT = 30
WINDOW_SECONDS = 600


def json_answer(status: int, message: str, **headers) -> JsonResponse:
    response = JsonResponse({"detail": message}, status=status, headers=headers)
    add_never_cache_headers(response)
    return response


def refusal(request: HttpRequest) -> JsonResponse | None:
    """A 4xx answer for a request that may not go further, or None."""
    if request.content_type != "application/json":
        return json_answer(415, _("Send the subscription as application/json."))
    if _from_another_site(request):
        return json_answer(403, _("Subscriptions are made from this site's pages."))
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return json_answer(400, _("The request's length is not a number."))
    if length > MAX_BODY_BYTES:
        return json_answer(413, _("The request body is too large."))
    if _over_the_limit(request):
        message = _("Too many requests; try again later.")
        return json_answer(429, message, **{"Retry-After": str(WINDOW_SECONDS)})
    return None


def _from_another_site(request: HttpRequest) -> bool:
    if request.headers.get("Sec-Fetch-Site", "same-origin") not in {"same-origin", "none"}:
        return True
    origin = request.headers.get("Origin")
    if origin is None:
        return False
    if origin in settings.CSRF_TRUSTED_ORIGINS:
        return False
    parts = urlsplit(origin)
    return parts.scheme != request.scheme or parts.netloc != request.get_host()


def _over_the_limit(request: HttpRequest) -> bool:
    address = get_client_ip_address(request) or "unknown"
    key = f"alerts:requests:{address}"
    cache.add(key, 0, WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr: this is the window's first
        cache.set(key, 1, WINDOW_SECONDS)
        count = 1
    return count > REQUEST_LIMIT

"""Browser-facing security: the Content-Security-Policy's one home, and framing.

The policy itself is ``CONTENT_SECURITY_POLICY`` in ``liveblog/settings.py``; views change
it only through the helpers here, so there is one place to read what a page may load.

- Scripts come only from our own origin (``static/js/``, htmx via ``{% htmx_script %}``,
  the admin's static files). A page that needs an inline script uses the per-response
  nonce, ``{{ csp_nonce }}`` in templates.
- A nonce in a response that a shared cache keeps would be handed to every reader, so a
  publicly cacheable response never carries one in its header: its scripts load through
  ``'self'`` alone and a nonce attribute left in its HTML allows nothing.
- A URL with a NUL character is refused (:class:`RejectNullCharactersMiddleware`).
- Every page refuses to be framed (``frame-ancestors 'none'`` and ``X-Frame-Options``)
  except views wrapped in :func:`embeddable`.
"""

from collections.abc import Callable
from functools import wraps

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware, PolicyParts
from csp.utils import build_policy
from django.conf import settings
from django.http import HttpRequest, HttpResponseBadRequest, HttpResponseBase, JsonResponse
from django.urls import reverse
from django.utils.cache import get_max_age
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    def get_policy_parts(
        self, request: HttpRequest, response: HttpResponseBase, report_only: bool = False
    ) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        if _is_shared_cacheable(response):
            parts.nonce = None
        return parts

    def process_response(self, request: HttpRequest, response: HttpResponseBase):
        if not _uses_settings_policy(request, response):
            return super().process_response(request, response)
        # Most answers (every poll, every public page): the settings' policy as it is,
        # built once rather than per response; otherwise what django-csp does.
        if HEADER not in response and not getattr(response, "_csp_exempt", False):
            response[HEADER] = _settings_policy()
        if getattr(request, "_csp_nonce", None) is None:
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _uses_settings_policy(request: HttpRequest, response: HttpResponseBase) -> bool:
    """Whether the answer's policy is exactly the settings' (no nonce, nothing changed)."""
    if settings.DEBUG or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None):
        return False
    if settings.CONTENT_SECURITY_POLICY.get("EXCLUDE_URL_PREFIXES"):
        return False
    changes = ("_csp_config", "_csp_update", "_csp_replace")
    if any(getattr(response, name, None) is not None for name in changes):
        return False
    return getattr(request, "_csp_nonce", None) is None or _is_shared_cacheable(response)


_built_policy: tuple[object, str] | None = None


def _settings_policy() -> str:
    """The header for ``CONTENT_SECURITY_POLICY``; built again when the setting changes."""
    global _built_policy
    policy = settings.CONTENT_SECURITY_POLICY
    if _built_policy is None or _built_policy[0] is not policy:
        _built_policy = (policy, build_policy())
    return _built_policy[1]


def _is_shared_cacheable(response: HttpResponseBase) -> bool:
    cache_control = response.get("Cache-Control", "")
    return "public" in cache_control or "s-maxage" in cache_control or bool(get_max_age(response))


def csp_nonce(request: HttpRequest) -> dict:
    """Template context processor: ``csp_nonce``, made only when a template reads it."""
    return {"csp_nonce": getattr(request, "csp_nonce", None)}


def embeddable(view: Callable) -> Callable:
    """Let other sites frame this view: the origins in ``LIVEBLOG_EMBED_ALLOWED_ORIGINS``.

    The rest of the policy stays every page's. The origins are read per response (not
    once, as django-csp's ``csp_replace`` decorator would) so settings can change them.
    """

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        response._csp_replace = {"frame-ancestors": settings.LIVEBLOG["EMBED_ALLOWED_ORIGINS"]}
        return response

    return xframe_options_exempt(wrapped)


class RejectNullCharactersMiddleware:
    """Answer 400 to a URL carrying a NUL character, before any view sees it.

    No legitimate link holds one, and PostgreSQL refuses NUL in text: a query parameter
    used in a lookup (the admin's search and autocomplete) would otherwise end in a 500.
    Forms already refuse NUL in their fields (Django's ProhibitNullCharactersValidator).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        if "\x00" in request.path or any(
            "\x00" in key or any("\x00" in value for value in values)
            for key, values in request.GET.lists()
        ):
            message = _("Null characters are not allowed in addresses.")
            if request.path.startswith(reverse("api:api-root")):
                # The JSON API's clients read every error from {"detail": ...}.
                return JsonResponse({"detail": message}, status=400)
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

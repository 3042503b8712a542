"""Who is writing through the API: a bearer token, and how often it may write.

Every write operation declares ``TOKEN`` (``Authorization: Bearer <token>``, in the
OpenAPI schema as bearer security) and ``PER_TOKEN`` (a limit on writes per token).
A missing, malformed, unknown or revoked token, or one whose user is no longer active
staff, gets 401; over the limit, 429 with ``Retry-After``. The token's user becomes
``request.user``, so the desk's permission checks and the admin's history apply as
they do on the desk.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.security import HttpBearer
from ninja.throttling import SimpleRateThrottle

from stories import permissions
from stories.models import ApiToken


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> ApiToken | None:
        api_token = ApiToken.objects.authenticate(token)
        if api_token is None or not permissions.is_newsroom_member(api_token.user):
            return None
        request.user = api_token.user
        return api_token


class PerTokenThrottle(SimpleRateThrottle):
    """At most ``rate`` writes per token (``LIVEBLOG_API_WRITE_RATE``, e.g. ``60/m``).

    Counted in the default cache: per process with local memory, shared by every app
    server with ``REDIS_URL``.
    """

    scope = "api-token"

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": request.auth.pk}


TOKEN = TokenAuth()
PER_TOKEN = PerTokenThrottle(settings.LIVEBLOG["API_WRITE_RATE"])

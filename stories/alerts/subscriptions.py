"""A browser's push subscription, as posted by the story page, checked strictly.

What a reader posts decides where our server sends requests, so the push service's
address must be https on a known push service (``PUSH_SERVICE_HOSTS``; the
test hosts of ``LIVEBLOG_FETCH_ALLOWED_HOSTS`` also over http), and the keys must be
a real P-256 point and a 16-byte secret, or nothing is stored.
"""

import json
from dataclasses import dataclass
from urllib.parse import urlsplit

from cryptography.hazmat.primitives.asymmetric import ec
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

from stories.alerts.vapid import b64url, b64url_decode
from stories.models.alerts import ENDPOINT_MAX_LENGTH

# What PushSubscription.toJSON() has; anything else is refused.
SUBSCRIPTION_FIELDS = {"endpoint", "expirationTime", "keys"}
_url = URLValidator(schemes=["http", "https"])
# The push services of the browsers that support Web Push (Chrome and the browsers built
# on it, Firefox, Edge, Safari), each with its subdomains. A subscription naming any other
# host is refused, so readers cannot make the server send requests elsewhere.
PUSH_SERVICE_HOSTS = (
    "fcm.googleapis.com",
    "push.services.mozilla.com",
    "notify.windows.com",
    "push.apple.com",
)


class Invalid(ValueError):
    """The posted subscription is not one; the message says why, for the 400 answer."""


@dataclass(frozen=True)
class Subscription:
    endpoint: str
    p256dh: str
    auth: str


def parse_json(body: bytes) -> dict:
    try:
        data = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
        raise Invalid(_("The request body is not JSON.")) from None
    if not isinstance(data, dict):
        raise Invalid(_("Send the subscription as a JSON object."))
    return data


def parse_subscription(data: dict) -> Subscription:
    """The subscription in a posted ``PushSubscription.toJSON()``; raises Invalid."""
    unknown = set(data) - SUBSCRIPTION_FIELDS
    if unknown:
        raise Invalid(_("Unknown field: %(name)s.") % {"name": sorted(unknown)[0][:40]})
    keys = data.get("keys")
    if not isinstance(keys, dict):
        raise Invalid(_("The subscription has no keys."))
    return Subscription(
        endpoint=parse_endpoint(data.get("endpoint")),
        p256dh=_parse_public_key(keys.get("p256dh")),
        auth=parse_auth(keys.get("auth")),
    )


def parse_endpoint(value) -> str:
    if (
        not isinstance(value, str)
        or not 0 < len(value) <= ENDPOINT_MAX_LENGTH
        or not value.isprintable()
        or " " in value
    ):
        raise Invalid(_("The subscription has no valid push service address."))
    try:
        _url(value)
    except ValidationError:
        raise Invalid(_("The subscription has no valid push service address.")) from None
    parts = urlsplit(value)
    host = (parts.hostname or "").lower()
    test_hosts = settings.LIVEBLOG_FETCH_ALLOWED_HOSTS
    if parts.username is not None or (parts.scheme != "https" and host not in test_hosts):
        raise Invalid(_("The push service address must be https."))
    if not (host in test_hosts or _is_push_service(host)):
        raise Invalid(_("That is not a push service we send to."))
    return value


def _is_push_service(host: str) -> bool:
    return any(host == known or host.endswith("." + known) for known in PUSH_SERVICE_HOSTS)


def _decoded(value, length: int, message: str) -> bytes:
    # 200 characters is far more than any key's encoding: nothing longer is decoded.
    if not isinstance(value, str) or len(value) > 200:
        raise Invalid(message)
    try:
        raw = b64url_decode(value)
    except ValueError:
        raise Invalid(message) from None
    if len(raw) != length:
        raise Invalid(message)
    return raw


def _parse_public_key(value) -> str:
    message = _("The subscription's p256dh key is not a P-256 public key.")
    raw = _decoded(value, 65, message)
    try:
        ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), raw)
    except ValueError:
        raise Invalid(message) from None
    return b64url(raw)


def parse_auth(value) -> str:
    return b64url(_decoded(value, 16, _("The subscription's auth secret is not 16 bytes.")))

"""The server's VAPID key pair, which identifies our pushes to the browsers' push services.

``VAPID_PRIVATE_KEY`` is the P-256 private key as 32 raw bytes in base64url (what
``manage.py vapid_keys`` prints, and the common Web Push tools generate); the public key
handed to browsers is derived from it, so the two can never disagree. Without it the
site offers no alerts. ``VAPID_SUBJECT`` (a ``mailto:`` or ``https:`` address) tells a
push service whom to contact about our traffic.
"""

import base64
from functools import cache

from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from py_vapid import Vapid


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(text: str) -> bytes:
    """Strict base64url, padded or not; raises ValueError for anything else."""
    if not text.isascii() or len(text) % 4 == 1:
        raise ValueError("not base64url")
    return base64.b64decode(text + "=" * (-len(text) % 4), altchars=b"-_", validate=True)


def is_configured() -> bool:
    return bool(settings.VAPID_PRIVATE_KEY)


@cache
def _signer(private_key: str) -> Vapid:
    try:
        raw = b64url_decode(private_key)
        if len(raw) != 32:
            raise ValueError("a P-256 private key is 32 bytes")
        return Vapid.from_raw(b64url(raw).encode())
    except ValueError as error:
        raise ImproperlyConfigured(f"VAPID_PRIVATE_KEY: {error}") from None


def signer() -> Vapid:
    """The py_vapid key that signs our pushes' Authorization headers."""
    return _signer(settings.VAPID_PRIVATE_KEY)


def public_key() -> str:
    """The application server key browsers subscribe with (65-byte point, base64url)."""
    point = signer().public_key.public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return b64url(point)


def claims() -> dict:
    """Fresh claims for one push: pywebpush adds the audience (the service's origin)."""
    return {"sub": settings.VAPID_SUBJECT}


def generate() -> tuple[str, str]:
    """A new key pair: (private key for VAPID_PRIVATE_KEY, public key), both base64url."""
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_numbers().private_value.to_bytes(32, "big")
    public = key.public_key().public_bytes(Encoding.X962, PublicFormat.UncompressedPoint)
    return b64url(private), b64url(public)

"""How a delivery to a partner is signed, and how the partner checks it.

Header ``Liveblog-Signature: t=<unix time>,v1=<hex>``, where ``<hex>`` is
HMAC-SHA256 with the endpoint's secret over ``"<unix time>." + body`` (the body's
exact bytes). Signing the time with the body lets a receiver refuse an old delivery
played again: it checks the signature, then that the time is recent
(``TOLERANCE_SECONDS``). docs/webhooks.md shows a receiver doing exactly this.
"""

import hashlib
import hmac
import time

HEADER = "Liveblog-Signature"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    message = str(timestamp).encode("ascii") + b"." + body
    return hmac.new(secret.encode("utf-8"), message, hashlib.sha256).hexdigest()


def header_value(secret: str, body: bytes, *, now: float | None = None) -> str:
    timestamp = int(time.time() if now is None else now)
    return f"t={timestamp},v1={signature(secret, timestamp, body)}"


def verify(secret: str, header: str, body: bytes, *, now: float | None = None) -> bool:
    """What a partner runs: the signature matches and was made within the tolerance."""
    try:
        fields = dict(part.split("=", 1) for part in header.split(","))
        timestamp = int(fields["t"])
    except (KeyError, ValueError):
        return False
    now = time.time() if now is None else now
    if abs(now - timestamp) > TOLERANCE_SECONDS:
        return False
    return hmac.compare_digest(signature(secret, timestamp, body), fields.get("v1", ""))

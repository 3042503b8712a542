"""Browsers' push subscriptions for tests, with the keys to read what is pushed to them."""

import os
from dataclasses import dataclass

import http_ece
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

from stories.alerts import vapid


@dataclass
class Browser:
    """What a browser keeps of its subscription: the private key and the auth secret."""

    endpoint: str
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes

    def subscription_json(self) -> dict:
        point = self.private_key.public_key().public_bytes(
            Encoding.X962, PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.endpoint,
            "expirationTime": None,
            "keys": {"p256dh": vapid.b64url(point), "auth": vapid.b64url(self.auth)},
        }

    def decrypt(self, body: bytes) -> bytes:
        return http_ece.decrypt(
            body, private_key=self.private_key, auth_secret=self.auth, version="aes128gcm"
        )


def make_browser(endpoint: str = "https://fcm.googleapis.com/fcm/send/abc") -> Browser:
    return Browser(endpoint, ec.generate_private_key(ec.SECP256R1()), os.urandom(16))

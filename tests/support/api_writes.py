"""Helpers for the write API's tests: tokens and requests that carry them."""

import io
import json

from PIL import Image

from stories.models import ApiToken


def token_for(user, name: str = "field app") -> str:
    return ApiToken.objects.issue(user=user, name=name)[1]


def bearer(secret: str | None) -> dict:
    return {"Authorization": f"Bearer {secret}"} if secret else {}


def send(client, method: str, url: str, body=None, *, secret=None, headers=None):
    """A JSON request (or multipart, for a dict holding files) with the token, if any."""
    headers = {**bearer(secret), **(headers or {})}
    files = isinstance(body, dict) and any(hasattr(v, "read") for v in body.values())
    if method == "post" and files:
        return client.post(url, body, headers=headers)
    data = body if isinstance(body, str | bytes) else json.dumps(body or {})
    return getattr(client, method)(url, data, content_type="application/json", headers=headers)


def png_file(name: str = "dot.png") -> io.BytesIO:
    data = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(data, format="PNG")
    data.seek(0)
    data.name = name
    return data

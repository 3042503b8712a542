"""Where a saved copy's bytes go: the body gzip-compressed, the thumbnail as an image."""

import gzip

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from stories import images
from stories.safe_fetch import FetchError, fetch

IMAGE_TYPES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})


def store_body(body: bytes, sha256: str) -> str:
    """Keep ``body`` as ``saved-copies/ab/<sha256>.gz``; the same bytes are kept once."""
    name = f"saved-copies/{sha256[:2]}/{sha256}.gz"
    if not default_storage.exists(name):
        # mtime=0: the same body always compresses to the same file.
        default_storage.save(name, ContentFile(gzip.compress(body, mtime=0)))
    return name


def read_body(name: str) -> bytes:
    with default_storage.open(name) as stored:
        return gzip.decompress(stored.read())


def store_thumbnail(address: str) -> str:
    """Fetch a card's image and keep a cleaned local copy; its URL, or "" when it fails."""
    if not address:
        return ""
    try:
        answer = fetch(address, allowed_types=IMAGE_TYPES, max_bytes=images.MAX_BYTES)
        if not answer.ok:
            return ""
        return images.store_image(ContentFile(answer.body, name="thumbnail"))
    except (FetchError, ValidationError):
        return ""

"""Images in update bodies: checked by their content, cleaned and stored under MEDIA_ROOT.

An upload is trusted for nothing: not its name, not its declared type. Pillow decides
what it is; only JPEG, PNG, GIF and WebP of sane size are kept. The stored file is
re-encoded by Pillow, which drops metadata a journalist may not know is there (a
phone's GPS position in EXIF) and anything appended after the image data.
"""

import io
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000
# Pillow format name -> file extension of the stored copy.
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}


def _open(upload) -> Image.Image:
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(limit)d MB."), params={"limit": MAX_BYTES // 2**20}
        )
    upload.seek(0)
    # At most MAX_BYTES, checked above: read once, so Pillow never closes the upload.
    content = upload.read()
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        image = Image.open(io.BytesIO(content))
        width, height = image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not an image we can read.")) from None
    if image.format not in FORMATS:
        raise ValidationError(_("Use a JPEG, PNG, GIF or WebP image."))
    if width * height > MAX_PIXELS:
        raise ValidationError(_("The image has too many pixels; make it smaller."))
    return image


def check_image(upload) -> None:
    """Raise ValidationError unless ``upload`` is an image we accept."""
    _open(upload).close()


def store_image(upload) -> str:
    """Save a cleaned copy as ``updates/YYYY/MM/<random>-<w>x<h>.<ext>``; return its URL."""
    output = io.BytesIO()
    with _open(upload) as original:
        image_format = original.format
        try:
            if image_format == "GIF":
                # Keep the animation; GIF carries no EXIF.
                size = original.size
                original.save(
                    output, format="GIF", save_all=getattr(original, "is_animated", False)
                )
            else:
                # Turn the pixels as the camera meant, since the EXIF saying so is dropped.
                image = ImageOps.exif_transpose(original)
                if image_format == "JPEG" and image.mode not in ("RGB", "L"):
                    image = image.convert("RGB")
                options = {"quality": 88} if image_format in ("JPEG", "WEBP") else {}
                size = image.size
                image.save(output, format=image_format, **options)
        except (OSError, ValueError):
            raise ValidationError(_("This file is not an image we can read.")) from None
    # The size in the name lets pages give the image its box before it loads
    # (stories/rich_text.py), so text never jumps when it arrives.
    width, height = size
    name = (
        f"updates/{timezone.now():%Y/%m}/{uuid.uuid4().hex}-{width}x{height}"
        f".{FORMATS[image_format]}"
    )
    stored = default_storage.save(name, ContentFile(output.getvalue()))
    return default_storage.url(stored)

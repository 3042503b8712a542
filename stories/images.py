"""Images in update bodies: checked by their content, cleaned and stored under MEDIA_ROOT.

An upload is trusted for nothing: not its name, not its declared type, not its header.
Pillow decides what it is; only JPEG, PNG, GIF and WebP of sane size are kept.

The work an upload may cause is bounded before any pixel is decoded. A small file can
ask for a great deal: a 1,419-byte GIF declared a 6000x6600 canvas and 60 one-pixel
frames, and Pillow works on the whole canvas for every frame (about a second and
hundreds of MB each); a progressive JPEG can repeat a 23-byte scan that makes the
decoder pass over the whole image again. So the canvas, the frames and a JPEG's scans
are counted from the file's structure, without decoding, and an upload over the limits
below is refused. docs/deploy.md gives the worst case they allow.

The stored file is re-encoded from the pixels alone: nothing the upload carried besides
them reaches it (EXIF with a phone's GPS position, XMP, comments, PNG text chunks, GIF
application extensions other than the loop count, bytes appended after the image). A
colour profile is applied to the pixels and not stored.
"""

import io
import struct
import threading
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

MAX_BYTES = 5 * 1024 * 1024
# A full-size photo from a 40-megapixel camera; cleaning one takes 0.4 GB (JPEG) to 0.9 (WebP).
MAX_PIXELS = 40_000_000
# Ten seconds at ten frames a second: more than a reaction GIF or a short clip needs.
MAX_FRAMES = 100
# Canvas pixels x frames: every GIF frame is decoded and re-encoded on the whole canvas,
# so this, not the file's size, is an animation's cost (a 720p clip of 100 frames: 92 MP).
MAX_TOTAL_PIXELS = 100_000_000
# Cameras write one scan, progressive encoders about ten; each makes the decoder pass over
# the whole image again, and one can take 23 bytes.
MAX_JPEG_SCANS = 100
# Pillow format name -> file extension of the stored copy.
FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
# Stored images carry no colour profile, so browsers take them as sRGB.
SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
# One image decoded at a time in each process: its threads would otherwise hold one
# image's memory each (up to about 0.9 GB for a 40 MP WebP).
DECODING = threading.Lock()


def _unreadable() -> ValidationError:
    return ValidationError(_("This file is not an image we can read."))


def _read(upload) -> bytes:
    if upload.size > MAX_BYTES:
        raise ValidationError(
            _("The image is larger than %(limit)d MB."), params={"limit": MAX_BYTES // 2**20}
        )
    upload.seek(0)
    # At most MAX_BYTES, checked above: read once, so Pillow never closes the upload.
    return upload.read()


def _skip_sub_blocks(content: bytes, position: int) -> int:
    """The position after the data sub-blocks (length byte, bytes; 0 ends) at ``position``."""
    while position < len(content) and content[position]:
        position += content[position] + 1
    return position + 1


def _colour_table_size(flags: int) -> int:
    """Bytes of the colour table that a GIF's screen or frame descriptor announces."""
    return 3 << ((flags & 7) + 1) if flags & 0x80 else 0


def _gif_layout(content: bytes) -> tuple[int, int, int]:
    """A GIF's canvas width and height and its frame count, read from its blocks alone.

    The blocks are walked as Pillow walks them (stray bytes skipped, the trailer or the end
    of the file ends it), counting at most MAX_FRAMES + 1 frames. The canvas is the
    logical screen grown to hold every frame, as Pillow grows it.
    """
    try:
        width, height, flags = struct.unpack_from("<HHB", content, 6)
        position = 13 + _colour_table_size(flags)
        frames = 0
        while position < len(content) and content[position] != 0x3B and frames <= MAX_FRAMES:
            if content[position] == 0x21:  # extension: a label, then sub-blocks
                position = _skip_sub_blocks(content, position + 2)
            elif content[position] == 0x2C:  # a frame: its descriptor, colours, LZW data
                left, top, frame_width, frame_height, flags = struct.unpack_from(
                    "<HHHHB", content, position + 1
                )
                width = max(width, left + frame_width)
                height = max(height, top + frame_height)
                frames += 1
                position = _skip_sub_blocks(content, position + 11 + _colour_table_size(flags))
            else:
                position += 1
    except struct.error:  # a header cut short
        raise _unreadable() from None
    return width, height, frames


def _check_work(width: int, height: int, frames: int) -> None:
    """Refuse an image whose decoding would cost more than the limits allow."""
    if frames > MAX_FRAMES:
        raise ValidationError(
            _("The animation has more than %(limit)d frames; make it shorter."),
            code="too_many_frames",
            params={"limit": MAX_FRAMES},
        )
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The image has too many pixels; make it smaller."), code="too_many_pixels"
        )
    if width * height * frames > MAX_TOTAL_PIXELS:
        raise ValidationError(
            _(
                "The animation's frames add up to more than %(limit)d megapixels; "
                "make it smaller or shorter."
            ),
            code="animation_too_large",
            params={"limit": MAX_TOTAL_PIXELS // 1_000_000},
        )


def _identify(content: bytes) -> Image.Image:
    """Pillow's lazy open: it reads the header, not the pixels."""
    try:
        with Image.open(io.BytesIO(content)) as probe:
            probe.verify()
        return Image.open(io.BytesIO(content))
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _unreadable() from None


def _check_opened(image: Image.Image, content: bytes) -> None:
    if image.format not in FORMATS:
        raise ValidationError(_("Use a JPEG, PNG, GIF or WebP image."))
    # n_frames reads headers only: PNG's and WebP's, and GIF's blocks like _gif_layout.
    _check_work(*image.size, getattr(image, "n_frames", 1))
    # Every scan starts with this marker, which compressed data never contains.
    if image.format == "JPEG" and content.count(b"\xff\xda") > MAX_JPEG_SCANS:
        raise ValidationError(
            _("This JPEG is saved in too many passes; save it as a standard JPEG."),
            code="too_many_scans",
        )


def _open(upload) -> Image.Image:
    content = _read(upload)
    if content.startswith((b"GIF87a", b"GIF89a")):
        # Before Pillow's open, which already allocates room for the first frame.
        _check_work(*_gif_layout(content))
    image = _identify(content)
    try:
        _check_opened(image, content)
    except ValidationError:
        image.close()
        raise
    return image


def check_image(upload) -> None:
    """Raise ValidationError unless ``upload`` is an image we accept."""
    _open(upload).close()


def _in_srgb(image: Image.Image) -> Image.Image:
    """The pixels in sRGB, if the upload's colour profile says they are in another space.

    The profile itself is not stored: it is bytes of the uploader's choosing. Converting
    keeps a wide-gamut photo (a phone's Display P3) from looking dull without it.
    """
    icc_profile = image.info.get("icc_profile")
    if not icc_profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(icc_profile))
        output_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, profile, SRGB, outputMode=output_mode)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image  # a profile lcms cannot use: the pixels as they are


def _encode_gif(original: Image.Image, output: io.BytesIO) -> tuple[int, int]:
    # Frame timings, disposal, transparency and the loop count pass to the encoder from
    # the frames; the comment would too, so it is emptied. Pillow writes no other block.
    original.save(
        output, format="GIF", save_all=getattr(original, "is_animated", False), comment=b""
    )
    return original.size


def _upright(image: Image.Image) -> Image.Image:
    """The pixels turned as the camera meant, since the EXIF saying so is dropped."""
    try:
        return ImageOps.exif_transpose(image)
    except SyntaxError:  # EXIF Pillow cannot parse: it is dropped all the same
        return image.copy()


def _encode_still(original: Image.Image, output: io.BytesIO) -> tuple[int, int]:
    image_format = original.format
    image = _in_srgb(_upright(original))
    if image_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    # Everything else in info came from the upload, and encoders copy some of it (a JPEG
    # comment, a PNG colour profile); transparency is part of the pixels.
    image.info = {key: value for key, value in image.info.items() if key == "transparency"}
    options = {"quality": 88} if image_format in ("JPEG", "WEBP") else {}
    image.save(output, format=image_format, **options)
    return image.size


def store_image(upload) -> str:
    """Save a cleaned copy as ``updates/YYYY/MM/<random>-<w>x<h>.<ext>``; return its URL."""
    output = io.BytesIO()
    with DECODING, _open(upload) as original:
        image_format = original.format
        encode = _encode_gif if image_format == "GIF" else _encode_still
        try:
            width, height = encode(original, output)
        except (OSError, SyntaxError, EOFError, ValueError):
            raise _unreadable() from None
    # The size in the name lets pages give the image its box before it loads
    # (stories/rich_text/), so text never jumps when it arrives.
    name = (
        f"updates/{timezone.now():%Y/%m}/{uuid.uuid4().hex}-{width}x{height}"
        f".{FORMATS[image_format]}"
    )
    stored = default_storage.save(name, ContentFile(output.getvalue()))
    return default_storage.url(stored)

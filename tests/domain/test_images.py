"""Uploaded images: files that would cost too much are refused before Pillow decodes a
frame, and stored copies carry the pixels and nothing else the upload held.

Work is judged by what Pillow decodes (a spy on its decoders), never by the clock.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import ExifTags, Image, ImageSequence, PngImagePlugin, WebPImagePlugin

from stories import images
from tests.support import hostile_images as hostile
from tests.support.figures import FIGURES, count

SCRIPT = b"<script>alert(document.cookie)</script>"


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail the test as soon as Pillow starts decoding pixels (and stop that work)."""

    def refuse(what):
        raise AssertionError(f"Pillow decoded {what} of a file that should be refused unread")

    real_getdecoder = Image._getdecoder
    real_get_next = WebPImagePlugin.WebPImageFile._get_next

    def getdecoder(mode, decoder_name, *args, **kwargs):
        refuse(decoder_name)
        return real_getdecoder(mode, decoder_name, *args, **kwargs)

    def get_next(self):
        refuse("a WebP frame")
        return real_get_next(self)

    monkeypatch.setattr(Image, "_getdecoder", getdecoder)
    monkeypatch.setattr(WebPImagePlugin.WebPImageFile, "_get_next", get_next)


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def upload(data: bytes, name: str = "upload.bin") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def stored_file(media_root, url: str) -> bytes:
    return (media_root / url.removeprefix("/media/")).read_bytes()


def assert_refused(data: bytes, code: str) -> ValidationError:
    for step in (images.check_image, images.store_image):
        with pytest.raises(ValidationError) as refused:
            step(upload(data))
        assert refused.value.code == code
    count(f"image uploads refused before decoding ({code})")
    return refused.value


def test_a_tiny_gif_with_a_huge_canvas_and_many_frames_is_refused_unread(no_decoding, media_root):
    # The file from the attack: 1,419 bytes, a 6000x6600 canvas, 60 frames of one pixel.
    # Re-encoding it took a worker 105 s of CPU and 1 GB of memory.
    data = hostile.gif(6000, 6600, 60)
    assert len(data) == 1419
    refusal = assert_refused(data, "animation_too_large")
    assert "add up to more than 100 megapixels" in refusal.messages[0]
    assert not any(media_root.rglob("*"))


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (hostile.gif(10, 10, images.MAX_FRAMES + 1), "too_many_frames"),
        # The frames Pillow would find after stray bytes count too.
        (hostile.gif(10, 10, 101, before_frame=b"\0\x07junk"), "too_many_frames"),
        # A later frame outside the screen grows the canvas Pillow decodes onto.
        (hostile.gif(10, 10, positions=[(0, 0), (7999, 5999)]), "too_many_pixels"),
        (hostile.png_header(8000, 6000), "too_many_pixels"),
        (hostile.animation("PNG", images.MAX_FRAMES + 1), "too_many_frames"),
        (hostile.animation("WEBP", images.MAX_FRAMES + 1), "too_many_frames"),
        (hostile.webp_canvas(7000, 7000), "too_many_pixels"),
        (hostile.jpeg_with_scans(images.MAX_JPEG_SCANS + 1), "too_many_scans"),
    ],
    ids=[
        "gif-frames",
        "gif-frames-behind-stray-bytes",
        "gif-frame-off-screen",
        "png-canvas",
        "apng-frames",
        "webp-frames",
        "webp-canvas",
        "jpeg-repeated-scans",
    ],
)
def test_uploads_that_would_cost_too_much_are_refused_unread(no_decoding, media_root, data, code):
    assert_refused(data, code)
    assert not any(media_root.rglob("*"))


@pytest.mark.parametrize(
    ("data", "frames", "pixels"),
    [
        # A full-size photo from a 40-megapixel camera.
        (hostile.png_header(8000, 5000), 1, 40_000_000),
        # 100 frames of 1000x1000, and a 720p clip of 100 frames.
        (hostile.gif(1000, 1000, 100), 100, 100_000_000),
        (hostile.gif(1280, 720, 100), 100, 92_160_000),
        (hostile.jpeg_with_scans(images.MAX_JPEG_SCANS), 1, 64 * 64),
    ],
    ids=["photo-40-mp", "gif-100-frames-100-mp", "gif-720p-100-frames", "jpeg-100-scans"],
)
def test_real_photos_and_short_animations_pass_the_checks(no_decoding, data, frames, pixels):
    images.check_image(upload(data))
    FIGURES["image limits: most frames accepted"] = max(
        FIGURES["image limits: most frames accepted"], frames
    )
    FIGURES["image limits: most canvas pixels x frames accepted"] = max(
        FIGURES["image limits: most canvas pixels x frames accepted"], pixels
    )


@pytest.mark.parametrize(
    "data",
    [
        hostile.gif(4, 4, 3),
        hostile.gif(4, 4, 3, before_frame=b"\0\x07junk"),
        hostile.gif(4, 4, 3, before_frame=hostile.gif_extension(0xFE, b",;!", SCRIPT)),
        # Colour tables whose bytes look like blocks (",", "!", ";").
        hostile.gif(4, 4, 3, colours=b",!;;!,", local_colours=b";,!!,;"),
        hostile.gif(4, 4, 3, trailer=False),
        hostile.gif(4, 4, positions=[(0, 0), (2, 2), (9, 6)]),
    ],
    ids=["plain", "stray-bytes", "comments", "tricky-colour-tables", "no-trailer", "growing"],
)
def test_gif_frames_and_canvas_are_counted_as_pillow_decodes_them(data):
    width, height, frames = images._gif_layout(data)
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == frames
        for _ in ImageSequence.Iterator(image):
            pass  # seeking a frame grows the canvas to hold it
        assert image.size == (width, height)


@pytest.mark.parametrize(
    ("data", "frames"),
    [
        (hostile.gif(6000, 6600, 60), 60),
        (hostile.animation("PNG", 150), 150),
        (hostile.animation("WEBP", 150), 150),
    ],
    ids=["gif", "apng", "webp"],
)
def test_pillow_counts_frames_without_decoding_them(no_decoding, data, frames):
    # stories/images.py relies on it: n_frames is checked before anything is decoded.
    with Image.open(io.BytesIO(data)) as image:
        assert image.n_frames == frames


def test_stored_gif_keeps_its_frames_and_loop_but_no_comment_or_other_extension(media_root):
    hidden = (
        hostile.gif_extension(0xFE, SCRIPT)  # a comment
        + hostile.gif_extension(0xFF, b"XMP DataXMP", SCRIPT)
        + hostile.gif_extension(0x01, bytes(12), SCRIPT)  # plain text, drawn by few viewers
    )
    data = hostile.gif(4, 4, 3, before_frame=hidden) + SCRIPT  # and bytes after the end
    assert data.count(SCRIPT) == 10

    stored = stored_file(media_root, images.store_image(upload(data, "a.gif")))

    assert b"<script" not in stored
    blocks = hostile.gif_blocks(stored)
    assert blocks.count("frame") == 3
    assert set(blocks) == {"application NETSCAPE2.0", "extension 0xf9", "frame"}


def jpeg_from_a_phone() -> bytes:
    """A 40x30 JPEG with what a phone and an editing tool leave: GPS, XMP, a comment."""
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = "PhoneMaker"
    exif[ExifTags.Base.Orientation] = 6  # turned: to be shown 30x40
    exif.get_ifd(ExifTags.IFD.GPSInfo).update(
        {ExifTags.GPS.GPSLatitudeRef: "N", ExifTags.GPS.GPSLatitude: (50.0, 27.0, 1.5)}
    )
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(
        out,
        format="JPEG",
        exif=exif,
        comment=SCRIPT,
        xmp=b"<x:xmpmeta>" + SCRIPT + b"</x:xmpmeta>",
        icc_profile=hostile.icc_profile_with_swapped_primaries(),
    )
    return out.getvalue() + SCRIPT


def test_stored_jpeg_has_no_comment_exif_xmp_or_profile(media_root):
    data = jpeg_from_a_phone()
    markers = {marker for marker, _ in hostile.jpeg_segments(data[: -len(SCRIPT)])}
    assert {0xFE, 0xE1, 0xE2} <= markers  # COM, APP1 (EXIF and XMP), APP2 (ICC)
    with Image.open(io.BytesIO(data)) as original:
        assert original.getexif().get_ifd(ExifTags.IFD.GPSInfo)

    url = images.store_image(upload(data, "photo.jpg"))

    assert url.endswith("-30x40.jpg")  # turned as the EXIF said
    stored = stored_file(media_root, url)
    assert b"<script" not in stored and b"Exif" not in stored
    segments = hostile.jpeg_segments(stored)
    # The JFIF header Pillow writes itself, then only what decoding needs.
    assert segments[0][0] == 0xE0 and segments[0][1].startswith(b"JFIF\0")
    assert {marker for marker, _ in segments[1:]} <= {0xDB, 0xC0, 0xC2, 0xC4, 0xDA, 0xDD}


def test_stored_png_has_no_text_exif_or_profile_and_keeps_transparency(media_root):
    text = PngImagePlugin.PngInfo()
    text.add_text("Comment", SCRIPT.decode())  # tEXt
    text.add_text("Description", SCRIPT.decode(), zip=True)  # zTXt
    text.add_itxt("Title", SCRIPT.decode(), lang="en")  # iTXt
    exif = Image.Exif()
    exif[ExifTags.Base.Make] = SCRIPT.decode()
    image = Image.new("P", (8, 8), 1)
    image.putpalette([0, 0, 0, 200, 30, 30])
    out = io.BytesIO()
    image.save(
        out,
        format="PNG",
        pnginfo=text,
        transparency=0,
        exif=exif,
        icc_profile=hostile.icc_profile_with_swapped_primaries(),
    )
    data = out.getvalue() + SCRIPT
    assert {b"tEXt", b"zTXt", b"iTXt", b"eXIf", b"iCCP"} <= set(hostile.png_chunks(out.getvalue()))

    stored = stored_file(media_root, images.store_image(upload(data, "chart.png")))

    assert b"<script" not in stored
    assert set(hostile.png_chunks(stored)) == {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}


def test_stored_webp_has_no_exif_xmp_or_profile(media_root):
    out = io.BytesIO()
    Image.new("RGB", (16, 16), (200, 30, 30)).save(
        out,
        format="WEBP",
        exif=b"Exif\0\0" + SCRIPT,  # not even EXIF Pillow can parse: no reason to refuse
        xmp=SCRIPT,
        icc_profile=hostile.icc_profile_with_swapped_primaries(),
    )
    data = out.getvalue()
    assert {b"EXIF", b"XMP ", b"ICCP"} <= set(hostile.webp_chunks(data))

    stored = stored_file(media_root, images.store_image(upload(data, "photo.webp")))

    assert b"<script" not in stored
    assert set(hostile.webp_chunks(stored)) <= {b"VP8 ", b"VP8L", b"VP8X", b"ALPH"}


def test_a_colour_profile_is_applied_to_the_pixels_and_not_stored(media_root):
    # In this profile, red is sRGB's green: a browser without the profile must see green.
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (255, 0, 0)).save(
        out, format="PNG", icc_profile=hostile.icc_profile_with_swapped_primaries()
    )

    stored = stored_file(media_root, images.store_image(upload(out.getvalue(), "red.png")))

    assert b"iCCP" not in stored
    with Image.open(io.BytesIO(stored)) as image:
        red, green, blue = image.getpixel((4, 4))
    assert red < 10 and green > 245 and blue < 10

"""Hostile image files built byte by byte, and readers of what an image file holds.

The builders make small files that ask for a great deal of work (a huge canvas, many
frames, repeated JPEG scans) or carry things that must not be published (comments,
scripts, EXIF). The readers list a file's blocks from its bytes, not from what Pillow
reports, so a test sees what a browser would get.
"""

import io
import struct
import zlib

from PIL import Image

# LZW data of a one-pixel frame: minimum code size 2, then clear, colour 1, end.
WHITE_PIXEL = b"\x02\x02\x4c\x01\x00"
BLACK_AND_WHITE = b"\x00\x00\x00\xff\xff\xff"


def gif_extension(label: int, *blocks: bytes) -> bytes:
    """An extension block: ``!``, its label, its data as sub-blocks, the terminator."""
    return b"!" + bytes([label]) + b"".join(bytes([len(b)]) + b for b in blocks) + b"\0"


LOOP_FOREVER = gif_extension(0xFF, b"NETSCAPE2.0", b"\x01\x00\x00")


def gif(
    width: int,
    height: int,
    frames: int = 1,
    *,
    positions: list[tuple[int, int]] | None = None,
    before_frame: bytes = b"",
    colours: bytes = BLACK_AND_WHITE,
    local_colours: bytes = b"",
    trailer: bool = True,
) -> bytes:
    """A looping GIF of one-pixel white frames on a ``width`` x ``height`` black canvas.

    The frames sit at ``positions`` (by default along the top row); ``before_frame`` goes
    before each (an extension, stray bytes), ``local_colours`` after each descriptor.
    """
    positions = positions or [(i % width, 0) for i in range(frames)]
    table = (len(colours) // 3).bit_length() - 2  # 2 colours: 0
    out = b"GIF89a" + struct.pack("<HHBBB", width, height, 0x80 | table, 0, 0) + colours
    out += LOOP_FOREVER
    for x, y in positions:
        flags = 0x80 | ((len(local_colours) // 3).bit_length() - 2) if local_colours else 0
        out += before_frame
        out += gif_extension(0xF9, b"\x04\x0a\x00\x00")  # 100 ms, then keep the frame
        out += b"," + struct.pack("<HHHHB", x, y, 1, 1, flags) + local_colours + WHITE_PIXEL
    return out + (b";" if trailer else b"")


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def png_header(width: int, height: int) -> bytes:
    """A PNG that declares a ``width`` x ``height`` canvas; its (empty) pixels are never read."""
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b""))
        + _png_chunk(b"IEND", b"")
    )


def animation(image_format: str, frames: int) -> bytes:
    """An animated PNG or WebP of ``frames`` 2x2 frames, each a colour of its own."""
    images = [Image.new("RGB", (2, 2), (i % 256, i // 256, 90)) for i in range(frames)]
    out = io.BytesIO()
    # Lossless, or WebP's encoder would merge frames of nearly the same colour.
    images[0].save(out, format=image_format, save_all=True, append_images=images[1:], lossless=True)
    return out.getvalue()


def _riff_chunk(kind: bytes, data: bytes) -> bytes:
    return kind + struct.pack("<I", len(data)) + data + b"\0" * (len(data) % 2)


def webp_canvas(width: int, height: int) -> bytes:
    """An animated WebP of two 1x1 frames on a ``width`` x ``height`` canvas."""
    pixel = io.BytesIO()
    Image.new("RGB", (1, 1)).save(pixel, format="WEBP", lossless=True)
    frame_data = pixel.getvalue()[12:]  # its VP8L chunk
    size = (width - 1).to_bytes(3, "little") + (height - 1).to_bytes(3, "little")
    frame = bytes(12) + b"\x64\0\0\0" + frame_data  # at (0, 0), 1x1, 100 ms
    body = (
        b"WEBP"
        + _riff_chunk(b"VP8X", b"\x02\0\0\0" + size)  # animated
        + _riff_chunk(b"ANIM", bytes(6))
        + _riff_chunk(b"ANMF", frame) * 2
    )
    return b"RIFF" + struct.pack("<I", len(body)) + body


def jpeg_with_scans(scans: int) -> bytes:
    """A small progressive JPEG whose last scan is repeated until it has ``scans`` scans.

    Each repeat makes the decoder pass over the whole image again, for a few bytes.
    """
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, format="JPEG", progressive=True)
    data = out.getvalue()
    last_scan, end = data.rindex(b"\xff\xda"), data.rindex(b"\xff\xd9")
    repeats = scans - data.count(b"\xff\xda")
    return data[:end] + data[last_scan:end] * repeats + data[end:]


def icc_profile_with_swapped_primaries() -> bytes:
    """A linear RGB colour profile whose red is sRGB's green and whose green is sRGB's red.

    Pure red in an image tagged with it is pure green once converted to sRGB: a visible
    sign that a profile was applied.
    """

    def xyz(x, y, z):
        return b"XYZ " + bytes(4) + b"".join(struct.pack(">i", round(v * 65536)) for v in (x, y, z))

    linear = b"curv" + bytes(4) + struct.pack(">I", 0)  # no points: the identity
    tags = [
        (b"wtpt", xyz(0.9642, 1.0, 0.8249)),
        (b"rXYZ", xyz(0.3851, 0.7169, 0.0971)),  # sRGB's green, adapted to D50
        (b"gXYZ", xyz(0.4361, 0.2225, 0.0139)),  # sRGB's red
        (b"bXYZ", xyz(0.1431, 0.0606, 0.7141)),
        (b"rTRC", linear),
        (b"gTRC", linear),
        (b"bTRC", linear),
    ]
    offset = 128 + 4 + 12 * len(tags)
    table, data = b"", b""
    for signature, tag in tags:
        table += signature + struct.pack(">II", offset + len(data), len(tag))
        data += tag
    size = offset + len(data)
    header = (
        struct.pack(">I", size)
        + bytes(4)
        + b"\x02\x10\0\0mntrRGB XYZ "
        + bytes(12)
        + b"acsp"
        + bytes(24)
        + b"\0\0\0\0"  # perceptual
        + xyz(0.9642, 1.0, 0.8249)[8:]
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + data


# Readers


def gif_blocks(data: bytes) -> list[str]:
    """A GIF's blocks in order: "frame", "extension 0xf9", "application NETSCAPE2.0"..."""

    def skip_sub_blocks(position):
        while data[position]:
            position += data[position] + 1
        return position + 1

    def colour_table(flags):
        return 3 << ((flags & 7) + 1) if flags & 0x80 else 0

    blocks, position = [], 13 + colour_table(data[10])
    while data[position] != 0x3B:
        if data[position] == 0x21:
            label = data[position + 1]
            if label == 0xFF:
                blocks.append(f"application {data[position + 3 : position + 14].decode('latin-1')}")
            else:
                blocks.append(f"extension {label:#x}")
            position = skip_sub_blocks(position + 2)
        else:
            assert data[position] == 0x2C, f"unexpected byte {data[position]:#x} at {position}"
            blocks.append("frame")
            position = skip_sub_blocks(position + 11 + colour_table(data[position + 9]))
    assert position == len(data) - 1, "bytes after the trailer"
    return blocks


def jpeg_segments(data: bytes) -> list[tuple[int, bytes]]:
    """A JPEG's marker segments in order, as (marker, payload); its scans' data skipped."""
    segments, position = [], 2
    while True:
        assert data[position] == 0xFF, f"no marker at {position}"
        marker = data[position + 1]
        if marker == 0xD9:
            assert position + 2 == len(data), "bytes after the end of the image"
            return segments
        length = int.from_bytes(data[position + 2 : position + 4], "big")
        segments.append((marker, data[position + 4 : position + 2 + length]))
        position += 2 + length
        if marker == 0xDA:  # compressed data, up to a marker other than a stuffed byte or RST
            while data[position] != 0xFF or data[position + 1] in (0, *range(0xD0, 0xD8)):
                position += 1


def png_chunks(data: bytes) -> list[bytes]:
    """A PNG's chunk types in order."""
    chunks, position = [], 8
    while position < len(data):
        length = int.from_bytes(data[position : position + 4], "big")
        chunks.append(data[position + 4 : position + 8])
        position += 12 + length
    assert chunks[-1] == b"IEND" and position == len(data), "bytes after the end of the image"
    return chunks


def webp_chunks(data: bytes) -> list[bytes]:
    """A WebP's top-level chunk types in order."""
    chunks, position = [], 12
    while position < len(data):
        size = int.from_bytes(data[position + 4 : position + 8], "little")
        chunks.append(data[position : position + 4])
        position += 8 + size + size % 2
    assert position == len(data) == 8 + int.from_bytes(data[4:8], "little")
    return chunks

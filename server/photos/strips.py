"""Shrink a large image a band of rows at a time, so that its full-size pixels are never all in memory at once.

A non-interlaced PNG is one zlib stream of filtered rows. Here the stream is inflated a band of rows at a time,
and each band goes through Pillow's own PNG row decoder (it undoes the filters and unpacks), preceded by an
unfiltered copy of the row above it, since every filter but None refers to that row. Each band is then
box-averaged (Image.reduce) by a whole factor as soon as it is decoded; bands are a multiple of that factor
tall, so the result is exactly what reduce() gives on the whole image. A 99-megapixel PNG, 396 MB once decoded
(Pillow keeps RGB in 4 bytes a pixel), so costs one band (about 8 MB) and the shrunk copy.

An image already decoded whole in a mode reduce() cannot take (palette, 16-bit, bilevel) is converted band by
band the same way, rather than in several full-size copies.
"""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Iterable, Iterator

from PIL import Image, ImageFile, PngImagePlugin

# Full-size pixels decoded at once: small next to a large photo, large enough that per-band work is negligible.
BAND_BYTES = 8 << 20
# PNG sample layouts whose rows Pillow can also pack back exactly (needed for the row above each band):
# 8 bits a sample. Others (16-bit colour, 1/2/4-bit) are decoded whole.
_PNG_BYTES_PER_PIXEL = {"L": 1, "P": 1, "LA": 2, "RGB": 3, "RGBA": 4}
# Modes Image.reduce() averages correctly (LA and RGBA are premultiplied by reduce() itself).
REDUCIBLE = frozenset({"L", "LA", "RGB", "RGBA", "CMYK"})


class Damaged(Exception):
    """The PNG's image data ends early or does not inflate."""


def pixel_bytes(mode: str) -> int:
    """Bytes Pillow keeps for one pixel of this mode (RGB takes 4: it is stored as RGBX)."""
    if mode in ("1", "L", "P"):
        return 1
    return 2 if mode.startswith("I;16") else 4


def band_rows(width: int, factor: int) -> int:
    """Rows in a band: a multiple of the factor, about BAND_BYTES of pixels."""
    return max(factor, BAND_BYTES // max(1, width * 4) // factor * factor)


def band_bytes(size: tuple[int, int], factor: int) -> int:
    """Bytes of one band of an image this size, at 4 bytes a pixel (a band is never shorter than the factor, so
    a very wide image has wide bands)."""
    return min(size[1], band_rows(size[0], factor)) * size[0] * 4


def streamable_png(image: Image.Image) -> bool:
    """Whether this opened (not loaded) PNG can be decoded a band at a time."""
    if image.format != "PNG" or image.info.get("interlace") or getattr(image, "n_frames", 1) != 1:
        return False
    if len(image.tile) != 1:
        return False
    tile = image.tile[0]
    return (tile.codec_name == "zip" and tuple(tile.extents or ()) == (0, 0, *image.size)
            and tile.args in _PNG_BYTES_PER_PIXEL and tile.args == image.mode)


def _idat_run(data: bytes, start: int) -> tuple[list[memoryview], int]:
    """The payloads of the run of IDAT chunks whose first header is at start, and the offset past the run."""
    view, offset, payloads = memoryview(data), start, []
    while offset + 8 <= len(data):
        length, kind = struct.unpack_from(">I4s", data, offset)
        if kind != b"IDAT":
            break
        payloads.append(view[offset + 8:offset + 8 + length])
        offset += 12 + length  # header, payload, CRC
    return payloads, offset


def png_bands(data: bytes, image: Image.Image, factor: int) -> Iterator[tuple[Image.Image, int]]:
    """Decode a streamable PNG (see streamable_png) in bands a multiple of the factor tall, each with the number
    of rows above the band proper (the first band 0, the others 1); raises Damaged."""
    width, height = image.size
    rawmode = image.mode
    stride = 1 + width * _PNG_BYTES_PER_PIXEL[rawmode]  # a filter-type byte, then the row
    rows = band_rows(width, factor)
    chunks = iter(_idat_run(data, image.tile[0].offset - 8)[0])
    inflater, pending = zlib.decompressobj(), bytearray()
    above: bytes | None = None
    for top in range(0, height, rows):
        count = min(rows, height - top)
        wanted = count * stride
        while len(pending) < wanted:
            compressed = inflater.unconsumed_tail or next(chunks, None)
            if compressed is None:
                raise Damaged
            try:
                pending += inflater.decompress(compressed, wanted - len(pending))  # never more than asked
            except zlib.error:
                raise Damaged from None
        # filter type None, then the row above as it was before filtering: the band's first row refers to it
        filtered = (b"".join((b"\x00", above, memoryview(pending)[:wanted])) if above is not None
                    else bytes(pending[:wanted]))
        del pending[:wanted]
        try:
            # level 0: stored blocks, so wrapping the rows for Pillow's decoder costs a copy, not a compression
            band = Image.frombytes(image.mode, (width, count + (above is not None)),
                                   zlib.compress(filtered, 0), "zip", rawmode)
        except ValueError:
            raise Damaged from None
        del filtered
        above = band.crop((0, band.height - 1, width, band.height)).tobytes("raw", rawmode)
        if image.mode == "P" and image.palette is not None:
            band.putpalette(image.palette)
        if "transparency" in image.info:
            band.info["transparency"] = image.info["transparency"]
        yield band, band.height - count
        del band  # not kept while the next band is decoded


def png_info_after_pixels(data: bytes, image: Image.Image) -> dict[str, object]:
    """What Pillow's load() would add to a streamable PNG's info from the chunks after its pixel data (an eXIf
    placed late, text, XMP), read with Pillow's own chunk parsers; unreadable metadata is left out."""
    source = io.BytesIO(data)  # shares the bytes, no copy
    source.seek(_idat_run(data, image.tile[0].offset - 8)[1])
    stream = PngImagePlugin.PngStream(source)
    try:
        while True:
            kind, position, length = stream.read()
            if kind == b"IEND":
                break
            try:
                stream.call(kind, position, length)
            except (EOFError, AttributeError):  # a chunk with no parser, or one Pillow skips after the image
                ImageFile._safe_read(source, length)
            source.read(4)  # CRC
    except (struct.error, SyntaxError, ValueError, OSError, UnicodeDecodeError):
        pass
    return dict(stream.im_info)


def rows_of(image: Image.Image, factor: int) -> Iterator[tuple[Image.Image, int]]:
    """An image already decoded, as bands (copies) a multiple of the factor tall, in png_bands' form."""
    rows = band_rows(image.width, factor)
    for top in range(0, image.height, rows):
        yield image.crop((0, top, image.width, min(image.height, top + rows))), 0


def shrink(bands: Iterable[tuple[Image.Image, int]], size: tuple[int, int], factor: int,
           convert: Callable[[Image.Image], Image.Image]) -> Image.Image:
    """Convert each band (to a mode reduce() takes), reduce it by the factor, and lay it into one image.

    Each band comes with a number of leading rows to skip; the rest of every band but the last must be a
    multiple of the factor tall."""
    out: Image.Image | None = None
    top = 0
    for band, skip in bands:
        converted = convert(band)
        del band  # the full-size band goes before the next one is decoded
        small = converted.reduce(factor, box=(0, skip, converted.width, converted.height))
        del converted
        if out is None:
            out = Image.new(small.mode, (-(-size[0] // factor), -(-size[1] // factor)))
        out.paste(small, (0, top))
        top += small.height
    if out is None:
        raise Damaged
    return out

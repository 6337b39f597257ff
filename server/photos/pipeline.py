"""Untrusted upload bytes in; three clean, upright, sRGB JPEGs out (evidence, display, thumbnail).

The steps, each in a module of its own: the header is read and the upload accepted or refused
(decoding.py), its working memory is estimated for admission (memory.py), the pixels are decoded and shrunk to
evidence size, converted to sRGB (colour.py), turned upright by EXIF (metadata.py), and encoded in the three
sizes (sizes.py). Rotation happens after shrinking: every later step is cheaper on fewer pixels.

Memory is kept down: a large non-interlaced PNG is decoded a band of rows at a time and shrunk as it goes
(strips.py), never whole; other images in a mode reduce() cannot take are converted band by band; the
full-size pixels are freed before the sizes are encoded.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass

from PIL import Image

from server.photos import strips
from server.photos.colour import reducible, to_rgb, to_srgb
from server.photos.decoding import DEFAULT_MAX_PIXELS, damaged, decode, open_header
from server.photos.memory import working_memory
from server.photos.metadata import exif_facts, upright
from server.photos.sizes import SIZES, ProcessedPhoto, fit, three_sizes, whole_factor


@dataclass
class Upload:
    """An upload whose header was read and accepted (read_header); its pixels are not decoded yet."""

    data: bytes
    image: Image.Image
    memory: int  # bytes the rest of the pipeline is expected to hold at its peak (working_memory)

    def close(self) -> None:
        self.image.close()


def read_header(data: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> Upload:
    """Read the header only: refuse what is not accepted or declares too many pixels (PhotoRejected), and
    estimate the memory the rest will take. Then process_upload(), or close() the upload."""
    image = open_header(data, max_pixels)
    return Upload(data, image, working_memory(image))


def _shrunk(decoded: Image.Image) -> Image.Image:
    """A decoded image in a mode reduce() cannot take, converted and shrunk a band at a time: whole, the
    conversions would make several full-size copies. Other images as they are (_upright_rgb shrinks them)."""
    factor = whole_factor(max(decoded.size), SIZES["evidence"])
    if factor == 1 or decoded.mode in strips.REDUCIBLE:
        return decoded
    return strips.shrink(strips.rows_of(decoded, factor), decoded.size, factor, reducible)


def _decoded_small(upload: Upload) -> tuple[Image.Image, Callable[[], Image.Exif]]:
    """The pixels, shrunk by a whole factor where they need it, and how to read the EXIF without decoding."""
    source = upload.image
    factor = whole_factor(max(source.size), SIZES["evidence"])
    if factor > 1 and strips.streamable_png(source):
        try:
            image = strips.shrink(strips.png_bands(upload.data, source, factor), source.size, factor, reducible)
        except strips.Damaged:
            raise damaged() from None
        source.info.update(strips.png_info_after_pixels(upload.data, source))
        # PngImageFile.getexif() loads the whole image to find a late eXIf chunk; it is in info by now
        return image, functools.partial(Image.Image.getexif, source)
    decoded = decode(source)  # first: reading a PNG's EXIF would otherwise decode it, unguarded
    return _shrunk(decoded), decoded.getexif


def _upright_rgb(image: Image.Image, icc: bytes | None, orientation: int) -> Image.Image:
    image = fit(reducible(image), SIZES["evidence"])  # shrink first: every later step is cheaper on fewer pixels
    return upright(to_rgb(to_srgb(image, icc)), orientation)


def process_upload(upload: Upload) -> ProcessedPhoto:
    """Decode an upload read by read_header() and re-encode it in the three sizes; raises PhotoRejected."""
    with upload.image as source:
        source_format = source.format or ""
        image, read_exif = _decoded_small(upload)
        icc = source.info.get("icc_profile")
        orientation, taken_at = exif_facts(read_exif)
        if source_format == "HEIF":
            orientation = 1  # pillow-heif has already applied the HEIF rotation while decoding
        evidence = _upright_rgb(image, icc, orientation)
        del image
        if evidence is not source:
            source.close()  # the full-size pixels go before the sizes are made and encoded
        return three_sizes(evidence, taken_at, source_format)


def process(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ProcessedPhoto:
    """Decode an upload and re-encode it in the three sizes; raises PhotoRejected. CPU-bound: run it off
    the event loop (workers.process_bounded)."""
    return process_upload(read_header(data, max_pixels))

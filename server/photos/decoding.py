"""Untrusted upload bytes to a decoded image: which kinds are accepted, the pixel limit, and the refusals
(PhotoRejected) that go back to the person as they are.

- Kind: decided by the file's first bytes and by decoding it, never by its name or Content-Type. Bytes that
  look like none of the accepted kinds are a 415; bytes that look like one but do not decode are a 422.
- Pixel limit: the size the file declares is checked right after its header is read, before any pixel is
  decoded. Over the limit is a 422 "photo_too_large", not a 413: 413 means the request body is too long (the
  upload limit, refused before the body is read), whereas a 44-byte GIF can declare 4 gigapixels; the content
  is what cannot be processed (docs/API.md says the same). Pillow's own decompression-bomb guard stays on as a
  backstop, because some plugins allocate while opening (a GIF frame's disposal area is filled at open): its
  threshold is raised to the limit so it never refuses what the limit allows, its warning is silenced (it only
  fires for images refused anyway), and its error becomes the same 422.
"""

from __future__ import annotations

import io
import re
import struct
import warnings
import zlib

import pillow_heif
from PIL import Image, UnidentifiedImageError

from server.photos.sizes import SIZES, draft_scale

DEFAULT_MAX_PIXELS = 100_000_000
ACCEPTED_TEXT = "JPEG, PNG, WebP, HEIC/HEIF, MPO or GIF"
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF", "HEIF"})

# Brands of HEIC/HEIF stills, as pillow-heif recognises them (AVIF and others are not accepted).
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1")
# What Pillow and its plugins raise on bytes they cannot decode.
DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError, TypeError, RuntimeError,
                 struct.error, zlib.error)
_BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
_PILLOW_PIXELS = re.compile(r"\((\d+) pixels\)")

# Pillow's guard as a backstop (see the module docstring): warns above the threshold, raises above twice it.
Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, DEFAULT_MAX_PIXELS)
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
# HEIC: only the primary image is wanted; skipping thumbnails, depth and auxiliary images saves work.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)


class PhotoRejected(Exception):
    """An upload that is not a photo the app can take; status, code and message go to the person as is.

    415 "unsupported_media_type": not an accepted kind. 422 "photo_invalid": truncated or damaged.
    422 "photo_too_large": declares more pixels than the limit.
    """

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def _unsupported() -> PhotoRejected:
    return PhotoRejected(415, "unsupported_media_type",
                         f"This file is not a photo the app accepts: send {ACCEPTED_TEXT}.")


def damaged() -> PhotoRejected:
    return PhotoRejected(422, "photo_invalid", "The photo could not be read: the file is truncated or damaged.")


def _too_large(pixels: int | None, max_pixels: int) -> PhotoRejected:
    declared = f" (this one declares {pixels:,} pixels)" if pixels else ""
    return PhotoRejected(422, "photo_too_large",
                         f"The image is too large: at most {max_pixels / 1_000_000:g} megapixels{declared}.")


def _refused_by_pillow(error: Exception, max_pixels: int) -> PhotoRejected:
    """Pillow's guard fired first: it knows the pixel count only in its message ("Image size (N pixels)...")."""
    match = _PILLOW_PIXELS.search(str(error))
    return _too_large(int(match.group(1)) if match else None, max_pixels)


def _raise_pillow_guard(max_pixels: int) -> None:
    """Pillow's backstop must never refuse what the setting allows; it only ever moves up."""
    if Image.MAX_IMAGE_PIXELS is not None and max_pixels > Image.MAX_IMAGE_PIXELS:
        Image.MAX_IMAGE_PIXELS = max_pixels


def sniff(data: bytes) -> str | None:
    """The Pillow format to decode these bytes with (MPO decodes as JPEG), or None for any other kind."""
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WEBP"
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return "HEIF"
    return None


def _boxes_complete(data: bytes) -> bool:
    """Whether an ISO media file (HEIF) holds every byte its top-level boxes declare. libheif decodes a cut-off
    file without complaint (missing tiles come out green), so truncation has to be found here."""
    offset = 0
    while offset < len(data):
        if offset + 8 > len(data):
            return False
        size, header = int.from_bytes(data[offset:offset + 4], "big"), 8
        if size == 1:  # a 64-bit size follows the type
            if offset + 16 > len(data):
                return False
            size, header = int.from_bytes(data[offset + 8:offset + 16], "big"), 16
        elif size == 0:  # the box runs to the end of the file
            return True
        if size < header:
            return False
        offset += size
    return offset == len(data)


def open_header(data: bytes, max_pixels: int) -> Image.Image:
    """Read the header only, and refuse what is not accepted or declares too many pixels."""
    kind = sniff(data)
    if kind is None:
        raise _unsupported()
    if kind == "HEIF" and not _boxes_complete(data):
        raise damaged()
    _raise_pillow_guard(max_pixels)
    try:
        image = Image.open(io.BytesIO(data), formats=[kind])
    except _BOMB_ERRORS as error:
        raise _refused_by_pillow(error, max_pixels) from None
    except (UnidentifiedImageError, *DECODE_ERRORS):
        raise damaged() from None
    if image.format not in ACCEPTED_FORMATS:
        raise _unsupported()
    pixels = image.width * image.height
    if pixels > max_pixels:
        raise _too_large(pixels, max_pixels)
    return image


def _draft(image: Image.Image, limit: int) -> None:
    scale = draft_scale(image.size, limit)
    if scale > 1:
        image.draft("RGB", (max(1, image.width // scale), max(1, image.height // scale)))


def decode(image: Image.Image) -> Image.Image:
    """Load the pixels of an image opened by open_header(); a JPEG at the smallest scale evidence size allows."""
    if image.format in ("JPEG", "MPO"):
        _draft(image, SIZES["evidence"])
    try:
        image.load()
    except DECODE_ERRORS:
        raise damaged() from None
    return image

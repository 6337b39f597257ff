"""The three sizes a photo is kept in (evidence, display, thumbnail): how an image is shrunk to each, and how
each is encoded as JPEG.

Speed: large JPEGs are decoded at a reduced scale by libjpeg (draft_scale), every shrink by a whole factor is a
cheap box average (Image.reduce), and each size is derived from the next larger one. A shrink by a whole factor
is kept when it lands within 10% of the limit; otherwise the image is resampled (Lanczos) to the limit exactly.
So a size's long edge is the original's when that fits, else between 90% and 100% of the limit.

Metadata: the sizes are saved from pixels alone (no EXIF, GPS, XMP, ICC, maker notes or comments).
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass
from datetime import datetime

from PIL import Image

SIZES = {"evidence": 2048, "display": 1024, "thumb": 320}
QUALITY = {"evidence": 85, "display": 85, "thumb": 80}

# A whole-factor shrink is kept when it lands at or above this share of the limit.
_BAND = 0.9


@dataclass(frozen=True)
class ProcessedPhoto:
    evidence: bytes
    display: bytes
    thumb: bytes
    width: int  # of evidence
    height: int
    taken_at: datetime | None  # camera-local time, naive, as EXIF records it
    source_format: str


def draft_scale(size: tuple[int, int], limit: int) -> int:
    """1/2, 1/4 or 1/8: the smallest scale libjpeg can decode at that still leaves at least _BAND of the limit."""
    return next((scale for scale in (8, 4, 2) if math.ceil(max(size) / scale) >= _BAND * limit), 1)


def whole_factor(longest: int, limit: int) -> int:
    """The whole factor fit() shrinks by with a box average before any resampling (1: none)."""
    if longest <= limit:
        return 1
    factor = math.ceil(longest / limit)
    if math.ceil(longest / factor) >= _BAND * limit:
        return factor
    return max(1, int(longest / limit / 1.5))  # what resize(reducing_gap=1.5) box-averages by first


def fit(image: Image.Image, limit: int) -> Image.Image:
    """Shrink so the long edge is at most limit (see the module docstring for the rule)."""
    longest = max(image.size)
    if longest <= limit:
        return image
    factor = math.ceil(longest / limit)
    if math.ceil(longest / factor) >= _BAND * limit:
        return image.reduce(factor)
    scale = limit / longest
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    # reducing_gap: box-average by a whole factor first while 1.5x the target is left; Lanczos does the rest.
    # (2.0 is Pillow's thumbnail() default; 1.5 halves the cost of a thumbnail with no visible difference.)
    return image.resize(size, Image.Resampling.LANCZOS, reducing_gap=1.5)


def _jpeg(image: Image.Image, quality: int, optimize: bool = False) -> bytes:
    image.info = {}  # Pillow carries some info (a GIF comment, say) into a saved JPEG: save pixels only
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=optimize)
    return out.getvalue()


def three_sizes(evidence: Image.Image, taken_at: datetime | None, source_format: str) -> ProcessedPhoto:
    """Encode an upright RGB image of at most evidence size, and the two smaller sizes made from it."""
    display = fit(evidence, SIZES["display"])
    thumb = fit(display, SIZES["thumb"])
    return ProcessedPhoto(
        evidence=_jpeg(evidence, QUALITY["evidence"]),
        display=_jpeg(display, QUALITY["display"]),
        thumb=_jpeg(thumb, QUALITY["thumb"], optimize=True),  # a cheap extra pass on a small image
        width=evidence.width, height=evidence.height, taken_at=taken_at, source_format=source_format)

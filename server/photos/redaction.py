"""Blurring regions of a processed photo (faces, names on badges) and making its three sizes again."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PIL import Image, ImageFilter

from server.photos.colour import to_rgb
from server.photos.decoding import DEFAULT_MAX_PIXELS, decode, open_header
from server.photos.sizes import SIZES, ProcessedPhoto, fit, three_sizes

MAX_REDACTION_BOXES = 50


def _check_boxes(boxes: Sequence[Sequence[float]]) -> None:
    if not boxes:
        raise ValueError("Draw at least one box to blur.")
    if len(boxes) > MAX_REDACTION_BOXES:
        raise ValueError(f"At most {MAX_REDACTION_BOXES} boxes can be blurred at once.")
    for number, box in enumerate(boxes, 1):
        numbers = isinstance(box, Sequence) and not isinstance(box, str) and len(box) == 4 and all(
            isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in box)
        if not numbers or not all(0 <= v <= 1 for v in box):
            raise ValueError(f"Box {number} must be (x, y, width, height), each a fraction from 0 to 1.")
        x, y, width, height = box
        if width <= 0 or height <= 0:
            raise ValueError(f"Box {number} is empty: its width and height must be above 0.")
        if x + width > 1 + 1e-9 or y + height > 1 + 1e-9:
            raise ValueError(f"Box {number} reaches outside the photo: x + width and y + height must be at most 1.")


def _pixel_box(box: Sequence[float], size: tuple[int, int]) -> tuple[int, int, int, int]:
    x, y, width, height = box
    left, top = min(math.floor(x * size[0]), size[0] - 1), min(math.floor(y * size[1]), size[1] - 1)
    right = max(left + 1, min(size[0], math.ceil((x + width) * size[0])))
    bottom = max(top + 1, min(size[1], math.ceil((y + height) * size[1])))
    return left, top, right, bottom


def _obscure(image: Image.Image, box: tuple[int, int, int, int]) -> None:
    """Pixelate into big cells, then blur: faces and writing become unreadable, not merely soft."""
    region = image.crop(box)
    short, long = sorted(region.size)
    # At most 4 cells across the short side, and at most 32 along a long banner (a name on a badge).
    cell = max(short / 4, long / 32, 1)
    cells = (max(1, round(region.width / cell)), max(1, round(region.height / cell)))
    mosaic = region.resize(cells, Image.Resampling.BOX).resize(region.size, Image.Resampling.BILINEAR)
    image.paste(mosaic.filter(ImageFilter.GaussianBlur(cell / 2)), box[:2])


def redact(evidence_jpeg: bytes, boxes: list[tuple[float, float, float, float]]) -> ProcessedPhoto:
    """Blur rectangles of a processed (upright, metadata-free) evidence JPEG; boxes are (x, y, width, height)
    as fractions of the image. Returns the three sizes made again from the blurred image; raises ValueError
    for bad boxes. taken_at is None: the capture time stays where the caller keeps it."""
    _check_boxes(boxes)
    with open_header(evidence_jpeg, DEFAULT_MAX_PIXELS) as source:
        image = fit(to_rgb(decode(source)), SIZES["evidence"])  # an evidence JPEG: at most that size
        for box in boxes:
            _obscure(image, _pixel_box(box, image.size))
        return three_sizes(image, None, "JPEG")

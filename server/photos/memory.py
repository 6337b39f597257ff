"""What a photo costs in working memory, worked out from its header before any pixel is decoded, so that
workers.py can admit it within the memory budget (budget.MemoryBudget).
"""

from __future__ import annotations

import math

from PIL import Image

from server.photos import strips
from server.photos.sizes import SIZES, draft_scale, whole_factor

# Copies of a band that a PNG decoded band by band holds at once (inflated rows, the stream for Pillow's
# decoder, the band, its converted copy); copies of an evidence-size image made after shrinking (colour
# conversion, alpha, rotation, the smaller sizes, encoders); and full-size copies a decoder makes besides the
# image (libheif and libwebp decode into buffers of their own). Checked against the peak RSS of one process()
# each, estimate / measured in MB: PNG 99 MP RGB 110/48; 40 MP PNG RGB 156/80, RGBA 156/116, grey 156/34, P
# with transparency 156/114, 4-bit P (decoded whole) 194/117, 16-bit grey 232/108; GIF 40 MP 194/117; JPEG
# 40 MP 86/74, 12 MP 60/17; HEIC 40 MP 352/278, 12 MP 141/101; WebP 40 MP 657/612.
_BAND_COPIES = 4
_EVIDENCE_COPIES = 3
_DECODE_COPIES = {"HEIF": 2, "WEBP": 4}  # WebP: Pillow's decoder keeps two RGBA canvases and copies one out
# A redaction decodes an evidence JPEG (at most evidence size) and makes the three sizes again.
REDACTION_MEMORY = (1 + _EVIDENCE_COPIES) * SIZES["evidence"] ** 2 * 4


def working_memory(image: Image.Image) -> int:
    """Bytes process_upload() holds at its peak for this opened image, from the size and mode its header
    declares: the pixels decoded at once (after libjpeg's reduced-scale decoding; a band of a PNG decoded band
    by band), plus the copies made at evidence size (see _BAND_COPIES for the measurements)."""
    width, height = image.size
    factor = whole_factor(max(width, height), SIZES["evidence"])
    shrunk = math.ceil(width / factor) * math.ceil(height / factor) * 4
    # the shrunk picture, and a copy of it as resize() premultiplies alpha or resamples it to the limit
    band = _BAND_COPIES * strips.band_bytes(image.size, factor) + 2 * shrunk
    if factor > 1 and strips.streamable_png(image):
        decoded = band
    else:
        if image.format in ("JPEG", "MPO"):
            scale = draft_scale(image.size, SIZES["evidence"])
            width, height = math.ceil(width / scale), math.ceil(height / scale)
        decoded = width * height * strips.pixel_bytes(image.mode) * _DECODE_COPIES.get(image.format or "", 1)
        if factor > 1 and image.mode not in strips.REDUCIBLE:
            decoded += band
    return decoded + _EVIDENCE_COPIES * SIZES["evidence"] ** 2 * 4

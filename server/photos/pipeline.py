"""Untrusted upload bytes in; three clean, upright, sRGB JPEGs out (evidence, display, thumbnail).

Choices worth knowing:

- Kind: decided by the file's first bytes and by decoding it, never by its name or Content-Type. Bytes that
  look like none of the accepted kinds are a 415; bytes that look like one but do not decode are a 422.
- Pixel limit: the size the file declares is checked right after its header is read, before any pixel is
  decoded. Over the limit is a 422 "photo_too_large", not a 413: 413 means the request body is too long (the
  upload limit, refused before the body is read), whereas a 44-byte GIF can declare 4 gigapixels; the content
  is what cannot be processed (docs/API.md says the same). Pillow's own decompression-bomb guard stays on as a
  backstop, because some plugins allocate while opening (a GIF frame's disposal area is filled at open): its
  threshold is raised to the limit so it never refuses what the limit allows, its warning is silenced (it only
  fires for images refused anyway), and its error becomes the same 422.
- Speed: large JPEGs are decoded at a reduced scale by libjpeg (Image.draft), every shrink by a whole factor
  is a cheap box average (Image.reduce), rotation happens after shrinking, and each size is derived from the
  next larger one. A shrink by a whole factor is kept when it lands within 10% of the limit; otherwise the
  image is resampled (Lanczos) to the limit exactly. So a size's long edge is the original's when that fits,
  else between 90% and 100% of the limit.
- Memory: what a photo needs is worked out from its header before any pixel is decoded (working_memory), so
  that workers.py can admit it within a memory budget. It is kept down: a large non-interlaced PNG is decoded
  a band of rows at a time and shrunk as it goes (strips.py), never whole; other images in a mode reduce()
  cannot take are converted band by band; the full-size pixels are freed before the sizes are encoded.
- Colour: an embedded ICC profile that is not already sRGB is converted to sRGB (ImageCms) at evidence size,
  where it is cheap; profiles that cannot be read are dropped. CMYK, 16-bit, palette and alpha images become
  RGB, with transparency laid on white.
- Metadata: outputs are saved from pixels alone (no EXIF, GPS, XMP, ICC, maker notes or comments). The
  capture time (EXIF DateTimeOriginal) is returned separately; the location never leaves this module.
"""

from __future__ import annotations

import functools
import io
import math
import re
import struct
import warnings
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime

import pillow_heif
from PIL import Image, ImageCms, ImageFilter, UnidentifiedImageError

from server.photos import strips

SIZES = {"evidence": 2048, "display": 1024, "thumb": 320}
QUALITY = {"evidence": 85, "display": 85, "thumb": 80}
DEFAULT_MAX_PIXELS = 100_000_000
ACCEPTED_TEXT = "JPEG, PNG, WebP, HEIC/HEIF, MPO or GIF"
ACCEPTED_FORMATS = frozenset({"JPEG", "MPO", "PNG", "WEBP", "GIF", "HEIF"})
MAX_REDACTION_BOXES = 50

# A whole-factor shrink is kept when it lands at or above this share of the limit.
_BAND = 0.9
# Working memory (working_memory): copies of a band that a PNG decoded band by band holds at once (inflated
# rows, the stream for Pillow's decoder, the band, its converted copy); copies of an evidence-size image made
# after shrinking (colour conversion, alpha, rotation, the smaller sizes, encoders); and full-size copies a
# decoder makes besides the image (libheif and libwebp decode into buffers of their own). Checked against the
# peak RSS of one process() each, estimate / measured in MB: PNG 99 MP RGB 110/48; 40 MP PNG RGB 156/80,
# RGBA 156/116, grey 156/34, P with transparency 156/114, 4-bit P (decoded whole) 194/117, 16-bit grey
# 232/108; GIF 40 MP 194/117; JPEG 40 MP 86/74, 12 MP 60/17; HEIC 40 MP 352/278, 12 MP 141/101; WebP 40 MP
# 657/612.
_BAND_COPIES = 4
_EVIDENCE_COPIES = 3
_DECODE_COPIES = {"HEIF": 2, "WEBP": 4}  # WebP: Pillow's decoder keeps two RGBA canvases and copies one out
# A redaction decodes an evidence JPEG (at most evidence size) and makes the three sizes again.
REDACTION_MEMORY = (1 + _EVIDENCE_COPIES) * SIZES["evidence"] ** 2 * 4
# Brands of HEIC/HEIF stills, as pillow-heif recognises them (AVIF and others are not accepted).
_HEIF_BRANDS = (b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"hevm", b"hevs", b"mif1", b"msf1")
# What Pillow and its plugins raise on bytes they cannot decode.
_DECODE_ERRORS = (OSError, ValueError, SyntaxError, EOFError, IndexError, KeyError, TypeError, RuntimeError,
                  struct.error, zlib.error)
_BOMB_ERRORS = (Image.DecompressionBombError, Image.DecompressionBombWarning)
_PILLOW_PIXELS = re.compile(r"\((\d+) pixels\)")
_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_EXIF_IFD, _ORIENTATION, _DATE_TIME_ORIGINAL = 0x8769, 0x0112, 0x9003

# Pillow's guard as a backstop (see the module docstring): warns above the threshold, raises above twice it.
Image.MAX_IMAGE_PIXELS = max(Image.MAX_IMAGE_PIXELS or 0, DEFAULT_MAX_PIXELS)
warnings.filterwarnings("ignore", category=Image.DecompressionBombWarning)
# HEIC: only the primary image is wanted; skipping thumbnails, depth and auxiliary images saves work.
pillow_heif.register_heif_opener(thumbnails=False, depth_images=False, aux_images=False)
_SRGB = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))


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


def _damaged() -> PhotoRejected:
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


@dataclass(frozen=True)
class ProcessedPhoto:
    evidence: bytes
    display: bytes
    thumb: bytes
    width: int  # of evidence
    height: int
    taken_at: datetime | None  # camera-local time, naive, as EXIF records it
    source_format: str


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


def _open(data: bytes, max_pixels: int) -> Image.Image:
    """Read the header only, and refuse what is not accepted or declares too many pixels."""
    kind = sniff(data)
    if kind is None:
        raise _unsupported()
    if kind == "HEIF" and not _boxes_complete(data):
        raise _damaged()
    _raise_pillow_guard(max_pixels)
    try:
        image = Image.open(io.BytesIO(data), formats=[kind])
    except _BOMB_ERRORS as error:
        raise _refused_by_pillow(error, max_pixels) from None
    except (UnidentifiedImageError, *_DECODE_ERRORS):
        raise _damaged() from None
    if image.format not in ACCEPTED_FORMATS:
        raise _unsupported()
    pixels = image.width * image.height
    if pixels > max_pixels:
        raise _too_large(pixels, max_pixels)
    return image


def _draft_scale(size: tuple[int, int], limit: int) -> int:
    """1/2, 1/4 or 1/8: the smallest scale libjpeg can decode at that still leaves at least _BAND of the limit."""
    return next((scale for scale in (8, 4, 2) if math.ceil(max(size) / scale) >= _BAND * limit), 1)


def _draft(image: Image.Image, limit: int) -> None:
    scale = _draft_scale(image.size, limit)
    if scale > 1:
        image.draft("RGB", (max(1, image.width // scale), max(1, image.height // scale)))


def _decode(image: Image.Image) -> Image.Image:
    if image.format in ("JPEG", "MPO"):
        _draft(image, SIZES["evidence"])
    try:
        image.load()
    except _DECODE_ERRORS:
        raise _damaged() from None
    return image


def _exif_facts(read_exif: Callable[[], Image.Exif]) -> tuple[int, datetime | None]:
    """Orientation and capture time; unreadable EXIF counts as absent rather than refusing the photo."""
    try:
        exif = read_exif()
        orientation = exif.get(_ORIENTATION, 1)
        taken = exif.get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)
    except _DECODE_ERRORS:
        return 1, None
    return (orientation if orientation in _TRANSPOSE else 1), _parse_exif_time(taken)


def _parse_exif_time(value: object) -> datetime | None:
    if isinstance(value, bytes):
        value = value.decode("ascii", "replace")
    if not isinstance(value, str):
        return None
    try:
        return datetime.strptime(value.strip("\x00 ")[:19], "%Y:%m:%d %H:%M:%S")  # camera-local
    except ValueError:
        return None  # "0000:00:00 00:00:00" and other junk


def _whole_factor(longest: int, limit: int) -> int:
    """The whole factor _fit shrinks by with a box average before any resampling (1: none)."""
    if longest <= limit:
        return 1
    factor = math.ceil(longest / limit)
    if math.ceil(longest / factor) >= _BAND * limit:
        return factor
    return max(1, int(longest / limit / 1.5))  # what resize(reducing_gap=1.5) box-averages by first


def _fit(image: Image.Image, limit: int) -> Image.Image:
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


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    """Convert from an embedded profile to sRGB; sRGB already, other modes and bad profiles: as is."""
    if not icc or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
        if "srgb" in ImageCms.getProfileDescription(source).lower():
            return image
        out_mode = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, _SRGB, outputMode=out_mode) or image
    except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
        return image


def _reducible(image: Image.Image) -> Image.Image:
    """In a mode Pillow resamples well, 8 bits a channel: 16-bit greys scaled (not clipped), palettes expanded;
    alpha is kept (reduce() premultiplies it) and laid on white later."""
    if image.mode in ("I", "I;16", "I;16L", "I;16B", "I;16N"):
        return image.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    if image.mode in ("F", "1"):
        return image.convert("L")
    if image.mode == "P":
        return image.convert("RGBA" if "transparency" in image.info else "RGB")
    if image.mode in ("La", "PA", "RGBa"):
        return image.convert("RGBA")
    return image if image.mode in strips.REDUCIBLE else image.convert("RGB")


def _to_rgb(image: Image.Image) -> Image.Image:
    """RGB with 8 bits a channel (see _reducible), alpha laid on white."""
    image = _reducible(image)
    if image.mode in ("LA", "RGBA"):
        rgba = image.convert("RGBA")
        return Image.alpha_composite(Image.new("RGBA", rgba.size, "white"), rgba).convert("RGB")
    return image if image.mode == "RGB" else image.convert("RGB")


def _shrunk(decoded: Image.Image) -> Image.Image:
    """A decoded image in a mode reduce() cannot take, converted and shrunk a band at a time: whole, the
    conversions would make several full-size copies. Other images as they are (_upright_rgb shrinks them)."""
    factor = _whole_factor(max(decoded.size), SIZES["evidence"])
    if factor == 1 or decoded.mode in strips.REDUCIBLE:
        return decoded
    return strips.shrink(strips.rows_of(decoded, factor), decoded.size, factor, _reducible)


def _upright_rgb(image: Image.Image, icc: bytes | None, orientation: int) -> Image.Image:
    image = _fit(_reducible(image), SIZES["evidence"])  # shrink first: every later step is cheaper on fewer pixels
    image = _to_rgb(_to_srgb(image, icc))
    if orientation in _TRANSPOSE:
        image = image.transpose(_TRANSPOSE[orientation])
    return image


def _jpeg(image: Image.Image, quality: int, optimize: bool = False) -> bytes:
    image.info = {}  # Pillow carries some info (a GIF comment, say) into a saved JPEG: save pixels only
    out = io.BytesIO()
    image.save(out, "JPEG", quality=quality, optimize=optimize)
    return out.getvalue()


def _three_sizes(evidence: Image.Image, taken_at: datetime | None, source_format: str) -> ProcessedPhoto:
    display = _fit(evidence, SIZES["display"])
    thumb = _fit(display, SIZES["thumb"])
    return ProcessedPhoto(
        evidence=_jpeg(evidence, QUALITY["evidence"]),
        display=_jpeg(display, QUALITY["display"]),
        thumb=_jpeg(thumb, QUALITY["thumb"], optimize=True),  # a cheap extra pass on a small image
        width=evidence.width, height=evidence.height, taken_at=taken_at, source_format=source_format)


@dataclass
class Upload:
    """An upload whose header was read and accepted (read_header); its pixels are not decoded yet."""

    data: bytes
    image: Image.Image
    memory: int  # bytes the rest of the pipeline is expected to hold at its peak (working_memory)

    def close(self) -> None:
        self.image.close()


def working_memory(image: Image.Image) -> int:
    """Bytes process_upload() holds at its peak for this opened image, from the size and mode its header
    declares: the pixels decoded at once (after libjpeg's reduced-scale decoding; a band of a PNG decoded band
    by band), plus the copies made at evidence size (see _BAND_COPIES for the measurements)."""
    width, height = image.size
    factor = _whole_factor(max(width, height), SIZES["evidence"])
    shrunk = math.ceil(width / factor) * math.ceil(height / factor) * 4
    # the shrunk picture, and a copy of it as resize() premultiplies alpha or resamples it to the limit
    band = _BAND_COPIES * strips.band_bytes(image.size, factor) + 2 * shrunk
    if factor > 1 and strips.streamable_png(image):
        decoded = band
    else:
        if image.format in ("JPEG", "MPO"):
            scale = _draft_scale(image.size, SIZES["evidence"])
            width, height = math.ceil(width / scale), math.ceil(height / scale)
        decoded = width * height * strips.pixel_bytes(image.mode) * _DECODE_COPIES.get(image.format or "", 1)
        if factor > 1 and image.mode not in strips.REDUCIBLE:
            decoded += band
    return decoded + _EVIDENCE_COPIES * SIZES["evidence"] ** 2 * 4


def read_header(data: bytes, max_pixels: int = DEFAULT_MAX_PIXELS) -> Upload:
    """Read the header only: refuse what is not accepted or declares too many pixels (PhotoRejected), and
    estimate the memory the rest will take. Then process_upload(), or close() the upload."""
    image = _open(data, max_pixels)
    return Upload(data, image, working_memory(image))


def _decoded_small(upload: Upload) -> tuple[Image.Image, Callable[[], Image.Exif]]:
    """The pixels, shrunk by a whole factor where they need it, and how to read the EXIF without decoding."""
    source = upload.image
    factor = _whole_factor(max(source.size), SIZES["evidence"])
    if factor > 1 and strips.streamable_png(source):
        try:
            image = strips.shrink(strips.png_bands(upload.data, source, factor), source.size, factor, _reducible)
        except strips.Damaged:
            raise _damaged() from None
        source.info.update(strips.png_info_after_pixels(upload.data, source))
        # PngImageFile.getexif() loads the whole image to find a late eXIf chunk; it is in info by now
        return image, functools.partial(Image.Image.getexif, source)
    decoded = _decode(source)  # first: reading a PNG's EXIF would otherwise decode it, unguarded
    return _shrunk(decoded), decoded.getexif


def process_upload(upload: Upload) -> ProcessedPhoto:
    """Decode an upload read by read_header() and re-encode it in the three sizes; raises PhotoRejected."""
    with upload.image as source:
        source_format = source.format or ""
        image, read_exif = _decoded_small(upload)
        icc = source.info.get("icc_profile")
        orientation, taken_at = _exif_facts(read_exif)
        if source_format == "HEIF":
            orientation = 1  # pillow-heif has already applied the HEIF rotation while decoding
        evidence = _upright_rgb(image, icc, orientation)
        del image
        if evidence is not source:
            source.close()  # the full-size pixels go before the sizes are made and encoded
        return _three_sizes(evidence, taken_at, source_format)


def process(data: bytes, *, max_pixels: int = DEFAULT_MAX_PIXELS) -> ProcessedPhoto:
    """Decode an upload and re-encode it in the three sizes; raises PhotoRejected. CPU-bound: run it off
    the event loop (workers.process_bounded)."""
    return process_upload(read_header(data, max_pixels))


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
    with _open(evidence_jpeg, DEFAULT_MAX_PIXELS) as source:
        image = _fit(_to_rgb(_decode(source)), SIZES["evidence"])  # an evidence JPEG: at most that size
        for box in boxes:
            _obscure(image, _pixel_box(box, image.size))
        return _three_sizes(image, None, "JPEG")

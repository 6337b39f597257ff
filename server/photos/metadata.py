"""What is read from a photo's EXIF: its orientation (to make it upright) and its capture time.

Nothing else is kept: the sizes are saved from pixels alone (sizes.py), the capture time is returned separately,
and the location never leaves this package.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from PIL import Image

from server.photos.decoding import DECODE_ERRORS

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


def exif_facts(read_exif: Callable[[], Image.Exif]) -> tuple[int, datetime | None]:
    """Orientation and capture time; unreadable EXIF counts as absent rather than refusing the photo."""
    try:
        exif = read_exif()
        orientation = exif.get(_ORIENTATION, 1)
        taken = exif.get_ifd(_EXIF_IFD).get(_DATE_TIME_ORIGINAL)
    except DECODE_ERRORS:
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


def upright(image: Image.Image, orientation: int) -> Image.Image:
    """The image turned as its EXIF orientation says (1, or an unknown value: as it is)."""
    if orientation in _TRANSPOSE:
        return image.transpose(_TRANSPOSE[orientation])
    return image

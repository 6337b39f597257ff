"""The photo pipeline against every test photo in MANIFEST.tsv, plus redaction and the bounded workers.

Each manifest line states what Pillow does with the file; the expected outcome is derived from those facts:
an accepted file gives three clean, upright JPEGs of the right sizes; the rest are refused with 415 or 422.
"""

from __future__ import annotations

import asyncio
import csv
import dataclasses
import io
import random
import struct
import threading
import time
import zlib
from datetime import datetime

import anyio
import anyio.from_thread
import pytest
from anyio import wait_all_tasks_blocked
from PIL import Image, ImageChops, ImageCms, ImageFilter, ImageStat, PngImagePlugin
from testdata import PHOTOS

from server.photos import (
    DEFAULT_MAX_PIXELS,
    SIZES,
    PhotoRejected,
    ProcessedPhoto,
    Upload,
    colour,
    pipeline,
    process,
    process_bounded,
    read_header,
    redact,
    redact_bounded,
    strips,
    workers,
)
from server.photos.budget import MemoryBudget
from server.settings import load_settings

with (PHOTOS / "MANIFEST.tsv").open(newline="", encoding="utf-8") as manifest:
    ROWS = list(csv.DictReader(manifest, delimiter="\t"))
BY_NAME = {row["filename"]: row for row in ROWS}
BAND = 0.9  # a size over its limit comes out between 90% and 100% of it (see pipeline's docstring)


def expected_refusal(row: dict[str, str]) -> tuple[int, str] | None:
    """None for a file that must be accepted, else the refusal (status, code), from what Pillow does with it."""
    if row["pillow_open"].startswith("DecompressionBombError"):
        return 422, "photo_too_large"
    if row["pillow_open"].startswith("UnidentifiedImageError"):
        return 415, "unsupported_media_type"
    if row["pillow_open"] != "ok" or row["pillow_load"] != "ok":
        return 422, "photo_invalid"
    return None


ACCEPTED = [row for row in ROWS if expected_refusal(row) is None]
REFUSED = [row for row in ROWS if expected_refusal(row) is not None]


def data(name: str) -> bytes:
    return (PHOTOS / name).read_bytes()


def size_of(text: str) -> tuple[int, int]:
    width, height = text.split("x")
    return int(width), int(height)


def opened(jpeg: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(jpeg))
    image.load()
    return image


def mean_difference(first: Image.Image, second: Image.Image) -> float:
    return sum(ImageStat.Stat(ImageChops.difference(first, second)).mean) / len(first.getbands())


def jpeg_markers(jpeg: bytes) -> list[int]:
    """The markers of every segment before the image data (SOS)."""
    assert jpeg[:2] == b"\xff\xd8"
    markers, offset = [], 2
    while True:
        marker = jpeg[offset + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        offset += 2 + struct.unpack(">H", jpeg[offset + 2:offset + 4])[0]


def assert_clean(jpeg: bytes) -> None:
    """A plain RGB JPEG: a JFIF header and image data, no EXIF, GPS, XMP, ICC, maker notes or comments."""
    image = opened(jpeg)
    assert (image.format, image.mode) == ("JPEG", "RGB")
    assert not image.getexif()
    assert not image.getexif().get_ifd(0x8825)  # GPS
    for key in ("exif", "icc_profile", "xmp", "comment", "photoshop", "adobe", "mp", "mpinfo"):
        assert key not in image.info, key
    assert b"Exif" not in jpeg
    assert b"http://ns.adobe.com/xap" not in jpeg
    assert b"ICC_PROFILE" not in jpeg
    # Only APP0 (JFIF), quantisation and Huffman tables, the frame header and the scan: no APPn but 0, no COM.
    assert set(jpeg_markers(jpeg)) <= {0xE0, 0xDB, 0xC4, 0xC0, 0xDD, 0xDA}


def assert_fits(size: tuple[int, int], source: tuple[int, int], limit: int) -> None:
    """Long edge: the source's when it fits, else within BAND of the limit; proportions kept."""
    longest, source_longest = max(size), max(source)
    if source_longest <= limit:
        assert size == source
        return
    assert BAND * limit <= longest <= limit
    assert (size[0] >= size[1]) == (source[0] >= source[1])
    assert abs(min(size) - longest * min(source) / source_longest) <= 1


def test_every_photo_file_is_in_the_manifest():
    on_disk = {path.name for path in PHOTOS.iterdir() if path.name != "MANIFEST.tsv"}
    assert on_disk == set(BY_NAME)


@pytest.mark.parametrize("row", ACCEPTED, ids=lambda row: row["filename"])
def test_accepted_photos_give_three_clean_upright_jpegs(row: dict[str, str]):
    result = process(data(row["filename"]))
    assert isinstance(result, ProcessedPhoto)
    assert result.source_format == row["format"]
    upright = size_of(row["upright_size_after_exif_transpose"])
    evidence, display, thumb = (opened(jpeg) for jpeg in (result.evidence, result.display, result.thumb))
    assert_fits(evidence.size, upright, SIZES["evidence"])
    assert_fits(display.size, evidence.size, SIZES["display"])
    assert_fits(thumb.size, display.size, SIZES["thumb"])
    assert (result.width, result.height) == evidence.size
    for jpeg in (result.evidence, result.display, result.thumb):
        assert_clean(jpeg)


@pytest.mark.parametrize("row", REFUSED, ids=lambda row: row["filename"])
def test_refused_files_say_why(row: dict[str, str]):
    with pytest.raises(PhotoRejected) as caught:
        process(data(row["filename"]))
    assert (caught.value.status, caught.value.code) == expected_refusal(row)
    assert caught.value.message.endswith(".")


def test_messages_name_the_accepted_kinds_and_the_limit():
    with pytest.raises(PhotoRejected) as unsupported:
        process(data("evil.svg"))
    assert unsupported.value.message == ("This file is not a photo the app accepts: "
                                         "send JPEG, PNG, WebP, HEIC/HEIF, MPO or GIF.")
    with pytest.raises(PhotoRejected) as bomb:
        process(data("decompression_bomb.gif"))
    assert bomb.value.message == ("The image is too large: at most 100 megapixels "
                                  "(this one declares 4,364,696,535 pixels).")
    with pytest.raises(PhotoRejected) as damaged:
        process(data("truncated_jpeg.jpg"))
    assert damaged.value.message == "The photo could not be read: the file is truncated or damaged."


@pytest.mark.parametrize("name", ["decompression_bomb.gif", "65536-uint32-limit.png", "png_decompression_dos.png"])
def test_bombs_are_refused_before_decoding(name: str):
    started = time.perf_counter()
    with pytest.raises(PhotoRejected):
        process(data(name))
    assert time.perf_counter() - started < 0.2


def png_chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_declaring(width: int, height: int, interlace: int = 0) -> bytes:
    """A PNG header declaring a size (RGB), with no real pixel data behind it."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, interlace)
    return (b"\x89PNG\r\n\x1a\n" + png_chunk(b"IHDR", header) + png_chunk(b"IDAT", zlib.compress(b""))
            + png_chunk(b"IEND", b""))


def test_the_pixel_limit_is_a_setting():
    with pytest.raises(PhotoRejected) as caught:
        process(data("Landscape_1.jpg"), max_pixels=2_000_000)
    assert (caught.value.status, caught.value.code) == (422, "photo_too_large")
    assert caught.value.message == "The image is too large: at most 2 megapixels (this one declares 2,160,000 pixels)."
    # Just over the default, where Pillow's own guard only warns: still our refusal, with the count.
    with pytest.raises(PhotoRejected) as over:
        process(png_declaring(12_000, 12_000))
    assert (over.value.code, over.value.message) == (
        "photo_too_large", "The image is too large: at most 100 megapixels (this one declares 144,000,000 pixels).")


def test_pillow_guard_never_refuses_what_the_setting_allows(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", Image.MAX_IMAGE_PIXELS)  # restored after the test
    # 225 MP is over twice Pillow's threshold; allowed by a 300 MP setting, it gets as far as decoding (and
    # fails there, having no pixel data), rather than being refused for its size.
    with pytest.raises(PhotoRejected) as caught:
        process(png_declaring(15_000, 15_000), max_pixels=300_000_000)
    assert (caught.value.status, caught.value.code) == (422, "photo_invalid")
    assert DEFAULT_MAX_PIXELS == 100_000_000


def other_format(kind: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (16, 16), "red").save(out, kind)
    return out.getvalue()


@pytest.mark.parametrize("kind", ["BMP", "TIFF", "PPM", "ICO"])
def test_images_of_other_kinds_are_415(kind: str):
    with pytest.raises(PhotoRejected) as caught:
        process(other_format(kind))
    assert caught.value.status == 415


def test_the_kind_comes_from_the_bytes_not_the_name():
    # evil.jpg is HTML under a .jpg name; a real PNG is accepted whatever it was called.
    with pytest.raises(PhotoRejected):
        process(data("evil.jpg"))
    assert process(data("transparent.png")).source_format == "PNG"


@pytest.mark.parametrize(("name", "cut"), [("IMG_20180725_163423.jpg", 0.5), ("pug.heic", 0.5),
                                           ("flower.webp", 0.5), ("transparent.png", 0.5), ("chi.gif", 0.01)])
def test_truncated_files_are_422(name: str, cut: float):
    whole = data(name)
    with pytest.raises(PhotoRejected) as caught:
        process(whole[:int(len(whole) * cut)])
    assert caught.value.status == 422


def test_empty_and_tiny_uploads_are_refused():
    for upload in (b"", b"\xff\xd8\xff", b"GIF89a"):
        with pytest.raises(PhotoRejected) as caught:
            process(upload)
        assert caught.value.status in (415, 422)


@pytest.fixture(scope="module")
def landscape_1() -> ProcessedPhoto:
    return process(data("Landscape_1.jpg"))


@pytest.mark.parametrize("orientation", range(1, 9))
def test_every_exif_orientation_comes_out_upright(orientation: int, landscape_1: ProcessedPhoto):
    result = process(data(f"Landscape_{orientation}.jpg"))
    thumb, reference = opened(result.thumb), opened(landscape_1.thumb)
    assert thumb.size == reference.size == (320, 213)
    assert mean_difference(thumb, reference) < 4
    # The check can tell: the same picture mirrored is far off.
    assert mean_difference(thumb, reference.transpose(Image.Transpose.FLIP_LEFT_RIGHT)) > 30


def two_colour_picture(kind: str, orientation: int, size: tuple[int, int] = (300, 200)) -> bytes:
    """Red left half, blue right half, stored with an EXIF orientation."""
    image = Image.new("RGB", size, "blue")
    image.paste((255, 0, 0), (0, 0, size[0] // 2, size[1]))
    exif = Image.Exif()
    exif[0x0112] = orientation
    out = io.BytesIO()
    image.save(out, kind, exif=exif.tobytes())
    return out.getvalue()


@pytest.mark.parametrize(("kind", "size", "upright"), [
    ("JPEG", (300, 200), (200, 300)),
    ("JPEG", (4000, 3000), (1500, 2000)),  # decoded at half scale by libjpeg, then turned
    ("HEIF", (300, 200), (200, 300)),
])
def test_orientation_is_applied_exactly_once(kind: str, size: tuple[int, int], upright: tuple[int, int]):
    # Orientation 6: turn 90 degrees clockwise to view, so the left (red) half ends up on top. pillow-heif
    # turns HEIC while decoding; turning it again would put red on the right.
    evidence = opened(process(two_colour_picture(kind, 6, size)).evidence)
    assert evidence.size == upright
    red, _, blue = evidence.getpixel((upright[0] // 2, upright[1] // 8))
    assert red > 200 and blue < 50
    red, _, blue = evidence.getpixel((upright[0] // 2, upright[1] * 7 // 8))
    assert blue > 200 and red < 50


def test_a_png_exif_orientation_is_applied_too():
    evidence = opened(process(two_colour_picture("PNG", 3)).evidence)  # 3: upside down
    red, _, blue = evidence.getpixel((20, 100))
    assert blue > 200 and red < 50  # turned 180 degrees: blue is now on the left


def test_heic_is_accepted_upright_and_without_its_gps():
    result = process(data("pug.heic"))
    assert result.source_format == "HEIF"
    assert (result.width, result.height) == (2016, 1512)
    assert result.taken_at == datetime(2023, 2, 21, 14, 33, 8)


def test_capture_time_is_read_from_the_phone_photo():
    result = process(data("IMG_20180725_163423.jpg"))
    assert result.taken_at == datetime(2018, 7, 25, 16, 34, 23)
    assert result.source_format == "JPEG"
    assert process(data("Landscape_1.jpg")).taken_at is None


def test_the_large_phone_photo_is_shrunk_within_the_evidence_band():
    result = process(data("IMG_20180725_163423.jpg"))
    assert 1024 <= max(result.width, result.height) <= 2048
    assert (result.width, result.height) == (2024, 1518)  # libjpeg's exact half scale


def test_cmyk_becomes_rgb_with_the_same_colours():
    source = Image.open(PHOTOS / "pil_sample_cmyk.jpg")
    evidence = opened(process(data("pil_sample_cmyk.jpg")).evidence)
    assert evidence.mode == "RGB"
    # A small, busy picture loses a little to JPEG: compare with Pillow's conversion saved the same way.
    out = io.BytesIO()
    source.convert("RGB").save(out, "JPEG", quality=85)
    assert mean_difference(evidence, opened(out.getvalue())) < 1
    mean_colour = ImageStat.Stat(evidence).mean
    assert all(abs(a - b) < 3 for a, b in zip(mean_colour, ImageStat.Stat(source.convert("RGB")).mean, strict=True))


def test_sixteen_bit_grey_is_scaled_not_clipped():
    source = Image.open(PHOTOS / "L_16__128x128.png")
    assert source.mode == "I;16"
    evidence = opened(process(data("L_16__128x128.png")).evidence).convert("L")
    expected = source.convert("I").point(lambda value: value * (1 / 256)).convert("L")
    assert evidence.getextrema() == (0, 255)
    assert mean_difference(evidence, expected) < 3


@pytest.mark.parametrize("name", ["transparent.png", "transparent.webp"])
def test_transparency_is_laid_on_white(name: str):
    source = Image.open(PHOTOS / name)
    alpha = source.getchannel("A")
    evidence = opened(process(data(name)).evidence)
    assert evidence.size == source.size
    # Take 16x16 blocks that are fully transparent (JPEG works in 8x8 blocks, so edges blur a little).
    blocks = [(x, y, x + 16, y + 16) for x in range(0, source.width - 15, 16) for y in range(0, source.height - 15, 16)]
    clear = [box for box in blocks if alpha.crop(box).getextrema() == (0, 0)]
    assert clear
    for box in clear:
        assert min(min(low for low, _ in evidence.crop(box).getextrema()), 255) >= 245
    opaque = [box for box in blocks if alpha.crop(box).getextrema() == (255, 255)]
    for box in opaque:
        assert mean_difference(evidence.crop(box), source.convert("RGB").crop(box)) < 8


def test_a_large_transparent_png_is_shrunk_then_laid_on_white():
    image = Image.new("RGBA", (3000, 2000), (0, 0, 0, 0))
    image.paste((255, 0, 0, 255), (1000, 500, 2000, 1500))
    out = io.BytesIO()
    image.save(out, "PNG")
    evidence = opened(process(out.getvalue()).evidence)
    assert evidence.size == (2048, 1365)
    assert min(evidence.getpixel((100, 100))) >= 245
    red, green, blue = evidence.getpixel((1024, 682))
    assert red > 230 and green < 30 and blue < 30


def test_a_palette_picture_with_a_transparent_index_is_laid_on_white():
    image = Image.new("P", (64, 64), 1)
    image.putpalette([0, 0, 0, 255, 0, 0] + [0, 0, 0] * 254)
    image.paste(0, (0, 0, 32, 64))
    out = io.BytesIO()
    image.save(out, "PNG", transparency=0)
    evidence = opened(process(out.getvalue()).evidence)
    assert min(evidence.getpixel((8, 32))) >= 245  # transparent half: white, not black
    red, green, blue = evidence.getpixel((56, 32))
    assert red > 230 and green < 30 and blue < 30


def test_an_animated_gif_gives_its_first_frame():
    source = Image.open(PHOTOS / "chi.gif")
    assert source.n_frames == 31
    first = source.convert("RGBA")
    on_white = Image.alpha_composite(Image.new("RGBA", first.size, "white"), first).convert("RGB")
    evidence = opened(process(data("chi.gif")).evidence)
    assert mean_difference(evidence, on_white) < 6
    source.seek(10)
    tenth = Image.alpha_composite(Image.new("RGBA", first.size, "white"), source.convert("RGBA")).convert("RGB")
    assert mean_difference(evidence, tenth) > mean_difference(evidence, on_white)


def test_an_mpo_gives_its_first_picture_converted_to_srgb():
    source = Image.open(PHOTOS / "frame_size.mpo")
    assert ImageCms.getProfileDescription(ImageCms.ImageCmsProfile(io.BytesIO(source.info["icc_profile"]))).strip() \
        == "Display P3"
    result = process(data("frame_size.mpo"))
    assert (result.width, result.height, result.source_format) == (56, 70, "MPO")  # frame 1 is 349x434
    in_srgb = ImageCms.profileToProfile(source, ImageCms.ImageCmsProfile(io.BytesIO(source.info["icc_profile"])),
                                        ImageCms.createProfile("sRGB"), outputMode="RGB")
    assert mean_difference(opened(result.evidence), in_srgb) < 3


def test_webp_exif_is_dropped():
    source = Image.open(PHOTOS / "flower.webp")
    assert "exif" in source.info
    result = process(data("flower.webp"))
    for jpeg in (result.evidence, result.display, result.thumb):
        assert_clean(jpeg)
    assert result.taken_at == datetime(2003, 12, 14, 12, 1, 44)


def test_gps_and_maker_notes_of_real_cameras_do_not_survive():
    for name in [row["filename"] for row in ACCEPTED if row["has_gps"] == "yes"]:
        result = process(data(name))
        for jpeg in (result.evidence, result.display, result.thumb):
            assert_clean(jpeg)
            assert b"Google" not in jpeg and b"NIKON" not in jpeg and b"Apple" not in jpeg


# Redaction


def edge_energy(image: Image.Image) -> float:
    """Mean edge strength; Pillow copies a kernel's border pixels unfiltered, so those are left out."""
    edges = image.convert("L").filter(ImageFilter.FIND_EDGES)
    return ImageStat.Stat(edges.crop((1, 1, edges.width - 1, edges.height - 1))).mean[0]


def test_redaction_blurs_inside_the_box_and_leaves_the_rest(landscape_1: ProcessedPhoto):
    box = (0.25, 0.25, 0.25, 0.25)
    result = redact(landscape_1.evidence, [box])
    before, after = opened(landscape_1.evidence), opened(result.evidence)
    assert after.size == before.size == (result.width, result.height)
    width, height = before.size
    inside = (width // 4, height // 4, width // 2, height // 2)
    assert mean_difference(before.crop(inside), after.crop(inside)) > 15
    assert edge_energy(after.crop(inside)) < edge_energy(before.crop(inside)) / 5
    far = (int(width * 0.7), int(height * 0.7), width, height)
    assert mean_difference(before.crop(far), after.crop(far)) < 1
    assert (result.taken_at, result.source_format) == (None, "JPEG")
    for jpeg in (result.evidence, result.display, result.thumb):
        assert_clean(jpeg)
    assert opened(result.display).size == opened(landscape_1.display).size
    assert opened(result.thumb).size == opened(landscape_1.thumb).size


def test_redaction_handles_several_boxes_and_thin_banners(landscape_1: ProcessedPhoto):
    boxes = [(0.0, 0.0, 0.1, 0.1), (0.5, 0.9, 0.5, 0.1), (0.2, 0.6, 0.6, 0.02)]
    before = opened(landscape_1.evidence)
    after = opened(redact(landscape_1.evidence, boxes).evidence)
    width, height = before.size
    banner = (int(0.2 * width), int(0.6 * height), int(0.8 * width), int(0.62 * height))
    assert edge_energy(after.crop(banner)) < edge_energy(before.crop(banner)) / 3


@pytest.mark.parametrize(("boxes", "words"), [
    ([], "at least one"),
    ([(0.1, 0.1, 0.0, 0.2)], "empty"),
    ([(0.1, 0.1, 0.2, -0.1)], "from 0 to 1"),
    ([(1.2, 0.1, 0.1, 0.1)], "from 0 to 1"),
    ([(-0.1, 0.1, 0.1, 0.1)], "from 0 to 1"),
    ([(0.8, 0.1, 0.3, 0.1)], "outside"),
    ([(0.1, 0.95, 0.1, 0.1)], "outside"),
    ([(0.1, 0.1, 0.1)], "(x, y, width, height)"),
    ([(0.1, 0.1, float("nan"), 0.1)], "from 0 to 1"),
    ([(True, 0.1, 0.1, 0.1)], "from 0 to 1"),
    ([("0.1", 0.1, 0.1, 0.1)], "from 0 to 1"),
    ([(0.1, 0.1, 0.1, 0.1)] * 51, "At most 50"),
    ([0.5], "(x, y, width, height)"),
    (["abcd"], "(x, y, width, height)"),
])
def test_redaction_boxes_are_checked_before_anything_is_decoded(boxes: list, words: str):
    with pytest.raises(ValueError, match=words.replace("(", r"\(").replace(")", r"\)")):
        redact(b"not even a photo", boxes)


def test_a_box_touching_the_edges_is_fine(landscape_1: ProcessedPhoto):
    result = redact(landscape_1.evidence, [(0.0, 0.0, 1.0, 1.0)])
    assert edge_energy(opened(result.evidence)) < edge_energy(opened(landscape_1.evidence)) / 5


# Large images, band by band

# PNG colour types and bytes a pixel of the 8-bit layouts decoded band by band
PNG_LAYOUTS = {"L": (0, 1), "RGB": (2, 3), "P": (3, 1), "LA": (4, 2), "RGBA": (6, 4)}
# 3700 px: a whole-factor shrink by 2 lands in the evidence band (1850), so bands are reduced by 2
WIDE = (3700, 11)


def noise(mode: str, size: tuple[int, int], seed: int = 7) -> Image.Image:
    """Random pixels (every PNG filter then has work to do); P pictures get a random palette."""
    generator = random.Random(seed)
    bands = len(mode) if mode != "P" else 1
    image = Image.frombytes(mode, size, generator.randbytes(size[0] * size[1] * bands))
    if mode == "P":
        image.putpalette(generator.randbytes(768))
    return image


def _paeth(left: int, up: int, up_left: int) -> int:
    guess = left + up - up_left
    near = min((abs(guess - left), 0), (abs(guess - up), 1), (abs(guess - up_left), 2))[1]
    return (left, up, up_left)[near]


def png_with_every_filter(image: Image.Image, transparency: bytes | None = None,
                          exif_after_pixels: bytes | None = None) -> bytes:
    """An 8-bit PNG whose rows use the five filter types in turn (Pillow's encoder picks for itself), its
    compressed pixels split over several IDAT chunks, with an eXIf chunk after them when given."""
    colour, size = PNG_LAYOUTS[image.mode]
    raw, stride = image.tobytes("raw", image.mode), image.width * size
    filtered, above = bytearray(), bytes(stride)
    for y in range(image.height):
        row, kind = raw[y * stride:(y + 1) * stride], y % 5
        filtered.append(kind)
        for i, value in enumerate(row):
            left, up_left = (row[i - size], above[i - size]) if i >= size else (0, 0)
            up = above[i]
            guess = (0, left, up, (left + up) // 2, _paeth(left, up, up_left))[kind]
            filtered.append((value - guess) & 0xFF)
        above = row
    compressed = zlib.compress(bytes(filtered), 9)
    chunks = [png_chunk(b"IHDR", struct.pack(">IIBBBBB", *image.size, 8, colour, 0, 0, 0))]
    if image.mode == "P":
        chunks.append(png_chunk(b"PLTE", bytes(image.getpalette() or [])))
        if transparency is not None:
            chunks.append(png_chunk(b"tRNS", transparency))
    chunks += [png_chunk(b"IDAT", compressed[i:i + 5000]) for i in range(0, len(compressed), 5000)]
    if exif_after_pixels is not None:
        chunks.append(png_chunk(b"eXIf", exif_after_pixels))
    return b"\x89PNG\r\n\x1a\n" + b"".join(chunks) + png_chunk(b"IEND", b"")


@pytest.fixture
def thin_bands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Bands of 4 rows of a WIDE picture, so its 11 rows make three bands, the last a partial one."""
    monkeypatch.setattr(strips, "BAND_BYTES", WIDE[0] * 4 * 4)


def whole_then_banded(monkeypatch: pytest.MonkeyPatch, data: bytes) -> tuple[ProcessedPhoto, ProcessedPhoto]:
    """The photo processed by decoding the PNG whole, and then band by band (never loading it whole)."""
    with monkeypatch.context() as whole:
        whole.setattr(strips, "streamable_png", lambda image: False)
        expected = process(data)

    def no_whole_decode(self: Image.Image) -> None:
        raise AssertionError("the PNG was decoded whole")

    with monkeypatch.context() as banded:
        banded.setattr(PngImagePlugin.PngImageFile, "load", no_whole_decode)
        return expected, process(data)


@pytest.mark.parametrize("layout", ["L", "LA", "RGB", "RGBA", "P", "P with transparency"])
def test_a_large_png_decoded_band_by_band_gives_the_same_pixels_as_decoding_it_whole(
        layout: str, thin_bands: None, monkeypatch: pytest.MonkeyPatch):
    mode = layout.split()[0]
    transparency = bytes(range(0, 256, 2)) if layout.endswith("transparency") else None
    data = png_with_every_filter(noise(mode, WIDE), transparency)
    source = Image.open(io.BytesIO(data))
    assert strips.streamable_png(source)
    whole = Image.open(io.BytesIO(data))
    whole.load()
    shrunk = strips.shrink(strips.png_bands(data, source, 2), source.size, 2, colour.reducible)
    assert shrunk.size == (1850, 6)
    assert shrunk.tobytes() == colour.reducible(whole).reduce(2).tobytes()
    expected, banded = whole_then_banded(monkeypatch, data)
    assert banded == expected  # the same three JPEGs, byte for byte


def test_an_exif_orientation_after_the_pixels_of_a_large_png_is_applied(thin_bands: None,
                                                                        monkeypatch: pytest.MonkeyPatch):
    exif = Image.Exif()
    exif[0x0112] = 6  # turn 90 degrees clockwise to view
    data = png_with_every_filter(noise("RGB", WIDE), exif_after_pixels=exif.tobytes()[6:])  # no "Exif\0\0"
    expected, banded = whole_then_banded(monkeypatch, data)
    assert (banded.width, banded.height) == (6, 1850)
    assert banded == expected


def test_a_large_png_cut_short_or_with_a_bad_filter_is_422(thin_bands: None):
    data = png_with_every_filter(noise("RGB", WIDE))
    idat = data.index(b"IDAT")
    with pytest.raises(PhotoRejected) as cut:
        process(data[:idat + 8000])
    assert (cut.value.status, cut.value.code) == (422, "photo_invalid")
    rows = bytearray(zlib.decompress(b"".join(
        body for kind, body in pipeline_chunks(data) if kind == b"IDAT")))
    rows[(1 + WIDE[0] * 3) * 6] = 9  # row 6's filter type: there is no type 9
    damaged = data[:idat - 4] + png_chunk(b"IDAT", zlib.compress(bytes(rows))) + png_chunk(b"IEND", b"")
    with pytest.raises(PhotoRejected) as bad:
        process(damaged)
    assert (bad.value.status, bad.value.code) == (422, "photo_invalid")


def pipeline_chunks(data: bytes) -> list[tuple[bytes, bytes]]:
    """A PNG's chunks, as (type, body)."""
    chunks, offset = [], 8
    while offset < len(data):
        length, kind = struct.unpack_from(">I4s", data, offset)
        chunks.append((kind, data[offset + 8:offset + 8 + length]))
        offset += 12 + length
    return chunks


@pytest.mark.parametrize(("mode", "size"), [("P", (3700, 60)), ("I;16", (3700, 60)), ("1", (3700, 60))])
def test_large_pictures_in_other_modes_are_converted_band_by_band_alike(
        mode: str, size: tuple[int, int], thin_bands: None):
    image = noise("L", size).convert(mode) if mode != "P" else noise("P", size)
    out = io.BytesIO()
    image.save(out, "GIF" if mode == "P" else "PNG")  # a GIF, a 16-bit grey PNG, a bilevel PNG: decoded whole
    decoded = Image.open(io.BytesIO(out.getvalue()))
    decoded.load()
    assert not strips.streamable_png(decoded)
    shrunk = pipeline._shrunk(decoded)
    assert shrunk.tobytes() == colour.reducible(decoded).reduce(2).tobytes()
    assert opened(process(out.getvalue()).evidence).size == (1850, 30)


def test_the_memory_an_upload_needs_is_worked_out_from_the_pixels_its_header_declares():
    def needs(data: bytes) -> int:
        upload = read_header(data)
        upload.close()
        return upload.memory

    # Decoded whole (an interlaced PNG cannot be decoded band by band): Pillow keeps RGB in 4 bytes a pixel.
    assert needs(png_declaring(4000, 3000, interlace=1)) - needs(png_declaring(2000, 3000, interlace=1)) == (
        2000 * 3000 * 4)
    assert needs(png_declaring(9950, 9950, interlace=1)) > 9950 * 9950 * 4
    # The same size decoded band by band: a band and the shrunk picture.
    assert needs(png_declaring(9950, 9950)) < 9950 * 9950 * 4 / 3
    # A 12 MP JPEG is decoded at half scale by libjpeg: a quarter of the pixels of a PNG of its size.
    assert needs(png_declaring(4048, 3036, interlace=1)) - needs(data("IMG_20180725_163423.jpg")) == (
        (4048 * 3036 - 2024 * 1518) * 4)


# Bounded workers


async def test_workers_run_the_pipeline_off_the_loop_and_pass_refusals_on():
    result = await process_bounded(data("Landscape_6.jpg"), max_pixels=DEFAULT_MAX_PIXELS)
    assert (result.width, result.height) == (1800, 1200)
    with pytest.raises(PhotoRejected):
        await process_bounded(data("evil.svg"), max_pixels=DEFAULT_MAX_PIXELS)
    redacted = await redact_bounded(result.evidence, [(0.1, 0.1, 0.2, 0.2)])
    assert (redacted.width, redacted.height) == (1800, 1200)
    with pytest.raises(ValueError, match="at least one"):
        await redact_bounded(result.evidence, [])


async def test_at_most_worker_count_photos_are_processed_at_once(monkeypatch: pytest.MonkeyPatch):
    limit = workers.worker_count()
    assert 1 <= limit <= workers.MAX_WORKERS
    jobs = 3 * limit
    lock, running, peak, started = threading.Lock(), [0], [0], [0]
    # The first `limit` jobs go on only once all of them run at the same time. The wait is bounded: if they
    # cannot all run at once, the test fails with BrokenBarrierError rather than hanging.
    all_running = threading.Barrier(limit, timeout=10)

    def job(upload: Upload) -> str:
        with lock:
            running[0] += 1
            started[0] += 1
            peak[0] = max(peak[0], running[0])
            first = started[0] <= limit
        try:
            if first:
                all_running.wait()
        finally:
            with lock:
                running[0] -= 1
        return "done"

    # No memory asked for: this test is about the worker count alone.
    monkeypatch.setattr(workers, "read_header",
                        lambda data, max_pixels: dataclasses.replace(read_header(data, max_pixels), memory=0))
    monkeypatch.setattr(workers, "process_upload", job)
    results = await asyncio.gather(*(process_bounded(data("Landscape_1.jpg"), max_pixels=DEFAULT_MAX_PIXELS)
                                     for _ in range(jobs)))
    assert results == ["done"] * jobs  # every job finished
    assert peak[0] == limit  # never more than the limit at once (and the limit was reached)


async def test_an_upload_holds_the_memory_its_header_declares_while_it_is_decoded(monkeypatch: pytest.MonkeyPatch):
    budget = workers.memory_budget()
    assert budget.total == load_settings().photo_memory_mb << 20
    held: list[tuple[int, int]] = []

    def job(upload: Upload) -> str:
        held.append((upload.memory, anyio.from_thread.run_sync(lambda: budget.in_use)))
        return "done"

    monkeypatch.setattr(workers, "process_upload", job)
    small, huge = png_declaring(2000, 1500, interlace=1), png_declaring(9950, 9950, interlace=1)
    assert await process_bounded(small, max_pixels=DEFAULT_MAX_PIXELS) == "done"
    assert await process_bounded(huge, max_pixels=DEFAULT_MAX_PIXELS) == "done"
    (small_needs, small_held), (huge_needs, huge_held) = held
    assert small_held == small_needs < budget.total
    assert huge_needs > budget.total and huge_held == budget.total  # more than the whole: alone, not never
    assert budget.in_use == 0


async def test_the_memory_budget_admits_first_come_first_served_and_never_overcommits():
    budget = MemoryBudget(100)
    admitted: list[str] = []
    done = {name: anyio.Event() for name in "ABCDEF"}
    most = [0]

    async def job(name: str, amount: int) -> None:
        async with budget.reserve(amount):
            admitted.append(name)
            most[0] = max(most[0], budget.in_use)
            await done[name].wait()

    async def arrive(name: str, amount: int) -> None:
        task_group.start_soon(job, name, amount)
        await wait_all_tasks_blocked()  # it has started, or is waiting in line

    async with anyio.create_task_group() as task_group:
        await arrive("A", 60)
        await arrive("B", 30)
        await arrive("C", 20)  # 110 would be over: waits
        await arrive("D", 5)  # would fit, but C came first: waits behind it, so C is not starved
        assert admitted == ["A", "B"] and budget.waiting == 2
        done["A"].set()
        await wait_all_tasks_blocked()
        assert admitted == ["A", "B", "C", "D"] and budget.in_use == 55
        await arrive("E", 250)  # more than the whole budget: waits until nothing else runs
        await arrive("F", 1)  # behind E
        for name in "BCD":
            assert "E" not in admitted
            done[name].set()
            await wait_all_tasks_blocked()
        assert admitted[-1] == "E" and budget.in_use == budget.total  # E runs alone
        done["E"].set()
        await wait_all_tasks_blocked()
        assert admitted[-1] == "F"
        done["F"].set()
    assert budget.in_use == 0 and most[0] <= budget.total


async def test_a_job_that_stops_waiting_for_memory_lets_the_next_in_line_go():
    budget = MemoryBudget(100)
    release, gave_up = anyio.Event(), anyio.CancelScope()
    admitted: list[str] = []

    async def job(name: str, amount: int, scope: anyio.CancelScope | None = None) -> None:
        with scope or anyio.CancelScope():
            async with budget.reserve(amount):
                admitted.append(name)
                await release.wait()

    async with anyio.create_task_group() as task_group:
        task_group.start_soon(job, "running", 80)
        await wait_all_tasks_blocked()
        task_group.start_soon(job, "large", 50, gave_up)
        await wait_all_tasks_blocked()
        task_group.start_soon(job, "small", 10)  # fits, but waits behind "large"
        await wait_all_tasks_blocked()
        assert admitted == ["running"] and budget.waiting == 2
        gave_up.cancel()  # the upload was abandoned while waiting
        await wait_all_tasks_blocked()
        assert admitted == ["running", "small"] and budget.in_use == 90 and budget.waiting == 0
        release.set()
    assert budget.in_use == 0


async def test_a_photo_needing_more_than_twice_the_budget_is_refused_before_decoding(monkeypatch):
    """A WebP costs two full canvases: at 99 MP that is ~1.6 GB, so such a photo is refused, not decoded."""
    monkeypatch.setenv("SPACES_PHOTO_MEMORY_MB", "32")
    out = io.BytesIO()
    Image.new("RGB", (3000, 2000), "teal").save(out, "WEBP", quality=50)
    with pytest.raises(PhotoRejected) as refused:
        await workers.process_bounded(out.getvalue(), max_pixels=100_000_000)
    assert (refused.value.status, refused.value.code) == (422, "photo_too_large")
    assert "MB of memory" in refused.value.message
    small = io.BytesIO()
    Image.new("RGB", (640, 480), "teal").save(small, "JPEG")
    assert (await workers.process_bounded(small.getvalue(), max_pixels=100_000_000)).width == 640

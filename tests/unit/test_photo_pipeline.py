"""The photo pipeline against every test photo in MANIFEST.tsv, plus redaction and the bounded workers.

Each manifest line states what Pillow does with the file; the expected outcome is derived from those facts:
an accepted file gives three clean, upright JPEGs of the right sizes; the rest are refused with 415 or 422.
"""

from __future__ import annotations

import asyncio
import csv
import io
import struct
import threading
import time
import zlib
from datetime import datetime

import pytest
from PIL import Image, ImageChops, ImageCms, ImageFilter, ImageStat
from testdata import PHOTOS

from server.photos import (
    DEFAULT_MAX_PIXELS,
    SIZES,
    PhotoRejected,
    ProcessedPhoto,
    process,
    process_bounded,
    redact,
    redact_bounded,
    workers,
)

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


def png_declaring(width: int, height: int) -> bytes:
    """A PNG header declaring a size, with no real pixel data behind it."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


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
    lock, running, peak = threading.Lock(), [0], [0]

    def slow(data: bytes, *, max_pixels: int) -> str:
        with lock:
            running[0] += 1
            peak[0] = max(peak[0], running[0])
        time.sleep(0.05)
        with lock:
            running[0] -= 1
        return "done"

    monkeypatch.setattr(workers, "process", slow)
    results = await asyncio.gather(*(process_bounded(b"", max_pixels=1) for _ in range(8)))
    assert results == ["done"] * 8
    assert peak[0] == workers.worker_count()
    assert 1 <= workers.worker_count() <= workers.MAX_WORKERS

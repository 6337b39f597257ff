"""Draw the app icons (web/icons/*.png): a picture frame with a check mark, white on deep teal.

Run with the project's Python: `python scripts/make_icons.py`. Drawn at 4x and scaled down for smooth
edges, then quantised to a small palette so each PNG stays a few kilobytes.
"""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageDraw

TEAL = (11, 85, 99, 255)
WHITE = (255, 255, 255, 255)
AMBER = (246, 190, 78, 255)
ICONS = Path(__file__).resolve().parent.parent / "web" / "icons"
SCALE = 4


def draw_symbol(draw: ImageDraw.ImageDraw, size: int, content: float) -> None:
    """A framed picture (what hangs on the walls) with a check mark (it has been audited)."""
    half = size * content / 2
    c = size / 2
    cy = c + half * 0.14  # the wire above the frame is part of the shape: centre the whole
    left, top, right, bottom = c - half, cy - half * 0.86, c + half, cy + half * 0.86
    frame = max(2, round(size * content * 0.075))
    draw.rounded_rectangle((left, top, right, bottom), radius=frame * 0.6, outline=WHITE, width=frame)
    # A hanging wire above the frame.
    hook = (c, top - half * 0.32)
    draw.line((left + half * 0.45, top, *hook, right - half * 0.45, top), fill=WHITE, width=frame // 2,
              joint="curve")
    draw.ellipse((hook[0] - frame * 0.6, hook[1] - frame * 0.6, hook[0] + frame * 0.6, hook[1] + frame * 0.6),
                 fill=WHITE)
    # The check mark, in amber, inside the frame.
    w = frame * 1.35
    points = [(c - half * 0.48, cy + half * 0.02), (c - half * 0.12, cy + half * 0.36),
              (c + half * 0.52, cy - half * 0.34)]
    draw.line(points, fill=AMBER, width=round(w), joint="curve")
    for x, y in (points[0], points[-1]):
        draw.ellipse((x - w / 2, y - w / 2, x + w / 2, y + w / 2), fill=AMBER)


def icon(size: int, *, maskable: bool) -> Image.Image:
    big = size * SCALE
    image = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    if maskable:
        # Full bleed; the symbol stays inside the 80% safe circle that launchers may crop to.
        draw.rectangle((0, 0, big, big), fill=TEAL)
        draw_symbol(draw, big, content=0.5)
    else:
        draw.rounded_rectangle((0, 0, big, big), radius=big * 0.2, fill=TEAL)
        draw_symbol(draw, big, content=0.6)
    return image.resize((size, size), Image.Resampling.LANCZOS)


def save(image: Image.Image, name: str) -> None:
    small = image.quantize(colors=64, method=Image.Quantize.FASTOCTREE, dither=Image.Dither.NONE)
    path = ICONS / name
    small.save(path, optimize=True)
    print(f"{path.relative_to(ICONS.parent.parent)}: {path.stat().st_size} bytes")


def main() -> None:
    ICONS.mkdir(parents=True, exist_ok=True)
    save(icon(192, maskable=False), "icon-192.png")
    save(icon(512, maskable=False), "icon-512.png")
    save(icon(512, maskable=True), "icon-maskable-512.png")
    save(icon(180, maskable=True), "apple-touch-icon.png")
    save(icon(48, maskable=False), "icon-48.png")


if __name__ == "__main__":
    main()

"""The fonts reports are set in: Roboto (regular and bold) from the font-roboto package, a dependency, so
every installation has it; it covers Latin, Greek, Cyrillic and Vietnamese names. Where the system has
DejaVu Sans (Debian's fonts-dejavu-core), it fills in any other character Roboto lacks (Hebrew, Arabic,
Armenian, Georgian...)."""

from __future__ import annotations

from pathlib import Path

import font_roboto

FAMILY = "body"
FALLBACK = "fallback"
REGULAR = Path(font_roboto.font_files["Roboto"])
BOLD = Path(font_roboto.font_files["RobotoBold"])
DEJAVU = Path("/usr/share/fonts/truetype/dejavu")


def fallback_files() -> dict[str, Path]:
    """Style -> file of the fallback family, if the system has it."""
    found = {"": DEJAVU / "DejaVuSans.ttf", "B": DEJAVU / "DejaVuSans-Bold.ttf"}
    return found if all(path.is_file() for path in found.values()) else {}

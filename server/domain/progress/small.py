"""The one small-number rule of everything public: a count from 1 to 4 is shown as "fewer than 5", so nobody can
be singled out (the one report from a small clinic, the one portrait of a woman in a building).

0 is shown as 0: "nothing" is not about anyone, and hiding it would hide that nothing was done. Anything derived
from a hidden count is hidden with it: a share whose part or whole is 1-4, a median over 1-4 fixes.
"""

from __future__ import annotations

SMALL = 5
# How a hidden count reads in JSON and CSV; the page and the PDF word it ("fewer than 5", "menos de 5").
HIDDEN = "<5"

Shown = int | str


def hidden(n: int) -> bool:
    return 0 < n < SMALL


def count(n: int) -> Shown:
    """A count as the public may see it: itself, or "<5" for 1 to 4."""
    return HIDDEN if hidden(n) else n


def share(part: int, whole: int) -> float | str | None:
    """part/whole as a percentage with one decimal; "<5" when either is 1-4, None when there is no whole."""
    if whole == 0:
        return None
    if hidden(part) or hidden(whole):
        return HIDDEN
    return round(100 * part / whole, 1)


def median(values: int, median_days: float | None) -> float | str | None:
    """A median over `values` fixes: hidden when they are 1-4 (one fix's time is that fix's story)."""
    if values == 0 or median_days is None:
        return None
    return HIDDEN if hidden(values) else median_days

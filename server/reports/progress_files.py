"""The progress page's figures as files for the institution's own site: a CSV (one figure per row, so a new
category is a new row, not a new column) and the printable annual report (PDF), with the published pairs.

Both show exactly what the page shows: hidden counts stay "<5" in the CSV and read "fewer than 5" in the PDF.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from server.messages import say
from server.messages.formats import day
from server.reports.pdf_base import ReportPdf
from server.reports.progress_html import pair_caption, percent, shown

COLUMNS = ["progress.campus", "progress.figure", "progress.category", "progress.value", "progress.previous"]


def csv_rows(data: dict[str, Any]) -> Iterator[list[Any]]:
    """campus, figure (a stable English id), category (for findings by category), value, previous cycle."""
    for c in data["campuses"]:
        name, spaces = c["name"], c["spaces"]
        yield [name, "spaces_total", "", spaces["total"], ""]
        yield [name, "spaces_audited", "", spaces["audited"], ""]
        yield [name, "coverage_percent", "", spaces["coverage"], ""]
        for row in c["findings"]:
            for key in ("raised", "remedied", "verified"):
                yield [name, f"findings_{key}", row["category"], row[key], ""]
        median = c["median_days_to_verified"]
        yield [name, "fixes_verified", "", median["fixes"], ""]
        yield [name, "median_days_to_verified", "", median["days"], ""]
        inventory = c["inventory"]
        if inventory:
            yield [name, "people_honored", "", inventory["people"]["current"], inventory["people"]["previous"]]
            for share in inventory["shares"]:
                yield [name, f"share_percent:{share['item']}", "", share["current"], share["previous"]]
        for key, value in c["community"].items():
            yield [name, f"community_{key}", "", value, ""]


PhotoPath = Callable[[str], Path | None]


def _campus(pdf: ReportPdf, c: dict[str, Any], lang: str) -> None:
    pdf.heading(c["name"], size=13, keep=30)
    spaces, median, community = c["spaces"], c["median_days_to_verified"], c["community"]
    audited = say("progress.spaces_value_plain", lang, audited=shown(spaces["audited"], lang),
                  total=shown(spaces["total"], lang))
    if spaces["coverage"] is not None:
        audited += f" ({percent(spaces['coverage'], lang)})"
    if median["days"] is None:
        fixes = say("progress.median_none", lang)
    elif median["days"] == "<5":
        fixes = say("progress.median_hidden", lang)
    else:
        fixes = say("progress.median_value", lang, days=shown(median["days"], lang), fixes=shown(median["fixes"], lang))
    reports = say("progress.community_value", lang, **{k: shown(v, lang) for k, v in community.items()})
    pdf.pairs([(say("progress.spaces", lang), audited), (say("progress.median", lang), fixes),
               (say("progress.community", lang), reports)], label_width=70)
    pdf.para(say("progress.findings", lang), size=9, grey=True)
    if c["findings"]:
        pdf.grid([say(f"progress.{k}", lang) for k in ("category", "raised", "remedied", "verified")],
                 [[r["category"], *(shown(r[k], lang) for k in ("raised", "remedied", "verified"))]
                  for r in c["findings"]], widths=(90, 30, 30, 30))
    else:
        pdf.para(say("progress.findings_none", lang))
    inventory = c["inventory"]
    pdf.para(say("progress.inventory", lang), size=9, grey=True)
    if inventory and inventory["people"]["current"] != 0:
        pdf.grid([say("progress.share", lang), say("progress.current", lang), say("progress.previous", lang)],
                 [[s["label"], percent(s["current"], lang), percent(s["previous"], lang)] for s in inventory["shares"]],
                 widths=(90, 45, 45))
        pdf.para(say("progress.inventory_people", lang, current=shown(inventory["people"]["current"], lang),
                     previous=shown(inventory["people"]["previous"], lang)), size=9)
    else:
        pdf.para(say("progress.inventory_none", lang))


def build_progress_pdf(data: dict[str, Any], pairs: list[dict[str, Any]], photo_path: PhotoPath,
                       lang: str = "en") -> ReportPdf:
    title = say("progress.pdf_title", lang)
    pdf = ReportPdf(title, lang)
    words = " ".join([title, *(c["name"] for c in data["campuses"]),
                      *(r["category"] for c in data["campuses"] for r in c["findings"]),
                      *(pair_caption(p, lang) for p in pairs)])
    pdf.cover_characters(words)
    pdf.add_page()
    pdf.heading(title, size=18, space=0)
    cycle = data["cycle"]
    pdf.para(say("progress.intro", lang, **{"from": day(cycle["from"], lang), "to": day(cycle["to"], lang)}))
    pdf.para(say("progress.small", lang), size=9, grey=True)
    for c in data["campuses"]:
        _campus(pdf, c, lang)
    if pairs:
        pdf.heading(say("progress.pairs", lang), size=13, keep=60)
        pdf.para(say("progress.pairs_intro", lang), size=9, grey=True)
        for p in pairs:
            photos = [(photo_path(p[side]["photo_id"]), p[side]["width"], p[side]["height"],
                       say(f"progress.{side}", lang)) for side in ("before", "after")]
            pdf.photo_row(photos, max_height=60, title=pair_caption(p, lang))
    pdf.heading(say("progress.definitions", lang), size=12, keep=20)
    for key in ("spaces", "findings", "median", "inventory", "community"):
        pdf.para(say(f"progress.def.{key}", lang), size=9)
    return pdf

"""An audit's report on paper, from the data of server/domain/audits/report.py: cover, summary, skipped spaces,
each finding with its photos (the stored display size, read from disk one at a time as it is placed), remedy,
state and history, and the inventory table."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from server.reports import labels as L
from server.reports.fonts import FAMILY
from server.reports.pdf_base import ReportPdf
from server.reports.text import changes_text, place, when

PhotoPath = Callable[[str], Path | None]


def _cover(pdf: ReportPdf, data: dict[str, Any]) -> None:
    audit = data["audit"]
    pdf.add_page()
    pdf.ln(30)
    pdf.para("Spaces Audit · audit report", size=11, grey=True)
    pdf.heading(audit["title"], size=22, space=2)
    pdf.ln(6)
    building, checklist = audit["building"], audit["checklist"]
    pdf.pairs([
        ("Building", f"{building['code']} · {building['name']}"),
        ("Campus", audit["campus"]["name"]),
        ("Checklist", f"{checklist['title']} (version {checklist['version']})"),
        ("Status", L.label(L.AUDIT_STATUS, audit["status"])),
        ("Team", ", ".join(p["name"] for p in audit["team"])),
        ("Planned by", (audit["planned_by"] or {}).get("name", "")),
        ("Planned", when(audit["created_at"])),
        ("Started", when(audit["started_at"])),
        ("Submitted", when(audit["submitted_at"])),
        ("Report made", when(data["generated_at"])),
    ])


def _summary(pdf: ReportPdf, data: dict[str, Any]) -> None:
    s = data["summary"]
    pdf.heading("Summary")
    pdf.pairs([
        ("Spaces", f"{s['spaces']} in the audit: {s['spaces_walked']} walked, {s['spaces_skipped']} skipped"),
        ("Answers", str(s["answers"])),
        ("Findings", f"{s['findings']}" + (f" ({s['withdrawn']} withdrawn during the walk, not included)"
                                           if s["withdrawn"] else "")),
        ("By severity", ", ".join(f"{L.SEVERITY[k]} {n}" for k, n in s["by_severity"].items())),
        ("By state", ", ".join(f"{L.label(L.STATUS, k)} {n}" for k, n in s["by_status"].items() if n) or "-"),
    ])
    pdf.heading("Skipped spaces", size=12)
    skipped = data["skipped_spaces"]
    if not skipped:
        pdf.para("No space was skipped.")
        return
    pdf.grid(["Space", "Floor", "Room", "Reason", "Note"],
             [[s["name"], s["floor"], s["room_number"], L.label(L.SKIP_REASON, s["reason"]), s["note"]]
              for s in skipped], [50, 15, 20, 30, 65])


def _photos(pdf: ReportPdf, title: str, photos: list[dict[str, Any]], photo_path: PhotoPath) -> None:
    if not photos:
        return
    for start in range(0, len(photos), 2):
        pdf.photo_row([(photo_path(p["id"]), p["width"], p["height"], p["caption"])
                       for p in photos[start:start + 2]], title=title if start == 0 else "")


def _history(pdf: ReportPdf, history: list[dict[str, Any]]) -> None:
    """One line per event (a table per finding would cost most of a long report's time)."""
    pdf.para("History", size=9, grey=True)
    pdf.set_font(FAMILY, "", 8.5)
    for e in history:
        change = L.label(L.STATUS, e["to"]) + (f" (from {L.label(L.STATUS, e['from'])})" if e["from"] else " (raised)")
        note = "; ".join(part for part in (changes_text(e["changes"]), e["note"]) if part)
        parts = [when(e["at"]), (e["by"] or {}).get("name", ""), change, note]
        pdf.line(" · ".join(part for part in parts if part), height=4.2)
    pdf.set_font(FAMILY, "", 10)
    pdf.ln(2)


def _finding(pdf: ReportPdf, f: dict[str, Any], photo_path: PhotoPath) -> None:
    pdf.heading(f"{f['number']}. {f['title']}", size=12, space=6, keep=40)  # with its first lines
    category = " · ".join(x for x in ((f["section"] or {}).get("title"), (f["item"] or {}).get("prompt")) if x)
    assigned = ""
    if f["assignee"]:
        assigned = f["assignee"]["name"] + (f", due {f['due_date']}" if f["due_date"] else "")
    verified = f", verified {when(f['verified_at'])}" if f["verified_at"] else ""
    pdf.pairs([
        ("Where", place(f["space"])),
        ("Checklist item", category or "Not tied to an item"),
        ("Severity", L.label(L.SEVERITY, f["severity"])),
        ("State", L.label(L.STATUS, f["status"]) + verified),
        ("Remedy", L.label(L.REMEDY, f["remedy"], "Not chosen yet")),
        ("Suggested", ", ".join(L.label(L.REMEDY, r) for r in f["suggested_remedies"]) or "-"),
        ("Assigned to", assigned or "-"),
        ("Raised", f"{when(f['created_at'])} by {(f['created_by'] or {}).get('name', '')}"),
    ], label_width=32)
    pdf.para(f["description"])
    _photos(pdf, "Evidence", f["photos"]["evidence"], photo_path)
    _photos(pdf, "After the remedy", f["photos"]["after"], photo_path)
    _history(pdf, f["history"])


def figure_cell(figures: dict[str, Any] | None, item: str) -> str:
    if figures is None:
        return "-"
    c = figures["counts"][item]
    text = str(c["total"]) if c["answered"] or not c["unknown"] else "?"
    return text + (f" (+{c['unknown']} unknown)" if c["unknown"] and c["answered"] else "")


def inventory_table(pdf: ReportPdf, inventory: dict[str, Any], first_width: float = 55) -> None:
    """Counts per space, now and (below, in brackets) at the previous cycle, then the totals."""
    items = [i["id"] for i in inventory["items"]]
    headings = L.count_headings(items)
    widths = [first_width] + [(pdf.epw - first_width) / len(items)] * len(items)
    rows = []
    for space in inventory["spaces"]:
        rows.append([f"{space['building']['code']} · {place(space)}",
                     *[f"{figure_cell(space['current'], i)}\n(before: {figure_cell(space['previous'], i)})"
                       for i in items]])
    totals = inventory["totals"]
    spaces = totals["current"]["spaces"]
    rows.append([f"Total ({spaces} space{'' if spaces == 1 else 's'}; before: {totals['previous']['spaces']})",
                 *[f"{figure_cell(totals['current'], i)}\n(before: {figure_cell(totals['previous'], i)})"
                   for i in items]])
    pdf.grid(["Space", *headings], rows, widths, size=8, bold_last=True)
    pdf.para("Counts are documented identities only; \"?\" means answered \"unknown\"; \"before\" is the same space "
             "in the previous submitted audit with this checklist.", size=8, grey=True)
    for heading, item in zip(headings, inventory["items"], strict=True):
        pdf.para(f"{heading}: {item['prompt']}", size=8, grey=True)


def build_audit_pdf(data: dict[str, Any], photo_path: PhotoPath) -> ReportPdf:
    audit = data["audit"]
    pdf = ReportPdf(f"Audit report: {audit['building']['code']} · {audit['title']}")
    pdf.cover_characters(json.dumps(data, ensure_ascii=False))
    _cover(pdf, data)
    pdf.add_page()
    _summary(pdf, data)
    pdf.heading(f"Findings ({len(data['findings'])})")
    if not data["findings"]:
        pdf.para("This audit raised no findings.")
    for finding in data["findings"]:
        _finding(pdf, finding, photo_path)
    if data["inventory"] is not None:
        pdf.add_page()
        pdf.heading("Inventory")
        if data["inventory"]["spaces"]:
            inventory_table(pdf, data["inventory"])
        else:
            pdf.para("No space of this audit has inventory counts yet.")
    return pdf

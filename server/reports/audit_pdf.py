"""An audit's report on paper, from the data of server/domain/audits/report.py: cover, summary, skipped spaces,
the comparison with the previous cycle (comparison_pdf.py), each finding with its photos (the stored display
size, read from disk one at a time as it is placed), remedy, state and history, the photo answers with their
photos, and the inventory table. Every word is in the reader's language (`pdf.lang`); the checklist's own text
(titles, prompts) is printed as the data carries it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from server.messages import say
from server.messages.formats import day, number
from server.reports.comparison_pdf import comparison_section
from server.reports.fonts import FAMILY
from server.reports.pdf_base import ReportPdf
from server.reports.text import changes_text, count_headings, counted, place, when
from server.vocabulary import label

PhotoPath = Callable[[str], Path | None]


def _cover(pdf: ReportPdf, data: dict[str, Any]) -> None:
    audit, lang = data["audit"], pdf.lang
    pdf.add_page()
    pdf.ln(30)
    pdf.para(say("pdf.audit.kicker", lang), size=11, grey=True)
    pdf.heading(audit["title"], size=22, space=2)
    pdf.ln(6)
    building, checklist = audit["building"], audit["checklist"]
    pdf.pairs([
        (say("pdf.building", lang), f"{building['code']} · {building['name']}"),
        (say("pdf.campus", lang), audit["campus"]["name"]),
        (say("pdf.checklist", lang), say("pdf.checklist_version", lang, title=checklist["title"],
                                          version=checklist["version"])),
        (say("pdf.audit.status", lang), label("audit_states", audit["status"], lang)),
        (say("pdf.audit.team", lang), ", ".join(p["name"] for p in audit["team"])),
        (say("pdf.audit.planned_by", lang), (audit["planned_by"] or {}).get("name", "")),
        (say("pdf.audit.planned", lang), when(audit["created_at"], lang)),
        (say("pdf.audit.started", lang), when(audit["started_at"], lang)),
        (say("pdf.audit.submitted", lang), when(audit["submitted_at"], lang)),
        (say("pdf.made", lang), when(data["generated_at"], lang)),
    ])


def _summary(pdf: ReportPdf, data: dict[str, Any]) -> None:
    s, lang = data["summary"], pdf.lang
    pdf.heading(say("pdf.summary", lang))
    findings = number(s["findings"], lang)
    if s["withdrawn"]:
        findings += " " + say("pdf.audit.withdrawn", lang, count=s["withdrawn"])
    pdf.pairs([
        (say("pdf.audit.spaces_label", lang), say("pdf.audit.spaces", lang, count=s["spaces"],
                                                   walked=s["spaces_walked"], skipped=s["spaces_skipped"])),
        (say("pdf.audit.answers", lang), number(s["answers"], lang)),
        (say("pdf.findings_label", lang), findings),
        (say("pdf.by_severity", lang), counted("severities", s["by_severity"], lang)),
        (say("pdf.by_state", lang), counted("finding_states", {k: n for k, n in s["by_status"].items() if n}, lang)),
    ])
    pdf.heading(say("pdf.audit.skipped", lang), size=12)
    skipped = data["skipped_spaces"]
    if not skipped:
        pdf.para(say("pdf.audit.none_skipped", lang))
        return
    headings = [say(f"pdf.audit.skipped_{column}", lang) for column in ("space", "floor", "room", "reason", "note")]
    pdf.grid(headings, [[s["name"], s["floor"], s["room_number"], label("skip_reasons", s["reason"], lang), s["note"]]
                        for s in skipped], [50, 15, 20, 30, 65])


def _photos(pdf: ReportPdf, title: str, photos: list[dict[str, Any]], photo_path: PhotoPath) -> None:
    if not photos:
        return
    for start in range(0, len(photos), 2):
        pdf.photo_row([(photo_path(p["id"]), p["width"], p["height"], p["caption"])
                       for p in photos[start:start + 2]], title=title if start == 0 else "")


def _change(event: dict[str, Any], lang: str) -> str:
    published = (event.get("changes") or {}).get("published")
    if isinstance(published, list) and len(published) == 2:  # on or off the public progress page
        return say("pdf.history.published" if published[1] else "pdf.history.withdrawn", lang)
    state = label("finding_states", event["to"], lang)
    if event["from"]:
        return say("pdf.history.moved", lang, state=state, previous=label("finding_states", event["from"], lang))
    return say("pdf.history.raised", lang, state=state)


def _history(pdf: ReportPdf, history: list[dict[str, Any]]) -> None:
    """One line per event (a table per finding would cost most of a long report's time)."""
    lang = pdf.lang
    pdf.para(say("pdf.history", lang), size=9, grey=True)
    pdf.set_font(FAMILY, "", 8.5)
    for e in history:
        note = "; ".join(part for part in (changes_text(e["changes"], lang), e["note"]) if part)
        parts = [when(e["at"], lang), (e["by"] or {}).get("name", ""), _change(e, lang), note]
        pdf.line(" · ".join(part for part in parts if part), height=4.2)
    pdf.set_font(FAMILY, "", 10)
    pdf.ln(2)


def _state(f: dict[str, Any], lang: str) -> str:
    state = label("finding_states", f["status"], lang)
    return say("pdf.verified_on", lang, state=state, date=day(f["verified_at"], lang)) if f["verified_at"] else state


def _assigned(f: dict[str, Any], lang: str) -> str:
    if not f["assignee"]:
        return "-"
    name = f["assignee"]["name"]
    return say("pdf.assigned_due", lang, name=name, date=day(f["due_date"], lang)) if f["due_date"] else name


def _remedy(f: dict[str, Any], lang: str) -> list[tuple[str, str]]:
    """The remedy decided; for a declined finding, that there is none and the committee's rationale (the note of
    its decline), not "not chosen yet"."""
    heading = say("pdf.finding.remedy", lang)
    if f["status"] != "declined":
        return [(heading, label("remedies", f["remedy"], lang, say("pdf.finding.no_remedy", lang)))]
    note = next((e["note"] for e in reversed(f["history"]) if e["to"] == "declined"), "")
    rows = [(heading, say("pdf.finding.declined", lang))]
    return [*rows, (say("pdf.finding.decline_reason", lang), note)] if note else rows


def _finding(pdf: ReportPdf, f: dict[str, Any], photo_path: PhotoPath) -> None:
    lang = pdf.lang
    pdf.heading(f"{f['number']}. {f['title']}", size=12, space=6, keep=40)  # with its first lines
    category = " · ".join(x for x in ((f["section"] or {}).get("title"), (f["item"] or {}).get("prompt")) if x)
    pdf.pairs([
        (say("pdf.finding.where", lang), place(f["space"], lang)),
        (say("pdf.finding.item", lang), category or say("pdf.finding.no_item", lang)),
        (say("pdf.finding.severity", lang), label("severities", f["severity"], lang)),
        (say("pdf.finding.state", lang), _state(f, lang)),
        *_remedy(f, lang),
        (say("pdf.finding.suggested", lang), ", ".join(label("remedies", r, lang) for r in f["suggested_remedies"])
         or "-"),
        (say("pdf.finding.assigned", lang), _assigned(f, lang)),
        (say("pdf.finding.raised", lang), say("pdf.raised_by", lang, date=when(f["created_at"], lang),
                                               name=(f["created_by"] or {}).get("name", ""))),
    ], label_width=36)
    pdf.para(f["description"])
    _photos(pdf, say("pdf.finding.evidence", lang), f["photos"]["evidence"], photo_path)
    _photos(pdf, say("pdf.finding.after", lang), f["photos"]["after"], photo_path)
    _history(pdf, f["history"])


def _photo_answers(pdf: ReportPdf, answers: list[dict[str, Any]], photo_path: PhotoPath) -> None:
    """Each answer to a photo item: the item's prompt, where, and its photos."""
    lang = pdf.lang
    pdf.heading(say("pdf.audit.photo_answers", lang, count=len(answers)))
    for answer in answers:
        pdf.heading(answer["item"]["prompt"], size=11, space=4, keep=20)
        pdf.pairs([(say("pdf.finding.where", lang), place(answer["space"], lang))], label_width=36)
        _photos(pdf, "", answer["photos"], photo_path)
        pdf.ln(2)


def figure_cell(figures: dict[str, Any] | None, item: str, lang: str) -> str:
    if figures is None:
        return "-"
    c = figures["counts"][item]
    text = number(c["total"], lang) if c["answered"] or not c["unknown"] else "?"
    return text + (" " + say("pdf.inventory.unknown", lang, count=c["unknown"]) if c["unknown"] and c["answered"]
                   else "")


def _now_and_before(figures: dict[str, Any], item: str, lang: str) -> str:
    current = figure_cell(figures["current"], item, lang)
    return f"{current}\n" + say("pdf.inventory.before", lang, value=figure_cell(figures["previous"], item, lang))


def inventory_table(pdf: ReportPdf, inventory: dict[str, Any], first_width: float = 55) -> None:
    """Counts per space, now and (below, in brackets) at the previous cycle, then the totals."""
    lang = pdf.lang
    items = [i["id"] for i in inventory["items"]]
    headings = count_headings(items, lang)
    widths = [first_width] + [(pdf.epw - first_width) / len(items)] * len(items)
    rows = [[f"{space['building']['code']} · {place(space, lang)}", *[_now_and_before(space, i, lang) for i in items]]
            for space in inventory["spaces"]]
    totals = inventory["totals"]
    rows.append([say("pdf.inventory.total", lang, count=totals["current"]["spaces"],
                     before=totals["previous"]["spaces"]), *[_now_and_before(totals, i, lang) for i in items]])
    pdf.grid([say("pdf.inventory.space", lang), *headings], rows, widths, size=8, bold_last=True)
    pdf.para(say("pdf.inventory.note", lang), size=8, grey=True)
    for heading, item in zip(headings, inventory["items"], strict=True):
        pdf.para(f"{heading}: {item['prompt']}", size=8, grey=True)


def build_audit_pdf(data: dict[str, Any], photo_path: PhotoPath, lang: str = "en") -> ReportPdf:
    audit = data["audit"]
    pdf = ReportPdf(say("pdf.audit.title", lang, code=audit["building"]["code"], title=audit["title"]), lang)
    pdf.cover_characters(json.dumps(data, ensure_ascii=False))
    _cover(pdf, data)
    pdf.add_page()
    _summary(pdf, data)
    comparison_section(pdf, data["comparison"])
    pdf.heading(say("pdf.audit.findings", lang, count=len(data["findings"])))
    if not data["findings"]:
        pdf.para(say("pdf.audit.no_findings", lang))
    for finding in data["findings"]:
        _finding(pdf, finding, photo_path)
    if data["photo_answers"]:
        _photo_answers(pdf, data["photo_answers"], photo_path)
    if data["inventory"] is not None:
        pdf.add_page()
        pdf.heading(say("pdf.inventory.heading", lang))
        if data["inventory"]["spaces"]:
            inventory_table(pdf, data["inventory"])
        else:
            pdf.para(say("pdf.inventory.empty", lang))
    return pdf

"""The audit report's "compared with the previous cycle" section: a small table of the two cycles side by side
(server/domain/reporting/comparison.py) with the change, and bars for the findings raised by severity, each bar
labelled with its number so the shading carries no meaning alone. Words in the reader's language."""

from __future__ import annotations

from typing import Any

from babel.numbers import format_percent

from server.messages import say
from server.messages.formats import day, number
from server.reports.pdf_base import ReportPdf
from server.reports.text import count_headings
from server.vocabulary import label

# This cycle's bars dark, the previous one's light: each bar also has its cycle and number written beside it.
NOW_FILL, BEFORE_FILL = (90, 90, 90), (190, 190, 190)


def _signed(diff: int, lang: str) -> str:
    return ("+" if diff > 0 else "−" if diff < 0 else "") + number(abs(diff), lang)


def _change(now: int, before: int | None, lang: str) -> str:
    return "-" if before is None else _signed(now - before, lang)


def _share(part: dict[str, Any], whole: int, lang: str) -> str:
    if part["share"] is None:
        return "-"
    return say("pdf.cycles.share", lang, part=part["total"], total=whole,
               percent=format_percent(part["share"], locale=lang))


def _points(now: dict[str, Any], before: dict[str, Any] | None, lang: str) -> str:
    if before is None or now["share"] is None or before["share"] is None:
        return "-"
    diff = round((now["share"] - before["share"]) * 100)
    return say("pdf.cycles.points", lang, change=_signed(diff, lang))


def _count_rows(data: dict[str, Any], lang: str) -> list[list[str]]:
    now, before = data["current"], data["previous"]

    def row(name: str, key: Any) -> list[str]:
        a = key(now)
        b = key(before) if before else None
        return [name, number(b, lang) if before else "-", number(a, lang), _change(a, b, lang)]

    rows = [row(say("pdf.cycles.spaces", lang), lambda c: c["spaces_walked"]),
            row(say("pdf.cycles.findings", lang), lambda c: c["findings"])]
    rows += [row("  " + say("pdf.cycles.severity", lang, severity=label("severities", s, lang)),
                 lambda c, s=s: c["by_severity"][s]) for s in now["by_severity"]]
    for category in data["categories"]:
        name = category["title"] or say("pdf.cycles.no_category", lang)
        rows.append(["  " + say("pdf.cycles.category", lang, category=name),
                     number(category["previous"], lang) if before else "-", number(category["current"], lang),
                     _change(category["current"], category["previous"], lang)])
    rows += [row(say("pdf.cycles.remedied", lang), lambda c: c["remedied"]),
             row(say("pdf.cycles.verified", lang), lambda c: c["verified"])]
    return rows


def _inventory_rows(data: dict[str, Any], lang: str) -> list[list[str]]:
    now, before = data["current"]["inventory"], (data["previous"] or {}).get("inventory")
    if now is None:
        return []
    headings = count_headings([i["id"] for i in data["inventory_items"]], lang)
    rows = [[headings[0], number(before["whole"]["total"], lang) if before else "-",
             number(now["whole"]["total"], lang),
             _change(now["whole"]["total"], before["whole"]["total"] if before else None, lang)]]
    for n, part in enumerate(now["parts"]):
        then = before["parts"][n] if before and n < len(before["parts"]) else None
        rows.append([f"  {headings[n + 1]}", _share(then, before["whole"]["total"], lang) if then else "-",
                     _share(part, now["whole"]["total"], lang), _points(part, then, lang)])
    return rows


def _column(cycle: dict[str, Any] | None, lang: str) -> str:
    if cycle is None:
        return "-"
    audit = cycle["audit"]
    return say("pdf.cycles.column", lang, number=audit["cycle"], date=day(audit["submitted_at"], lang,
                                                                            say("pdf.cycles.not_submitted", lang)))


def _bars(pdf: ReportPdf, data: dict[str, Any]) -> None:
    """Findings raised by severity, a bar per cycle, the number written after each bar."""
    lang, now, before = pdf.lang, data["current"], data["previous"]
    cycles = [c for c in (before, now) if c]
    most = max([1, *(n for c in cycles for n in c["by_severity"].values())])
    pdf.heading(say("pdf.cycles.bars", lang), size=11, space=3, keep=30)
    for severity in now["by_severity"]:
        pdf.para(label("severities", severity, lang), size=9)
        for cycle in cycles:
            n = cycle["by_severity"][severity]
            y = pdf.get_y()
            pdf.set_fill_color(*(NOW_FILL if cycle is now else BEFORE_FILL))
            width = 100 * n / most
            if width:
                pdf.rect(pdf.l_margin + 28, y + 0.8, width, 3.2, style="F")
            pdf.set_xy(pdf.l_margin, y)
            pdf.line(say("pdf.cycles.bar_cycle", lang, number=cycle["audit"]["cycle"]), height=4.6)
            pdf.set_xy(pdf.l_margin + 30 + width, y)
            pdf.line(number(n, lang), height=4.6)
    pdf.set_x(pdf.l_margin)


def comparison_section(pdf: ReportPdf, data: dict[str, Any]) -> None:
    lang, before = pdf.lang, data["previous"]
    pdf.heading(say("pdf.cycles.heading", lang), keep=40)
    if before is None:
        pdf.para(say("pdf.cycles.first", lang))
    else:
        pdf.para(say("pdf.cycles.about", lang, number=data["current"]["audit"]["cycle"],
                     previous=before["audit"]["cycle"], title=before["audit"]["title"]))
    headings = [say("pdf.cycles.measure", lang), _column(before, lang), _column(data["current"], lang),
                say("pdf.cycles.change", lang)]
    rows = _count_rows(data, lang) + _inventory_rows(data, lang)
    pdf.grid(headings, rows, [70, 40, 40, pdf.epw - 150], size=8.5)
    pdf.para(say("pdf.cycles.note", lang), size=8, grey=True)
    _bars(pdf, data)

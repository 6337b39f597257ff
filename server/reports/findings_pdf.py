"""The findings report for a period on paper, from server/domain/reporting/findings_report.py: what it
covers, counts, and one line per finding, grouped by building; every word in the reader's language."""

from __future__ import annotations

import json
from typing import Any

from server.checklists.rules import SEVERITIES as SEVERITY_ORDER
from server.domain.findings.filters import NO_CATEGORY
from server.messages import say
from server.messages.formats import day, number
from server.reports.fonts import FAMILY
from server.reports.pdf_base import GREY, ReportPdf
from server.reports.text import counted, when
from server.vocabulary import label

# The most severe first, as a reader scans them.
SEVERITIES = tuple(reversed(SEVERITY_ORDER))


def _covered(what: str, value: Any, lang: str) -> str:
    """One of the filters the report was made with, in words."""
    if what == "period":
        first, last = value
        return say("pdf.cover.period_value", lang, first=day(first, lang, say("pdf.cover.first_finding", lang)),
                   last=day(last, lang, say("pdf.cover.today", lang)))
    words = {
        "states": lambda: ", ".join(label("finding_states", s, lang) for s in value),
        "severity": lambda: label("severities", value, lang),
        "category": lambda: say("pdf.cover.no_category", lang) if value == NO_CATEGORY else value,
        "age": lambda: say(f"pdf.cover.age_{value}", lang),
        "cycle": lambda: number(value, lang),
        "overdue": lambda: say("pdf.yes", lang),
        "source": lambda: say(f"pdf.cover.source_{value}", lang),
    }
    return words[what]() if what in words else str(value)


def _line(f: dict[str, Any], lang: str) -> str:
    """A finding's second line: where, severity, state, when raised, and the work decided."""
    where = f"{f['building']} · {f['space']}"
    if f["room_number"]:
        where = say("pdf.findings.where_room", lang, where=where, room=f["room_number"])
    # A declined finding has no remedy and never will: "not chosen yet" would say the opposite.
    none = "pdf.findings.no_remedy_declined" if f["status"] == "declined" else "pdf.findings.no_remedy"
    work = label("remedies", f["remedy"], lang, say(none, lang))
    if f["assignee"]:
        work += " " + (say("pdf.findings.assignee_due", lang, name=f["assignee"], date=day(f["due_date"], lang))
                       if f["due_date"] else f"({f['assignee']})")
    return say("pdf.findings.line", lang, where=where, severity=label("severities", f["severity"], lang).lower(),
               state=label("finding_states", f["status"], lang), date=day(f["created_at"], lang), work=work)


def build_findings_pdf(data: dict[str, Any], lang: str = "en") -> ReportPdf:
    pdf = ReportPdf(say("pdf.findings.title", lang), lang)
    pdf.cover_characters(json.dumps(data, ensure_ascii=False))
    pdf.add_page()
    pdf.para(say("pdf.findings.kicker", lang), size=11, grey=True)
    pdf.heading(say("pdf.findings.title", lang), size=20, space=2)
    covers = [(say(f"pdf.cover.{what}", lang), _covered(what, value, lang)) for what, value in data["covers"]]
    pdf.pairs([*covers, (say("pdf.made", lang), when(data["generated_at"], lang))], label_width=36)
    s = data["summary"]
    pdf.heading(say("pdf.summary", lang))
    pdf.pairs([
        (say("pdf.findings_label", lang), number(s["total"], lang)),
        (say("pdf.by_severity", lang), counted("severities", {k: s["by_severity"].get(k, 0) for k in SEVERITIES},
                                                lang)),
        (say("pdf.by_state", lang), counted("finding_states", dict(sorted(s["by_status"].items())), lang)),
    ], label_width=36)
    if s["by_building"]:
        pdf.heading(say("pdf.findings.by_building", lang), size=12)
        headings = [say(f"pdf.findings.column_{c}", lang) for c in ("building", "name", "findings")]
        pdf.grid(headings, [[b["code"], b["name"], number(b["count"], lang)] for b in s["by_building"]], [30, 120, 30])
    pdf.heading(say("pdf.findings_label", lang), size=12)
    if not data["findings"]:
        pdf.para(say("pdf.findings.none", lang))
        return pdf
    # Two lines per finding rather than a table: a table of thousands of rows takes fpdf2 many seconds to lay out.
    for n, f in enumerate(data["findings"], 1):
        if pdf.will_page_break(10):
            pdf.add_page()
        pdf.set_font(FAMILY, "B", 9.5)
        pdf.line(f"{n}. {f['title']}", height=4.6)
        pdf.set_font(FAMILY, "", 8.5)
        pdf.set_text_color(*GREY)
        pdf.line(_line(f, lang), height=4.2)
        pdf.set_text_color(0)
        pdf.ln(1.2)
    return pdf

"""The findings report for a period on paper, from server/domain/reporting/findings_report.py: what it
covers, counts, and one line per finding, grouped by building."""

from __future__ import annotations

import json
from typing import Any

from server.reports import labels as L
from server.reports.fonts import FAMILY
from server.reports.pdf_base import GREY, ReportPdf
from server.reports.text import when


def build_findings_pdf(data: dict[str, Any]) -> ReportPdf:
    pdf = ReportPdf("Findings report")
    pdf.cover_characters(json.dumps(data, ensure_ascii=False))
    pdf.add_page()
    pdf.para("Spaces Audit · findings report", size=11, grey=True)
    pdf.heading("Findings report", size=20, space=2)
    pdf.pairs([*data["covers"], ("Report made", when(data["generated_at"]))], label_width=32)
    s = data["summary"]
    pdf.heading("Summary")
    pdf.pairs([
        ("Findings", str(s["total"])),
        ("By severity", ", ".join(f"{L.SEVERITY[k]} {s['by_severity'].get(k, 0)}" for k in ("high", "medium", "low"))),
        ("By state", ", ".join(f"{L.label(L.STATUS, k)} {n}" for k, n in sorted(s["by_status"].items())) or "-"),
    ], label_width=32)
    if s["by_building"]:
        pdf.heading("By building", size=12)
        pdf.grid(["Building", "Name", "Findings"], [[b["code"], b["name"], b["count"]] for b in s["by_building"]],
                 [30, 120, 30])
    pdf.heading("Findings", size=12)
    if not data["findings"]:
        pdf.para("No findings match.")
        return pdf
    # Two lines per finding rather than a table: a table of thousands of rows takes fpdf2 many seconds to lay out.
    for n, f in enumerate(data["findings"], 1):
        where = f"{f['building']} · {f['space']}" + (f", room {f['room_number']}" if f["room_number"] else "")
        work = L.label(L.REMEDY, f["remedy"], "no remedy chosen yet")
        if f["assignee"]:
            work += f" ({f['assignee']}" + (f", due {f['due_date']})" if f["due_date"] else ")")
        if pdf.will_page_break(10):
            pdf.add_page()
        pdf.set_font(FAMILY, "B", 9.5)
        pdf.line(f"{n}. {f['title']}", height=4.6)
        pdf.set_font(FAMILY, "", 8.5)
        pdf.set_text_color(*GREY)
        pdf.line(f"{where} · {L.label(L.SEVERITY, f['severity'])} severity · {L.label(L.STATUS, f['status'])} · "
                 f"raised {when(f['created_at'])[:10]} · {work}", height=4.2)
        pdf.set_text_color(0)
        pdf.ln(1.2)
    return pdf

"""The findings report across buildings for a period: what it covers, counts by state, severity and building,
and one line per finding. The PDF is built from this data (server/reports/findings_pdf.py);
the CSV of the same filters is the findings export (server/domain/reporting/exports.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from server import clock
from server.auth.permissions import Actor
from server.domain.audits import cycles
from server.domain.findings.filters import LIST_FILTERS, Filters, apply, parse_some, require_known
from server.domain.reporting.dashboard import COUNTED, filters_json
from server.errors import Invalid
from server.models import Building, Campus, ChecklistVersion, Finding

# One line per finding: past a few thousand a PDF stops being read (the CSV has no limit).
MAX_FINDINGS = 2000


async def list_filters(actor: Actor, raw: Mapping[str, str]) -> Filters:
    """The findings list's filters (not its queues), checked to name real things."""
    f = await cycles.resolve(parse_some(actor, LIST_FILTERS, raw))
    await require_known(f)
    return f


async def _covers(f: Filters) -> list[tuple[str, Any]]:
    """What the report covers, for its cover: (what, value) pairs, with names looked up and ids left as they
    are, for the PDF to word in its reader's language (server/reports/findings_pdf.py)."""
    period = [f.created_from.isoformat() if f.created_from else None,
              f.created_to.isoformat() if f.created_to else None]
    out: list[tuple[str, Any]] = [("period", period)]
    if f.campus:
        out.append(("campus", (await Campus.get(id=f.campus)).name))
    if f.building:
        b = await Building.get(id=f.building)
        out.append(("building", f"{b.code} · {b.name}"))
    if f.checklist:
        cv = await ChecklistVersion.filter(checklist_id=f.checklist).order_by("-version").first()
        out.append(("checklist", cv.title if cv else f.checklist))
    other = {"states": list(f.statuses), "severity": f.severity, "category": f.category, "age": f.age,
             "cycle": f.cycle, "overdue": f.overdue, "source": f.source}
    return out + [(name, value) for name, value in other.items() if value]


async def findings_report(actor: Actor, raw: Mapping[str, str]) -> dict[str, Any]:
    f = await list_filters(actor, raw)
    if not f.statuses:  # withdrawn findings were never raised: a report leaves them out unless asked
        f = replace(f, statuses=COUNTED)
    query = apply(Finding.all(), f)
    total = await query.count()
    if total > MAX_FINDINGS:
        raise Invalid(f"{total} findings match: a PDF lists at most {MAX_FINDINGS}. Narrow the period or the "
                      "buildings, or export them as CSV (reports/findings.csv).", field="to")
    findings = await query.order_by("space__building__code", "created_at", "id").prefetch_related(
        "space__building", "assignee")
    buildings = Counter((f.space.building.code, f.space.building.name) for f in findings)
    return {
        "filters": filters_json(f),
        "covers": await _covers(f),
        "generated_at": clock.iso(clock.now()),
        "summary": {"total": total, "by_status": dict(Counter(x.status for x in findings)),
                    "by_severity": dict(Counter(x.severity for x in findings)),
                    "by_building": [{"code": code, "name": name, "count": n}
                                    for (code, name), n in sorted(buildings.items())]},
        "findings": [{"title": x.title, "building": x.space.building.code, "space": x.space.name,
                      "floor": x.space.floor, "room_number": x.space.room_number or "", "severity": x.severity,
                      "status": x.status, "remedy": x.remedy, "created_at": clock.iso(x.created_at),
                      "due_date": x.due_date.isoformat() if x.due_date else None,
                      "assignee": x.assignee.name if x.assignee else None} for x in findings],
    }

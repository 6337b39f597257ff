"""The committee's dashboard: where findings stand, how old the open ones are, how fast they are verified,
and how the numbers move by month and by audit cycle.

Every number is counted in the database (server/domain/reporting/counting.py), in a fixed number of statements
whatever the number of findings; only what it names (buildings, checklists, audits, spaces) is read as rows.

Every number comes with `query`: the query string of GET /api/findings (and of the app's findings list) that
lists exactly the findings it counts. Findings withdrawn during the walk were never raised, so they are left
out everywhere (the queries say so with their status list).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from tortoise.queryset import QuerySet

from server import clock
from server.auth.permissions import Actor
from server.checklists import localize
from server.checklists.rules import SEVERITIES
from server.domain.audits import cycles
from server.domain.checklists.store import latest_versions, section_titles
from server.domain.community.public import CATEGORIES
from server.domain.community.states import category_title
from server.domain.findings.access import NOBODY, visible
from server.domain.findings.filters import (
    AGES,
    BY_NAME,
    NO_CATEGORY,
    SOURCES,
    Filters,
    apply,
    parse_some,
    query_string,
    require_known,
)
from server.domain.findings.guards import today
from server.domain.findings.lists import visible_query
from server.domain.findings.states import OPEN_STATES, STATES, WORK_STATES
from server.domain.list_filters import Filter
from server.domain.reporting import counting
from server.domain.reporting.tallied import Counts, read_tallies, servable
from server.domain.sites.views import building_ref, campus_ref
from server.languages import SOURCE_LANGUAGE
from server.models import Building, Finding, Space

COUNTED = tuple(s for s in STATES if s != "withdrawn")
# What the reports take, worded for them: the inventory and the answers export bound other days than the
# days findings were raised.
REPORT_FILTERS = (
    BY_NAME["campus"].described("Only this campus (id)."),
    BY_NAME["building"].described("Only this building (id)."),
    BY_NAME["checklist"].described("Only audits with this checklist (its id, e.g. portraits-honorifics)."),
    BY_NAME["from"].described("From this day (YYYY-MM-DD, UTC; included)."),
    BY_NAME["to"].described("To this day (YYYY-MM-DD, UTC; included)."),
)
DASHBOARD_FILTERS = (
    *REPORT_FILTERS,
    BY_NAME["source"].described("Only findings from walk (audits) or community (community reports)."),
)
MAX_MONTHS = 240


def bucket(count: int, f: Filters) -> dict[str, Any]:
    return {"count": count, "query": query_string(f)}


async def report_filters(actor: Actor, raw: Mapping[str, str],
                         declared: tuple[Filter, ...] = REPORT_FILTERS) -> Filters:
    """The filters a report takes (campus, building, checklist, from, to; the dashboard also source), checked to
    name real things."""
    base = parse_some(actor, declared, raw)
    await require_known(base)
    return replace(base, statuses=COUNTED)


def _sum(rows: list[dict[str, Any]], key: str = "n", **where: tuple[str, ...]) -> int:
    return sum(r[key] for r in rows if all(r[field] in allowed for field, allowed in where.items()))


def _by_state(c: Counts, base: Filters) -> dict[str, Any]:
    """Where findings stand: by status, severity and source; open ones by age, all open ones, and work past its
    due date (the lists these numbers link to)."""
    counts = c.by_state
    return {
        "by_status": [{"status": s, **bucket(_sum(counts, status=(s,)), replace(base, statuses=(s,)))}
                      for s in COUNTED],
        "by_severity": [{"severity": s, **bucket(_sum(counts, severity=(s,)), replace(base, severity=s))}
                        for s in SEVERITIES],
        "by_source": [{"source": s, **bucket(_sum(counts, source=(s,)), replace(base, source=s))} for s in SOURCES],
        "open_by_age": [{"age": age, **bucket(c.ages[age], replace(base, statuses=OPEN_STATES, age=age))}
                        for age in AGES],
        "open": bucket(_sum(counts, status=OPEN_STATES), replace(base, statuses=OPEN_STATES)),
        "overdue": bucket(c.overdue, replace(base, overdue=True)),
    }


def _community_category(section: str, n: int, base: Filters, lang: str) -> tuple[str, int, dict[str, Any]]:
    """Findings made from community reports: no checklist; their section is the report's category."""
    order = list(CATEGORIES).index(section) if section in CATEGORIES else len(CATEGORIES)
    return ("\uffff", order, {"checklist": None, "section": {"id": section, "title": category_title(section, lang)},
                          **bucket(n, replace(base, source="community", category=section))})


async def _by_category(counts: dict[tuple[str, str], int], base: Filters, lang: str) -> list[dict[str, Any]]:
    """Counts by (checklist, section); community findings ("" for checklist) by their report's category."""
    versions = await latest_versions(sorted({c for c, _ in counts if c}))
    # Each checklist's words once (localising a checklist reads all of it), not once per section.
    words = {c: (localize(cv.content, lang)["title"], section_titles(cv, lang)) for c, cv in versions.items()}
    out = []
    for (checklist, section), n in counts.items():
        if not checklist:  # listed after every checklist's sections
            out.append(_community_category(section, n, base, lang))
            continue
        cv, (title, titles) = versions[checklist], words[checklist]
        order = list(titles).index(section) if section in titles else len(titles)
        out.append((title.lower(), order, {
            "checklist": {"id": cv.checklist_id, "title": title},
            "section": {"id": section, "title": titles.get(section, section)} if section else None,
            **bucket(n, replace(base, checklist=cv.checklist_id, category=section or NO_CATEGORY))}))
    # Sections a checklist no longer has (and unknown categories) share an order: then by their id.
    return [entry for *_, entry in sorted(out, key=lambda t: (t[0], t[1], (t[2]["section"] or {}).get("id") or ""))]


async def _per_building(scope: QuerySet[Finding]) -> dict[str, int]:
    """Counts by space (read from an index), summed by the spaces' buildings."""
    by_space = {str(r["space_id"]): r["n"] for r in await counting.grouped(scope, "space_id")}
    counts: dict[str, int] = {}
    for space in await Space.filter(id__in=[*by_space, NOBODY]).values("id", "building_id"):
        building = str(space["building_id"])
        counts[building] = counts.get(building, 0) + by_space[str(space["id"])]
    return counts


def _by_building(counts: dict[str, int], buildings: dict[str, Building], base: Filters) -> list[dict[str, Any]]:
    shown = sorted((buildings[b] for b in counts), key=lambda b: (b.campus.name.lower(), b.code))
    return [{"building": building_ref(b), "campus": campus_ref(b.campus),
             **bucket(counts[str(b.id)], replace(base, building=str(b.id)))} for b in shown]


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _months(base: Filters, raised: dict[date, int], verified: dict[date, int]) -> list[date]:
    """The months of the period (with from/to: only those; verifications after it are not shown). No finding is
    raised or verified after today, so a period reaching into the future ends this month."""
    seen = [*raised, *verified]
    first = base.created_from or min(seen, default=today())
    latest = max([today(), *seen])
    last = min(base.created_to, latest) if base.created_to else latest
    # A very long period shows its latest MAX_MONTHS months (the other numbers cover all of it).
    start, end = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(max(start, end - MAX_MONTHS + 1), end + 1)]


def _by_month(base: Filters, raised_in: dict[date, int], verified_in: dict[date, int]) -> list[dict[str, Any]]:
    out = []
    for month in _months(base, raised_in, verified_in):
        end = _next_month(month) - timedelta(days=1)
        window = replace(base, created_from=max(month, base.created_from or month),
                         created_to=min(end, base.created_to or end))
        out.append({"month": month.strftime("%Y-%m"),
                    "raised": bucket(raised_in.get(month, 0), window),
                    "verified": bucket(verified_in.get(month, 0), replace(base, statuses=("verified",),
                                                                          verified_from=month, verified_to=end))})
    return out


def _by_cycle(counts: dict[str, int], known: dict[str, cycles.Cycle], buildings: dict[str, Building],
              base: Filters) -> list[dict[str, Any]]:
    # Community findings have no audit, so no cycle: they are counted everywhere else but here.
    by_number: dict[int, list[cycles.Cycle]] = {}
    for audit_id in counts:
        by_number.setdefault(known[audit_id].number, []).append(known[audit_id])
    out = []
    for number in sorted(by_number):
        audits = sorted(by_number[number], key=lambda c: (c.created_at, c.audit_id))
        out.append({"cycle": number, **bucket(sum(counts[c.audit_id] for c in audits), replace(base, cycle=number)),
                    "audits": [_cycle_audit(c, buildings[c.building_id], counts[c.audit_id], base) for c in audits]})
    return out


def _cycle_audit(c: cycles.Cycle, building: Building, count: int, base: Filters) -> dict[str, Any]:
    return {"id": c.audit_id, "title": c.title, "status": c.status,
            "building": building_ref(building),
            "checklist": {"id": c.checklist_id}, "created_at": clock.iso(c.created_at),
            "submitted_at": clock.iso(c.submitted_at), **bucket(count, replace(base, audits=(c.audit_id,)))}


def filters_json(f: Filters) -> dict[str, Any]:
    return {"campus": f.campus or None, "building": f.building or None, "checklist": f.checklist or None,
            "from": f.created_from.isoformat() if f.created_from else None,
            "to": f.created_to.isoformat() if f.created_to else None, "source": f.source or None}


async def counted(actor: Actor, base: Filters, known: dict[str, cycles.Cycle]) -> Counts:
    """The figures counted over the findings themselves (counting.py): what the tallies must always equal, and
    what a reader who may not see every finding gets (the tallies count every finding)."""
    scope = apply(await visible_query(actor), base)
    rows = await counting.by_state(scope)
    by_audit = await counting.grouped(scope, "audit_id", "section_id")
    sections: dict[tuple[str, str], int] = {}
    audits: dict[str, int] = {}
    for row in by_audit:
        audit = str(row["audit_id"]) if row["audit_id"] is not None else ""
        key = (known[audit].checklist_id if audit else "", row["section_id"] or "")
        sections[key] = sections.get(key, 0) + row["n"]
        if audit:
            audits[audit] = audits.get(audit, 0) + row["n"]
    verified_in = await counting.verified_per_month(scope)
    return Counts(
        by_state=[{k: r[k] for k in ("status", "severity", "source", "n")} for r in rows],
        ages={age: _sum(rows, f"age_{age}", status=OPEN_STATES) for age in AGES},
        overdue=_sum(rows, "overdue", status=WORK_STATES), by_section=sections, by_audit=audits,
        by_building=await _per_building(scope), raised_in=await counting.raised_per_month(scope),
        verified_in=verified_in,
        median=await counting.median_days(counting.verified_events(scope), sum(verified_in.values())))


async def dashboard(actor: Actor, raw: Mapping[str, str], lang: str = SOURCE_LANGUAGE, *,
                    tallied: bool = True) -> dict[str, Any]:
    """The committee's figures; checklist names and sections in `lang` (the reader's language).

    Read from the tallies kept as findings change (tallied.py: as many rows at 100,000 findings as at 10,000)
    whenever they can serve the request: every filter the dashboard takes, over whole months. Counted over the
    findings instead (counting.py, time growing with the findings in the period): a period that starts or ends
    mid-month (the tallies are by month), a reader who may see only some findings (the tallies count them all),
    and `tallied=False` (the tests compare the two)."""
    base = await report_filters(actor, raw, DASHBOARD_FILTERS)
    known = await cycles.cycles()
    if tallied and servable(base) and await visible(actor) is None:
        c = await read_tallies(base)
    else:
        c = await counted(actor, base, known)
    wanted = [*c.by_building, *(known[a].building_id for a in c.by_audit), NOBODY]
    buildings = {str(b.id): b for b in await Building.filter(id__in=wanted).prefetch_related("campus")}
    verified = sum(c.verified_in.values())
    return {
        "filters": filters_json(base),
        "as_of": today().isoformat(),
        "total": bucket(_sum(c.by_state), base),
        **_by_state(c, base),
        "by_category": await _by_category(c.by_section, base, lang),
        "by_building": _by_building(c.by_building, buildings, base),
        "median_days_to_verify": {"days": c.median, **bucket(verified, replace(base, statuses=("verified",)))},
        "trend_by_month": _by_month(base, c.raised_in, c.verified_in),
        "trend_by_cycle": _by_cycle(c.by_audit, known, buildings, base),
    }

"""The committee's dashboard: where findings stand, how old the open ones are, how fast they are verified,
and how the numbers move by month and by audit cycle.

Every number comes with `query`: the query string of GET /api/findings (and of the app's findings list) that
lists exactly the findings it counts. Findings withdrawn during the walk were never raised, so they are left
out everywhere (the queries say so with their status list).
"""

from __future__ import annotations

import statistics
from collections import Counter
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise.expressions import Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from server import clock
from server.auth.permissions import Actor
from server.checklists import localize
from server.checklists.rules import SEVERITIES
from server.domain.audits import cycles
from server.domain.checklists.store import latest_versions, section_titles
from server.domain.community.public import CATEGORIES
from server.domain.community.states import category_title
from server.domain.findings.access import NOBODY
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
from server.domain.findings.states import OPEN_STATES, STATES
from server.domain.list_filters import Filter
from server.domain.sites.views import building_ref, campus_ref
from server.languages import SOURCE_LANGUAGE
from server.models import Building, Finding, FindingEvent

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


async def _grouped(query: QuerySet[Finding], *fields: str) -> list[dict[str, Any]]:
    return await query.annotate(n=Count("id")).group_by(*fields).values(*fields, "n")


async def _by_status(scope: QuerySet[Finding], base: Filters) -> list[dict[str, Any]]:
    counts = {row["status"]: row["n"] for row in await _grouped(scope, "status")}
    return [{"status": s, **bucket(counts.get(s, 0), replace(base, statuses=(s,)))} for s in COUNTED]


async def _by_severity(scope: QuerySet[Finding], base: Filters) -> list[dict[str, Any]]:
    counts = {row["severity"]: row["n"] for row in await _grouped(scope, "severity")}
    return [{"severity": s, **bucket(counts.get(s, 0), replace(base, severity=s))} for s in SEVERITIES]


async def _by_source(scope: QuerySet[Finding], base: Filters) -> list[dict[str, Any]]:
    counts = {row["source"]: row["n"] for row in await _grouped(scope, "source")}
    return [{"source": s, **bucket(counts.get(s, 0), replace(base, source=s))} for s in SOURCES]


def _community_category(section: str, n: int, base: Filters, lang: str) -> tuple[str, int, dict[str, Any]]:
    """Findings made from community reports: no checklist; their section is the report's category."""
    order = list(CATEGORIES).index(section) if section in CATEGORIES else len(CATEGORIES)
    return ("\uffff", order, {"checklist": None, "section": {"id": section, "title": category_title(section, lang)},
                          **bucket(n, replace(base, source="community", category=section))})


async def _by_category(scope: QuerySet[Finding], base: Filters, lang: str) -> list[dict[str, Any]]:
    rows = await _grouped(scope, "audit__checklist__checklist_id", "section_id")
    versions = await latest_versions(sorted({r["audit__checklist__checklist_id"] for r in rows} - {None}))
    out = []
    for row in rows:
        if row["audit__checklist__checklist_id"] is None:  # listed after every checklist's sections
            out.append(_community_category(row["section_id"], row["n"], base, lang))
            continue
        cv, section = versions[row["audit__checklist__checklist_id"]], row["section_id"]
        titles = section_titles(cv, lang)
        title = localize(cv.content, lang)["title"]
        order = list(titles).index(section) if section in titles else len(titles)
        out.append((title.lower(), order, {
            "checklist": {"id": cv.checklist_id, "title": title},
            "section": {"id": section, "title": titles.get(section, section)} if section else None,
            **bucket(row["n"], replace(base, checklist=cv.checklist_id, category=section or NO_CATEGORY))}))
    return [entry for *_, entry in sorted(out, key=lambda t: (t[0], t[1]))]


async def _by_building(scope: QuerySet[Finding], base: Filters) -> list[dict[str, Any]]:
    counts = {str(r["space__building_id"]): r["n"] for r in await _grouped(scope, "space__building_id")}
    buildings = await Building.filter(id__in=[*counts, NOBODY]).prefetch_related("campus")
    buildings.sort(key=lambda b: (b.campus.name.lower(), b.code))
    return [{"building": building_ref(b), "campus": campus_ref(b.campus),
             **bucket(counts[str(b.id)], replace(base, building=str(b.id)))} for b in buildings]


async def _count(base: Filters, actor: Actor, **changes: Any) -> dict[str, Any]:
    f = replace(base, **changes)
    return bucket(await apply(await visible_query(actor), f).count(), f)


async def _verified(scope: QuerySet[Finding]) -> list[tuple[Any, Any]]:
    """(raised at, verified at) of every verified finding in scope: verified is final, so one event each."""
    ids = Subquery(scope.filter(status="verified").values("id"))
    # From resolved: the one event that verified it (publishing it later writes verified -> verified).
    return await FindingEvent.filter(from_status="resolved", to_status="verified",
                                     finding_id__in=ids).values_list("finding__created_at", "at")


def _median_days(pairs: list[tuple[Any, Any]], base: Filters) -> dict[str, Any]:
    days = [(verified - raised).total_seconds() / 86400 for raised, verified in pairs]
    return {"days": round(statistics.median(days), 1) if days else None,
            **bucket(len(days), replace(base, statuses=("verified",)))}


def utc_day(at: datetime) -> date:
    return at.astimezone(UTC).date()


def _month_start(day: date) -> date:
    return day.replace(day=1)


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def _months(base: Filters, raised: list[date], verified: list[date]) -> list[date]:
    """The months of the period (with from/to: only those; verifications after it are not shown)."""
    first = base.created_from or min(raised + verified, default=today())
    last = base.created_to or max([today(), *raised, *verified])
    # A very long period shows its latest MAX_MONTHS months (the other numbers cover all of it).
    start, end = first.year * 12 + first.month - 1, last.year * 12 + last.month - 1
    return [date(i // 12, i % 12 + 1, 1) for i in range(max(start, end - MAX_MONTHS + 1), end + 1)]


def _by_month(base: Filters, raised: list[date], verified: list[date]) -> list[dict[str, Any]]:
    raised_in, verified_in = Counter(map(_month_start, raised)), Counter(map(_month_start, verified))
    out = []
    for month in _months(base, raised, verified):
        end = _next_month(month) - timedelta(days=1)
        window = replace(base, created_from=max(month, base.created_from or month),
                         created_to=min(end, base.created_to or end))
        out.append({"month": month.strftime("%Y-%m"),
                    "raised": bucket(raised_in[month], window),
                    "verified": bucket(verified_in[month], replace(base, statuses=("verified",),
                                                                   verified_from=month, verified_to=end))})
    return out


async def _by_cycle(scope: QuerySet[Finding], base: Filters) -> list[dict[str, Any]]:
    # Community findings have no audit, so no cycle: they are counted everywhere else but here.
    counts = {str(r["audit_id"]): r["n"] for r in await _grouped(scope, "audit_id") if r["audit_id"] is not None}
    known = await cycles.cycles()
    ids = [known[a].building_id for a in counts]
    buildings = {str(b.id): b for b in await Building.filter(id__in=[*ids, NOBODY])}
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


async def dashboard(actor: Actor, raw: Mapping[str, str], lang: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    """The committee's figures; checklist names and sections in `lang` (the reader's language)."""
    base = await report_filters(actor, raw, DASHBOARD_FILTERS)
    scope = apply(await visible_query(actor), base)
    pairs = await _verified(scope)
    raised = [utc_day(at) for at in await scope.values_list("created_at", flat=True)]
    return {
        "filters": filters_json(base),
        "as_of": today().isoformat(),
        "total": bucket(len(raised), base),
        "by_status": await _by_status(scope, base),
        "by_severity": await _by_severity(scope, base),
        "by_source": await _by_source(scope, base),
        "by_category": await _by_category(scope, base, lang),
        "by_building": await _by_building(scope, base),
        "open_by_age": [{"age": age, **await _count(base, actor, statuses=OPEN_STATES, age=age)} for age in AGES],
        "open": await _count(base, actor, statuses=OPEN_STATES),
        "overdue": await _count(base, actor, overdue=True),
        "median_days_to_verify": _median_days(pairs, base),
        "trend_by_month": _by_month(base, raised, [utc_day(at) for _, at in pairs]),
        "trend_by_cycle": await _by_cycle(scope, base),
    }

"""The committee's dashboard: where findings stand, how old the open ones are, how fast they are verified,
and how the numbers move by month and by audit cycle.

Every number is counted in the database (grouped counts, a median picked by the database), so the dashboard
reads a fixed number of small results however many findings there are; only the names it shows (buildings,
checklists, audits) are read as rows.

Every number comes with `query`: the query string of GET /api/findings (and of the app's findings list) that
lists exactly the findings it counts. Findings withdrawn during the walk were never raised, so they are left
out everywhere (the queries say so with their status list).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from tortoise.expressions import Q, RawSQL, Subquery
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
    age_bounds,
    apply,
    parse_some,
    query_string,
    require_known,
)
from server.domain.findings.guards import today
from server.domain.findings.lists import visible_query
from server.domain.findings.states import OPEN_STATES, STATES, WORK_STATES
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


async def _counts(scope: QuerySet[Finding]) -> list[dict[str, Any]]:
    """One pass over the findings in scope: how many of each (status, severity, source), and of those how many
    fall in each age bucket and are overdue (the numbers the open and overdue lists count)."""
    on = today()
    ages = {age: Count("id", _filter=Q(**{key: at for key, at in zip(("created_at__gte", "created_at__lt"),
                                                                   age_bounds(age, on), strict=True) if at}))
            for age in AGES}
    return await scope.annotate(n=Count("id"), overdue=Count("id", _filter=Q(due_date__lt=on)),
                                **{f"age_{age}": count for age, count in ages.items()}) \
        .group_by("status", "severity", "source") \
        .values("status", "severity", "source", "n", "overdue", *(f"age_{age}" for age in AGES))


def _sum(rows: list[dict[str, Any]], key: str = "n", **where: tuple[str, ...]) -> int:
    return sum(r[key] for r in rows if all(r[field] in allowed for field, allowed in where.items()))


def _by_status(counts: list[dict[str, Any]], base: Filters) -> list[dict[str, Any]]:
    return [{"status": s, **bucket(_sum(counts, status=(s,)), replace(base, statuses=(s,)))} for s in COUNTED]


def _by_severity(counts: list[dict[str, Any]], base: Filters) -> list[dict[str, Any]]:
    return [{"severity": s, **bucket(_sum(counts, severity=(s,)), replace(base, severity=s))} for s in SEVERITIES]


def _by_source(counts: list[dict[str, Any]], base: Filters) -> list[dict[str, Any]]:
    return [{"source": s, **bucket(_sum(counts, source=(s,)), replace(base, source=s))} for s in SOURCES]


def _open(counts: list[dict[str, Any]], base: Filters) -> dict[str, Any]:
    """Open findings by age, all open ones, and work past its due date: the lists these numbers link to."""
    return {
        "open_by_age": [{"age": age, **bucket(_sum(counts, f"age_{age}", status=OPEN_STATES),
                                              replace(base, statuses=OPEN_STATES, age=age))} for age in AGES],
        "open": bucket(_sum(counts, status=OPEN_STATES), replace(base, statuses=OPEN_STATES)),
        "overdue": bucket(_sum(counts, "overdue", status=WORK_STATES), replace(base, overdue=True)),
    }


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


def _dialect() -> str:
    return Finding._meta.db.capabilities.dialect


def _verified_events(scope: QuerySet[Finding]) -> QuerySet[FindingEvent]:
    """The verification of every verified finding in scope: verified is final, so one event each."""
    ids = Subquery(scope.filter(status="verified").values("id"))
    return FindingEvent.filter(to_status="verified", finding_id__in=ids)


# How long a finding waited to be verified, in a form the database can order by (days on SQLite, whose
# timestamps are text; seconds on PostgreSQL). Only the order is used: the median itself is worked out here from
# the two timestamps, exactly as before.
RAISED = '(SELECT "created_at" FROM "findings" AS "raised" WHERE "raised"."id" = "finding_events"."finding_id")'
WAITED = {"sqlite": f'julianday("finding_events"."at") - julianday({RAISED})',
          "postgres": f'EXTRACT(EPOCH FROM "finding_events"."at" - {RAISED})'}


async def _median_days(scope: QuerySet[Finding], base: Filters) -> dict[str, Any]:
    """The median wait from raised to verified: the database counts and sorts, and hands back the middle one or
    two findings' timestamps."""
    events = _verified_events(scope)
    count = await events.count()
    days = None
    if count:
        middle = await events.annotate(waited=RawSQL(WAITED[_dialect()])).order_by("waited", "id") \
            .offset((count - 1) // 2).limit(2 - count % 2).values_list("finding__created_at", "at")
        days = round(statistics.median((verified - raised).total_seconds() / 86400 for raised, verified in middle), 1)
    return {"days": days, **bucket(count, replace(base, statuses=("verified",)))}


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


# The month (UTC) of a timestamp column, as YYYY-MM. SQLite's date functions read the zone a timestamp carries.
MONTH = {"sqlite": "strftime('%Y-%m', {column})", "postgres": "to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"}


async def _per_month(query: QuerySet[Any], column: str) -> dict[date, int]:
    rows = await query.annotate(month=RawSQL(MONTH[_dialect()].format(column=column))).annotate(n=Count("id")) \
        .group_by("month").values("month", "n")
    return {date(int(r["month"][:4]), int(r["month"][5:7]), 1): r["n"] for r in rows}


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


async def _by_month(scope: QuerySet[Finding], base: Filters) -> list[dict[str, Any]]:
    raised_in = await _per_month(scope, '"findings"."created_at"')
    verified_in = await _per_month(_verified_events(scope), '"finding_events"."at"')
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
    counts = await _counts(scope)
    return {
        "filters": filters_json(base),
        "as_of": today().isoformat(),
        "total": bucket(_sum(counts), base),
        "by_status": _by_status(counts, base),
        "by_severity": _by_severity(counts, base),
        "by_source": _by_source(counts, base),
        "by_category": await _by_category(scope, base, lang),
        "by_building": await _by_building(scope, base),
        **_open(counts, base),
        "median_days_to_verify": await _median_days(scope, base),
        "trend_by_month": await _by_month(scope, base),
        "trend_by_cycle": await _by_cycle(scope, base),
    }

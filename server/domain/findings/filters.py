"""The filters of a list of findings, declared once (FILTERS: how each parameter reads, and its words in the
API document), applied to a query, and written back as a query string: the dashboard gives every number it
shows the query that lists the findings behind it.

Dates are calendar days in UTC, like due dates: `from` and `to` bound the day a finding was raised (both
days included), `verified_from` and `verified_to` the day it was verified, and `age` how many days an
open finding has waited (lt30: under 30 days, 30to90: 30 to 90 days, gt90: over 90 days). `source` is where
a finding came from: an audit's walk, or a community report (server/domain/community/).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from urllib.parse import urlencode

from tortoise.expressions import Subquery
from tortoise.queryset import QuerySet

from server.auth.permissions import Actor
from server.checklists.rules import SEVERITIES
from server.domain.findings.access import NOBODY
from server.domain.findings.guards import today
from server.domain.findings.states import STATES, WORK_STATES
from server.domain.list_filters import Filter, an_id, one_of, parse
from server.errors import Invalid
from server.models import Audit, Building, Campus, ChecklistVersion, Finding, FindingEvent

QUEUES = ("triage", "verification", "mine")
SOURCES = ("walk", "community")
AGES = ("lt30", "30to90", "gt90")
# Findings raised without a checklist item have no section; built-in words use underscores, so this can
# never be a section id written by an author (checklists/README.md: Identifiers).
NO_CATEGORY = "_none"
CHECKLIST_ID = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")
MAX_AUDITS = 100
ME = "me"


@dataclass(frozen=True)
class Filters:
    statuses: tuple[str, ...] = ()
    campus: str = ""
    building: str = ""
    checklist: str = ""
    category: str = ""
    severity: str = ""
    audits: tuple[str, ...] = ()
    age: str = ""
    overdue: bool = False
    created_from: date | None = None
    created_to: date | None = None
    verified_from: date | None = None
    verified_to: date | None = None
    cycle: int = 0  # the n-th audit of each building with its checklist (server/domain/audits/cycles.py)
    assignee: str = ""  # a user id ("me" is resolved by the caller's id)
    queue: str = ""
    source: str = ""  # walk | community
    # The audits of `cycle`, found by cycles.resolve() before the filters are applied; not a parameter.
    cycle_audits: tuple[str, ...] | None = None


def _statuses(name: str, value: str | None) -> tuple[str, ...]:
    statuses = tuple(s for s in (value or "").split(",") if s)
    if any(s not in STATES for s in statuses):
        raise Invalid(f"{name} must be one or more (comma-separated) of: {', '.join(STATES)}.", field=name)
    return statuses


def _checklist(name: str, value: str | None) -> str:
    if value and (len(value) > 64 or not CHECKLIST_ID.match(value)):
        raise Invalid(f"{name} must be a checklist id, such as portraits-honorifics.", field=name)
    return value or ""


def _audits(name: str, value: str | None) -> tuple[str, ...]:
    ids = tuple(an_id(name, part) for part in (value or "").split(",") if part)
    if len(ids) > MAX_AUDITS:
        raise Invalid(f"{name} takes at most {MAX_AUDITS} ids.", field=name)
    return ids


def _assignee(name: str, value: str | None) -> str:
    return ME if value == ME else an_id(name, value)  # "me" becomes the caller's id in parse_filters


def _overdue(name: str, value: str | None) -> bool:
    if (value or "") not in ("", "0", "1", "true", "false"):
        raise Invalid(f"{name} must be 1 or 0.", field=name)
    return value in ("1", "true")


def _cycle(name: str, value: str | None) -> int:
    if value and not (value.isdigit() and 1 <= int(value) <= 10_000):
        raise Invalid(f"{name} must be a whole number from 1 (the first audit of a building with a checklist).",
                      field=name)
    return int(value or 0)


def _day(name: str, value: str | None) -> date | None:
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{name} must be a date written YYYY-MM-DD, such as 2026-03-31.", field=name) from None


# Every filter of GET /api/findings, in the order the API document lists them; the reports take some of them,
# worded for what they cover (server/domain/reporting/).
FILTERS = (
    Filter("status", "Only findings in these states (comma-separated).", _statuses, "statuses"),
    Filter("campus", "Only findings in this campus (id).", an_id),
    Filter("building", "Only findings in this building (id).", an_id),
    Filter("checklist", "Only findings of audits with this checklist (its id, e.g. portraits-honorifics).",
           _checklist),
    Filter("category", "Only findings of this checklist section (its id; _none: findings without an item)."),
    Filter("severity", "low, medium or high.", one_of(SEVERITIES)),
    Filter("audit", "Only findings of these audits (ids, comma-separated).", _audits, "audits"),
    Filter("assignee", "me, or a person's id.", _assignee),
    Filter("overdue", "1: only work past its due date.", _overdue),
    Filter("cycle", "Only findings of each building's n-th audit with its checklist (1: the first).", _cycle),
    Filter("age", "lt30, 30to90 or gt90: raised under 30, 30 to 90, or over 90 days ago (UTC days).", one_of(AGES)),
    Filter("from", "Raised on or after this day (YYYY-MM-DD, UTC).", _day, "created_from"),
    Filter("to", "Raised on or before this day (YYYY-MM-DD, UTC).", _day, "created_to"),
    Filter("verified_from", "Verified on or after this day (YYYY-MM-DD, UTC).", _day),
    Filter("verified_to", "Verified on or before this day (YYYY-MM-DD, UTC).", _day),
    Filter("source", "walk (raised on an audit's walk) or community (made from a community report).", one_of(SOURCES)),
    Filter("queue", "triage (open, oldest first), verification (resolved, oldest first) or mine (your work: overdue "
           "first, then by due date).", one_of(QUEUES)),
)
BY_NAME = {f.name: f for f in FILTERS}
LIST_FILTERS = tuple(f for f in FILTERS if f.name != "queue")  # the list's filters without its queues


def _period(values: dict[str, Any], first: str, last: str) -> None:
    start, end = values[BY_NAME[first].key], values[BY_NAME[last].key]
    if start and end and start > end:
        raise Invalid(f"{first} ({start.isoformat()}) is after {last} ({end.isoformat()}).", field=first)


def parse_filters(actor: Actor, raw: Mapping[str, str]) -> Filters:
    """Query parameters as given (all text), checked; each refusal names the parameter."""
    values = parse(FILTERS, raw)
    if values["assignee"] == ME:
        values["assignee"] = actor.user_id
    _period(values, "from", "to")
    _period(values, "verified_from", "verified_to")
    return Filters(**values)


def parse_some(actor: Actor, declared: Iterable[Filter], raw: Mapping[str, str]) -> Filters:
    """The filters of a list that takes only some of them (the reports): any other parameter is ignored."""
    return parse_filters(actor, {f.name: raw.get(f.name, "") for f in declared})


async def require_known(f: Filters) -> None:
    """Reports name what they cover, so a campus, building, checklist or audit that does not exist is a
    mistake to point out (422 naming the parameter) rather than an empty report."""
    checks: list[tuple[str, Any, dict[str, Any]]] = [
        ("campus", Campus, {"id": f.campus}),
        ("building", Building, {"id": f.building}),
        ("checklist", ChecklistVersion, {"checklist_id": f.checklist}),
    ]
    for name, model, where in checks:
        if next(iter(where.values())) and not await model.exists(**where):
            raise Invalid(f"{name}: there is no such {name}.", field=name)
    if f.audits and await Audit.filter(id__in=list(f.audits)).count() != len(set(f.audits)):
        raise Invalid("audit: there is no such audit.", field="audit")


def midnight(day: date) -> datetime:
    return datetime.combine(day, time.min, UTC)


def age_bounds(age: str, on: date) -> tuple[datetime | None, datetime | None]:
    """The raised-at window [start, end) of an age bucket, counted in whole days up to `on`."""
    newest_30_to_90 = midnight(on - timedelta(days=29))  # raised 30 days ago or earlier
    oldest_30_to_90 = midnight(on - timedelta(days=90))  # raised 90 days ago or later
    return {"lt30": (newest_30_to_90, None), "30to90": (oldest_30_to_90, newest_30_to_90),
            "gt90": (None, oldest_30_to_90)}[age]


def _window(field: str, start: datetime | None, end: datetime | None) -> dict[str, datetime]:
    bounds = {f"{field}__gte": start, f"{field}__lt": end}
    return {key: value for key, value in bounds.items() if value is not None}


def _days(first: date | None, last: date | None) -> tuple[datetime | None, datetime | None]:
    # The calendar's last day has no next day to stop before: to 9999-12-31 is no upper bound at all.
    end = midnight(last + timedelta(days=1)) if last and last < date.max else None
    return (midnight(first) if first else None, end)


def apply(query: QuerySet[Finding], f: Filters) -> QuerySet[Finding]:
    """Every filter but the queue (which also orders: see lists.py)."""
    simple = {
        "status__in": list(f.statuses),
        "space__building__campus_id": f.campus,
        "space__building_id": f.building,
        "audit__checklist__checklist_id": f.checklist,
        "severity": f.severity,
        "audit_id__in": list(f.audits),
        "assignee_id": f.assignee,
        "source": f.source,
    }
    query = query.filter(**{key: value for key, value in simple.items() if value})
    if f.cycle:
        if f.cycle_audits is None:
            raise ValueError("resolve the cycle's audits first (cycles.resolve)")  # a programming error
        query = query.filter(audit_id__in=[*f.cycle_audits, NOBODY])
    if f.category == NO_CATEGORY:
        query = query.filter(section_id__isnull=True)
    elif f.category:
        query = query.filter(section_id=f.category)
    if f.overdue:
        query = query.filter(status__in=WORK_STATES, due_date__lt=today())
    if f.age:
        query = query.filter(**_window("created_at", *age_bounds(f.age, today())))
    query = query.filter(**_window("created_at", *_days(f.created_from, f.created_to)))
    if f.verified_from or f.verified_to:
        # From resolved: a verified finding's later events (publishing it) stay verified but verify nothing.
        verified = FindingEvent.filter(from_status="resolved", to_status="verified",
                                       **_window("at", *_days(f.verified_from, f.verified_to)))
        query = query.filter(id__in=Subquery(verified.values("finding_id")))
    return query


NAMES = {f.key: f.name for f in FILTERS}


def query_string(f: Filters) -> str:
    """The filters as the query string GET /api/findings reads (only those set, in a stable order)."""
    pairs = []
    # The fields as they are (asdict deep-copies each: a dashboard writes some 400 of these query strings).
    for name, value in ((field.name, getattr(f, field.name)) for field in fields(f)):
        if value in ("", (), None, False, 0) or name == "cycle_audits":
            continue
        if isinstance(value, tuple):
            value = ",".join(value)
        elif isinstance(value, date):
            value = value.isoformat()
        elif value is True:
            value = "1"
        elif isinstance(value, int):
            value = str(value)
        pairs.append((NAMES[name], value))
    return urlencode(pairs, safe=",")

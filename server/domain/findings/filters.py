"""The filters of a list of findings, parsed from query parameters, applied to a query, and written back as
a query string: the dashboard gives every number it shows the query that lists the findings behind it.

Dates are calendar days in UTC, like due dates: `from` and `to` bound the day a finding was raised (both
days included), `verified_from` and `verified_to` the day it was verified, and `age` how many days an
open finding has waited (lt30: under 30 days, 30to90: 30 to 90 days, gt90: over 90 days). `source` is where
a finding came from: an audit's walk, or a community report (server/domain/community/).
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Mapping
from dataclasses import asdict, dataclass
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


def _uuid(name: str, value: str) -> str:
    try:
        return str(uuid.UUID(value)) if value else ""
    except ValueError:
        raise Invalid(f"{name} must be an id (a UUID).", field=name) from None


def _one_of(raw: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    value = raw.get(name, "")
    if value and value not in choices:
        raise Invalid(f"{name} must be one of: {', '.join(choices)}.", field=name)
    return value


def _day(raw: Mapping[str, str], name: str) -> date | None:
    value = raw.get(name, "")
    if not value:
        return None
    try:
        if len(value) != 10:
            raise ValueError
        return date.fromisoformat(value)
    except ValueError:
        raise Invalid(f"{name} must be a date written YYYY-MM-DD, such as 2026-03-31.", field=name) from None


def _period(raw: Mapping[str, str], first: str, last: str) -> tuple[date | None, date | None]:
    start, end = _day(raw, first), _day(raw, last)
    if start and end and start > end:
        raise Invalid(f"{first} ({start.isoformat()}) is after {last} ({end.isoformat()}).", field=first)
    return start, end


def _checklist(raw: Mapping[str, str]) -> str:
    value = raw.get("checklist", "")
    if value and (len(value) > 64 or not CHECKLIST_ID.match(value)):
        raise Invalid("checklist must be a checklist id, such as portraits-honorifics.", field="checklist")
    return value


def _audits(raw: Mapping[str, str]) -> tuple[str, ...]:
    ids = tuple(_uuid("audit", part) for part in raw.get("audit", "").split(",") if part)
    if len(ids) > MAX_AUDITS:
        raise Invalid(f"audit takes at most {MAX_AUDITS} ids.", field="audit")
    return ids


def _cycle(raw: Mapping[str, str]) -> int:
    value = raw.get("cycle", "")
    if value and not (value.isdigit() and 1 <= int(value) <= 10_000):
        raise Invalid("cycle must be a whole number from 1 (the first audit of a building with a checklist).",
                      field="cycle")
    return int(value or 0)


def parse_filters(actor: Actor, raw: Mapping[str, str]) -> Filters:
    """Query parameters as given (all text), checked; each refusal names the parameter."""
    statuses = tuple(s for s in raw.get("status", "").split(",") if s)
    if any(s not in STATES for s in statuses):
        raise Invalid(f"status must be one or more (comma-separated) of: {', '.join(STATES)}.", field="status")
    overdue = raw.get("overdue", "")
    if overdue not in ("", "0", "1", "true", "false"):
        raise Invalid("overdue must be 1 or 0.", field="overdue")
    assignee = actor.user_id if raw.get("assignee") == "me" else _uuid("assignee", raw.get("assignee", ""))
    created = _period(raw, "from", "to")
    verified = _period(raw, "verified_from", "verified_to")
    return Filters(
        statuses=statuses,
        campus=_uuid("campus", raw.get("campus", "")),
        building=_uuid("building", raw.get("building", "")),
        checklist=_checklist(raw),
        category=raw.get("category", ""),
        severity=_one_of(raw, "severity", SEVERITIES),
        audits=_audits(raw),
        age=_one_of(raw, "age", AGES),
        overdue=overdue in ("1", "true"),
        created_from=created[0],
        created_to=created[1],
        verified_from=verified[0],
        verified_to=verified[1],
        cycle=_cycle(raw),
        assignee=assignee,
        queue=_one_of(raw, "queue", QUEUES),
        source=_one_of(raw, "source", SOURCES),
    )


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
    return (midnight(first) if first else None, midnight(last + timedelta(days=1)) if last else None)


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
        verified = FindingEvent.filter(to_status="verified", **_window("at", *_days(f.verified_from, f.verified_to)))
        query = query.filter(id__in=Subquery(verified.values("finding_id")))
    return query


PARAMS = {"statuses": "status", "created_from": "from", "created_to": "to", "audits": "audit"}


def query_string(f: Filters) -> str:
    """The filters as the query string GET /api/findings reads (only those set, in a stable order)."""
    pairs = []
    for name, value in asdict(f).items():
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
        pairs.append((PARAMS.get(name, name), value))
    return urlencode(pairs, safe=",")

"""Lists of findings (filters and the committee's and facilities' queues) and each person's inbox."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from server.auth.permissions import Actor
from server.checklists.rules import SEVERITIES
from server.domain.finding_access import visible
from server.domain.finding_guards import today
from server.domain.finding_states import STATES, WORK_STATES
from server.domain.finding_views import RELATED, items_json
from server.errors import Invalid
from server.models import Finding

QUEUES = ("triage", "verification", "mine")
DUE_SOON_DAYS = 3
INBOX_ITEMS = 20


@dataclass(frozen=True)
class Filters:
    statuses: tuple[str, ...] = ()
    building: str = ""
    category: str = ""
    severity: str = ""
    audit: str = ""
    assignee: str = ""  # a user id ("me" is resolved by the caller's id)
    overdue: bool = False
    queue: str = ""


def _id(raw: Mapping[str, str], name: str) -> str:
    value = raw.get(name, "")
    try:
        return str(uuid.UUID(value)) if value else ""
    except ValueError:
        raise Invalid(f"{name} must be an id (a UUID).", field=name) from None


def _one_of(raw: Mapping[str, str], name: str, choices: tuple[str, ...]) -> str:
    value = raw.get(name, "")
    if value and value not in choices:
        raise Invalid(f"{name} must be one of: {', '.join(choices)}.", field=name)
    return value


def parse_filters(actor: Actor, raw: Mapping[str, str]) -> Filters:
    """Query parameters as given (all text), checked; each refusal names the parameter."""
    statuses = tuple(s for s in raw.get("status", "").split(",") if s)
    if any(s not in STATES for s in statuses):
        raise Invalid(f"status must be one or more (comma-separated) of: {', '.join(STATES)}.", field="status")
    overdue = raw.get("overdue", "")
    if overdue not in ("", "0", "1", "true", "false"):
        raise Invalid("overdue must be 1 or 0.", field="overdue")
    assignee = actor.user_id if raw.get("assignee") == "me" else _id(raw, "assignee")
    return Filters(
        statuses,
        _id(raw, "building"),
        raw.get("category", ""),
        _one_of(raw, "severity", SEVERITIES),
        _id(raw, "audit"),
        assignee,
        overdue in ("1", "true"),
        _one_of(raw, "queue", QUEUES),
    )


def _filtered(query: QuerySet[Finding], f: Filters, actor: Actor) -> QuerySet[Finding]:
    simple = {
        "status__in": f.statuses,
        "space__building_id": f.building,
        "section_id": f.category,
        "severity": f.severity,
        "audit_id": f.audit,
        "assignee_id": f.assignee,
    }
    query = query.filter(**{key: value for key, value in simple.items() if value})
    if f.overdue:
        query = query.filter(status__in=WORK_STATES, due_date__lt=today())
    if f.queue == "triage":
        return query.filter(status="open").order_by("created_at", "id")
    if f.queue == "verification":
        return query.filter(status="resolved").order_by("updated_at", "id")
    if f.queue == "mine":
        return by_urgency(query.filter(assignee_id=actor.user_id, status__in=WORK_STATES))
    return query.order_by("-created_at", "id")


def by_urgency(query: QuerySet[Finding]) -> QuerySet[Finding]:
    """Overdue first, then by due date: for work still owed (which always has a due date) the earliest due
    dates are exactly the overdue ones, so ordering by due date puts them first."""
    return query.order_by("due_date", "created_at", "id")


async def _visible_query(actor: Actor) -> QuerySet[Finding]:
    scope = await visible(actor)
    query = Finding.all()
    return query if scope is None else query.filter(scope)


async def list_findings(actor: Actor, raw: Mapping[str, str], limit: int, offset: int) -> tuple[list[Any], int]:
    filters = parse_filters(actor, raw)
    query = _filtered(await _visible_query(actor), filters, actor)
    total = await query.count()
    found = await query.offset(offset).limit(limit).prefetch_related(*RELATED)
    return await items_json(found), total


def _buckets(actor: Actor) -> dict[str, Q]:
    on, me = today(), actor.user_id
    mine = Q(assignee_id=me, status__in=WORK_STATES)
    buckets = {
        "assigned": mine,
        "due_soon": mine & Q(due_date__gte=on, due_date__lte=on + timedelta(days=DUE_SOON_DAYS)),
        "overdue": mine & Q(due_date__lt=on),
    }
    if actor.can("finding.verify"):
        buckets["to_verify"] = Q(status="resolved") & ~Q(resolved_by_id=me)
    reopened = Q(status="reopened")
    buckets["reopened"] = reopened if actor.can("finding.assign") else reopened & Q(assignee_id=me)
    return buckets


async def inbox(actor: Actor) -> dict[str, Any]:
    """What needs the caller now, counted, with the most urgent few of each."""
    out = {}
    for name, where in _buckets(actor).items():
        query = Finding.filter(where)
        ordered = by_urgency(query) if name in ("assigned", "due_soon", "overdue") else query.order_by("updated_at")
        found = await ordered.limit(INBOX_ITEMS).prefetch_related(*RELATED)
        out[name] = {"count": await query.count(), "items": await items_json(found)}
    return out

"""Lists of findings (filters and the committee's and facilities' queues) and each person's inbox."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from server.auth.permissions import Actor
from server.checklists import localize
from server.domain.audits import cycles
from server.domain.checklists.store import current_versions
from server.domain.community.public import CATEGORIES
from server.domain.community.states import category_title
from server.domain.findings.access import visible
from server.domain.findings.filters import Filters, apply, parse_filters
from server.domain.findings.guards import today
from server.domain.findings.states import WORK_STATES
from server.domain.findings.views import RELATED, items_json
from server.languages import SOURCE_LANGUAGE
from server.messages import say
from server.models import Finding

DUE_SOON_DAYS = 3
INBOX_ITEMS = 20


def _filtered(query: QuerySet[Finding], f: Filters, actor: Actor) -> QuerySet[Finding]:
    query = apply(query, f)
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


async def visible_query(actor: Actor) -> QuerySet[Finding]:
    scope = await visible(actor)
    query = Finding.all()
    return query if scope is None else query.filter(scope)


async def list_findings(actor: Actor, raw: Mapping[str, str], limit: int, offset: int) -> tuple[list[Any], int]:
    filters = await cycles.resolve(parse_filters(actor, raw))
    query = _filtered(await visible_query(actor), filters, actor)
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


async def categories(lang: str = SOURCE_LANGUAGE) -> list[dict[str, str]]:
    """The sections of the current checklists, to filter findings by. Checklists share some section ids
    ("record", "notes"): one entry each, titled as the first checklist (by title) names it. Then what a
    community report can be about (a finding made from one has its category as section)."""
    seen: dict[str, str] = {}
    for version in sorted(await current_versions(), key=lambda v: v.title):
        for section in localize(version.content, lang).get("sections", []):
            seen.setdefault(section["id"], section.get("title") or section["id"])
    for key in CATEGORIES:
        seen.setdefault(key, say("category.community", lang, title=category_title(key, lang)))
    return [{"id": key, "title": title} for key, title in sorted(seen.items(), key=lambda pair: pair[1].lower())]

"""Lists of findings (filters and the committee's and facilities' queues) and each person's inbox."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from server import query_shapes
from server.auth.permissions import Actor
from server.checklists import localize
from server.domain import cursors
from server.domain.audits import cycles
from server.domain.checklists.store import current_versions
from server.domain.community.public import CATEGORIES
from server.domain.community.states import category_title
from server.domain.cursors import Column
from server.domain.findings import rows
from server.domain.findings.access import scope, visible, visible_audits
from server.domain.findings.filters import Filters, apply, parse_filters, query_string
from server.domain.findings.guards import today
from server.domain.findings.states import WORK_STATES
from server.errors import Invalid
from server.languages import SOURCE_LANGUAGE
from server.messages import say
from server.models import Finding

DUE_SOON_DAYS = 3
INBOX_ITEMS = 20


# Each list's order, as keyset columns (server/domain/cursors.py); `id` last makes every position unique.
ID = Column("id", "uuid")
ORDERS = {
    "": (Column("created_at", "datetime", descending=True), ID),  # newest first
    "triage": (Column("created_at", "datetime"), ID),  # oldest first
    "verification": (Column("updated_at", "datetime"), ID),
    # Overdue first, then by due date: for work still owed (which always has a due date) the earliest due
    # dates are exactly the overdue ones, so ordering by due date puts them first.
    "mine": (Column("due_date", "date"), Column("created_at", "datetime"), ID),
}


def _filtered(query: QuerySet[Finding], f: Filters, actor: Actor) -> QuerySet[Finding]:
    query = apply(query, f)
    if f.queue == "triage":
        return query.filter(status="open")
    if f.queue == "verification":
        return query.filter(status="resolved")
    if f.queue == "mine":
        return query.filter(assignee_id=actor.user_id, status__in=WORK_STATES)
    return query


def by_urgency(query: QuerySet[Finding]) -> QuerySet[Finding]:
    return query.order_by(*cursors.order(ORDERS["mine"]))


async def visible_query(actor: Actor, audits: tuple[uuid.UUID, ...] | None = None) -> QuerySet[Finding]:
    """The findings the actor may see (given visible_audits(actor) if the caller has it already)."""
    where = scope(actor, audits) if audits is not None or actor.can("finding.read_all") else await visible(actor)
    return Finding.all() if where is None else Finding.filter(where)


@dataclass(frozen=True)
class Paging:
    limit: int
    offset: int = 0
    cursor: str = ""
    key: bytes = b""  # signs and checks cursors (server/auth/signing.py)


async def list_findings(actor: Actor, raw: Mapping[str, str], paging: Paging) -> dict[str, Any]:
    """A page of the list, its total, and signed links to the pages after and before it."""
    filters = await cycles.resolve(parse_filters(actor, raw))
    audits = await visible_audits(actor)
    query, columns = _filtered(await visible_query(actor, audits), filters, actor), ORDERS[filters.queue]
    digest = cursors.list_digest(query_string(filters))
    position = cursors.read(paging.key, digest, columns, paging.cursor) if paging.cursor else None
    if position and paging.offset:
        raise Invalid("Give either cursor or offset, not both.", field="offset")
    direction = position.direction if position else cursors.AFTER
    page = query.filter(cursors.where(columns, position)) if position else query.offset(paging.offset)
    # Counted for the first page (or an offset), then carried by the cursors: a count walks every row, which
    # would make the last page of a long list cost more than the first. "Show more" adds to what the first
    # page said was there. The count is a column of the page's own statement (one subquery the database runs
    # once), not a statement of its own: a round trip to the database was a tenth of the list's server time.
    counted = position is None or position.total is None
    if counted:
        page = page.annotate(total=query_shapes.CountOf(query))
    # Everything the page's statement is built from (the filters, what the actor may see, the position, the day
    # for the filters that count days): the same list asked again (every visit to it) reuses its statement.
    built_from = (filters, audits, actor.user_id, position, paging.offset, paging.limit, today())
    found = await rows.read(page.order_by(*cursors.order(columns, direction)).limit(paging.limit + 1), counted,
                            built_from)
    more, found = len(found) > paging.limit, found[:paging.limit]
    if direction == cursors.BEFORE:
        found.reverse()
    earlier = more if direction == cursors.BEFORE else bool(position or paging.offset)
    later = more if direction == cursors.AFTER else True
    total = await _total(query, found, position, paging.offset)

    def link(row: dict[str, Any], towards: str) -> str:
        return cursors.make(paging.key, digest, columns, row, towards, total)

    return {"items": await rows.as_items(found), "total": total,
            "next_cursor": link(found[-1], cursors.AFTER) if found and later else None,
            "previous_cursor": link(found[0], cursors.BEFORE) if found and earlier else None}


async def _total(query: QuerySet[Finding], found: list[dict[str, Any]], position: cursors.Position | None,
                 offset: int) -> int:
    """The list's length: as the cursor carries it, else as the page's statement counted it; a page with no
    rows says it only when it starts at the top (an empty list), so one past the end counts on its own."""
    if position is not None and position.total is not None:
        return position.total
    if found:
        return int(found[0]["total"])
    return 0 if position is None and not offset else await query.count()


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
        out[name] = {"count": await query.count(), "items": await rows.items(ordered.limit(INBOX_ITEMS))}
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

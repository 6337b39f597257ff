"""Rows of the CSV exports (findings, answers, inventory counts), read a page at a time so an export of any
size holds one page of rows in memory; server/reports/csv_rows.py writes them."""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from contextlib import aclosing
from datetime import timedelta
from typing import Any

from tortoise.queryset import QuerySet

from server.auth.permissions import Actor
from server.checklists import localize
from server.checklists.rules import find_item
from server.domain.checklists.store import section_titles
from server.domain.cursors import AFTER, Column, Position, order, where
from server.domain.findings.filters import BY_NAME, Filters, apply, midnight, parse_some, require_known
from server.domain.findings.guards import today
from server.domain.findings.states import WORK_STATES
from server.domain.reporting.dashboard import REPORT_FILTERS
from server.domain.reporting.inventory import inventory
from server.languages import SOURCE_LANGUAGE
from server.models import ChecklistVersion, Finding, FindingEvent, Response

PAGE = 1000  # rows a query reads: few round trips to the database, a megabyte or so held at a time

FINDING_FIELDS = {
    "id": "id", "title": "title", "description": "description", "severity": "severity", "status": "status",
    "remedy": "remedy", "priority": "priority", "due_date": "due_date", "campus": "space__building__campus__name",
    "building_code": "space__building__code", "building_name": "space__building__name", "floor": "space__floor",
    "room_number": "space__room_number", "space_name": "space__name", "space_kind": "space__kind",
    # A finding from a community report has no audit: its checklist and audit columns are empty.
    "source": "source", "checklist": "audit__checklist__checklist_id", "checklist_version": "audit__checklist__version",
    "section": "section_id", "item": "item_id", "audit_id": "audit_id", "audit_title": "audit__title",
    "assignee": "assignee__name", "created_by": "created_by__name", "created_at": "created_at",
    "updated_at": "updated_at",
}
FINDING_COLUMNS = [*FINDING_FIELDS, "overdue", "verified_at"]


async def _pages(query: QuerySet[Any], order: tuple[str, ...],
                 fields: list[str]) -> AsyncIterator[list[dict[str, Any]]]:
    """Rows in a stable order, a page at a time (offset paging: exports only ever add rows at the end)."""
    offset = 0
    while True:
        rows = await query.order_by(*order).offset(offset).limit(PAGE).values(*fields)
        if rows:
            yield rows
        if len(rows) < PAGE:
            return
        offset += PAGE


# The findings export reads in keyset chunks (server/domain/cursors.py): each chunk starts where the last
# ended, by the index on created_at, instead of sorting and skipping every row before it again.
FINDING_ORDER = (Column("created_at", "datetime"), Column("id", "uuid"))


async def _finding_chunks(query: QuerySet[Finding], fields: list[str]) -> AsyncIterator[list[dict[str, Any]]]:
    position: Position | None = None
    while True:
        chunk = query.filter(where(FINDING_ORDER, position)) if position else query
        rows = await chunk.order_by(*order(FINDING_ORDER)).limit(PAGE).values(*fields)
        if rows:
            yield rows
        if len(rows) < PAGE:
            return
        position = Position(AFTER, (rows[-1]["created_at"], rows[-1]["id"]))


async def _verified_at(finding_ids: list[Any]) -> dict[str, Any]:
    """When each finding was verified (the latest time, for one verified again after a reopening); a publishing
    or withdrawal is a verified -> verified event, not a verification."""
    events = FindingEvent.filter(finding_id__in=finding_ids, from_status="resolved", to_status="verified")
    events = events.order_by("id")
    return {str(finding_id): at for finding_id, at in await events.values_list("finding_id", "at")}


async def finding_rows(f: Filters) -> AsyncIterator[list[Any]]:
    fields = list(dict.fromkeys(FINDING_FIELDS.values()))
    sources = list(FINDING_FIELDS.values())
    async with aclosing(_finding_chunks(apply(Finding.all(), f), fields)) as chunks:
        async for chunk in chunks:
            verified, on = await _verified_at([row["id"] for row in chunk]), today()
            for row in chunk:
                overdue = row["status"] in WORK_STATES and row["due_date"] is not None and row["due_date"] < on
                yield [*(row[source] for source in sources), overdue, verified.get(str(row["id"]))]


RESPONSE_FILTERS = (*REPORT_FILTERS, BY_NAME["audit"].described("Only these audits (ids, comma-separated)."))


async def response_filters(actor: Actor, raw: Mapping[str, str]) -> Filters:
    f = parse_some(actor, RESPONSE_FILTERS, raw)
    await require_known(f)
    return f


RESPONSE_FIELDS = {
    "audit_id": "audit_id", "audit_title": "audit__title", "audit_status": "audit__status",
    "campus": "space__building__campus__name", "building_code": "space__building__code",
    "building_name": "space__building__name", "checklist": "audit__checklist__checklist_id",
    "checklist_version": "audit__checklist__version", "space_id": "space_id", "floor": "space__floor",
    "room_number": "space__room_number", "space_name": "space__name",
}
RESPONSE_COLUMNS = [*RESPONSE_FIELDS, "section", "item_id", "item_prompt", "item_type", "answer", "note",
                    "answered_by", "updated_at"]


def answer_text(value: Any) -> Any:
    """An answer in one cell: several choices or photos joined with "; ", a count as a number."""
    if isinstance(value, list):
        return "; ".join(str(v) for v in value)
    return value


async def response_rows(f: Filters, lang: str = SOURCE_LANGUAGE) -> AsyncIterator[list[Any]]:
    query = Response.all()
    where = {"space__building__campus_id": f.campus, "space__building_id": f.building,
             "audit__checklist__checklist_id": f.checklist, "audit_id__in": list(f.audits)}
    query = query.filter(**{key: value for key, value in where.items() if value})
    if f.created_from:
        query = query.filter(created_at__gte=midnight(f.created_from))
    if f.created_to:
        query = query.filter(created_at__lt=midnight(f.created_to + timedelta(days=1)))
    versions: dict[str, ChecklistVersion] = {}
    fields = [*RESPONSE_FIELDS.values(), "audit__checklist_id", "item_id", "answer", "note", "answered_by__name",
              "updated_at"]
    async for page in _pages(query, ("audit__created_at", "audit_id", "space_id", "item_id"), fields):
        for row in page:
            version_id = str(row["audit__checklist_id"])
            if version_id not in versions:
                versions[version_id] = await ChecklistVersion.get(id=version_id)
            cv = versions[version_id]
            found = find_item(localize(cv.content, lang), row["item_id"])
            section, item = found if found else (None, {})
            yield [*(row[source] for source in RESPONSE_FIELDS.values()),
                   section_titles(cv, lang).get(section or "", section), row["item_id"], item.get("prompt", ""),
                   item.get("type", ""), answer_text(row["answer"]["value"]), row["note"], row["answered_by__name"],
                   row["updated_at"]]


INVENTORY_PLACE = ["campus", "building_code", "building_name", "floor", "room_number", "space_name", "space_kind"]
INVENTORY_AUDIT = ["audit_id", "audit_title", "submitted_at", "cycle"]


async def inventory_rows(f: Filters, lang: str = SOURCE_LANGUAGE) -> tuple[list[str], AsyncIterator[list[Any]]]:
    """One row per space: where, the audit its counts come from, each count (its column is the checklist
    item's id), and the same from the previous cycle. A count is a number, "unknown", or empty (not shown or
    not applicable)."""
    data = await inventory(f, lang)
    items = [i["id"] for i in data["items"]]
    audit_columns = INVENTORY_AUDIT
    header = [*INVENTORY_PLACE, *audit_columns, *items, *(f"previous_{c}" for c in audit_columns),
              *(f"previous_{i}" for i in items)]

    def figures(found: dict[str, Any] | None) -> list[Any]:
        if found is None:
            return [""] * (len(audit_columns) + len(items))
        audit = found["audit"]
        counts = [c["total"] if c["answered"] else ("unknown" if c["unknown"] else "")
                  for c in (found["counts"][i] for i in items)]
        return [audit["id"], audit["title"], audit["submitted_at"], audit["cycle"], *counts]

    async def rows() -> AsyncIterator[list[Any]]:
        for s in data["spaces"]:
            yield [s["campus"]["name"], s["building"]["code"], s["building"]["name"], s["floor"], s["room_number"],
                   s["name"], s["kind"], *figures(s["current"]), *figures(s["previous"])]

    return header, rows()


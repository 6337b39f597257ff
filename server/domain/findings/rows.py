"""Findings as list items, read lean: one statement of only the columns an item shows (its place, audit and
assignee joined in, its thumbnails and community tracking code from correlated subqueries), and section titles
from a cache per checklist version (versions never change their English, server/models/audits.py), so a page
costs one statement and no model objects at all.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from datetime import date
from typing import Any

from tortoise.expressions import RawSQL
from tortoise.queryset import QuerySet

from server import query_shapes
from server.domain.community.codes import display
from server.domain.community.states import category_title
from server.domain.findings.guards import today
from server.domain.findings.states import WORK_STATES
from server.domain.photos.views import size_url
from server.models import ChecklistVersion, Finding

# What a list item shows, as the columns of one query (joins: space, building, audit, assignee).
FIELDS = (
    "id", "title", "severity", "status", "revision", "remedy", "priority", "due_date", "section_id", "source",
    "created_at", "updated_at", "space_id", "space__name", "space__floor", "space__room_number",
    "space__building__id", "space__building__code", "space__building__name", "audit_id", "audit__title",
    "audit__status", "audit__checklist_id", "assignee_id", "assignee__name",
)
# The community report a finding was made from, read in the same statement as the finding (a correlated
# subquery each, by the index on community_reports.finding_id): community findings need no query of their own.
# LIMIT 1: the flow makes one report per finding its source; the list must not repeat a finding if data ever
# said otherwise.
_REPORT = ('(SELECT "{0}" FROM "community_reports" WHERE "community_reports"."finding_id"="findings"."id" '
           'AND "community_reports"."status"=\'finding\' ORDER BY "community_reports"."id" LIMIT 1)')
REPORT_COLUMNS = {"report_id": RawSQL(_REPORT.format("id")), "report_code": RawSQL(_REPORT.format("tracking_code"))}
# Each finding's thumbnail (its first evidence photo in the finding's own order, else its earliest) and its
# after-photo's (the latest: a reopened finding's new after-photo replaces the old one in lists), read in the
# same statement as the finding too, as "<photo id> <thumb hash>": correlated subqueries, by the index on
# photos.finding_id. A photo's place in the finding's order is where its id, quoted, shows in the JSON list's
# text (a quote inside another element would be escaped); unlisted photos come after every listed one. The
# place is compared in WHERE, not ORDER BY: SQLite cannot see the finding from a subquery's ORDER BY.
_PLACE = {"postgres": 'COALESCE(NULLIF(STRPOS("findings"."photo_ids"::text, \'"\'||{0}."id"::text||\'"\'), 0), {1})',
          "sqlite": 'COALESCE(NULLIF(INSTR("findings"."photo_ids", \'"\'||{0}."id"||\'"\'), 0), {1})'}
_PHOTO = {"postgres": 'p."id"::text||\' \'||p."thumb"', "sqlite": 'p."id"||\' \'||p."thumb"'}
_UNLISTED = 2_147_483_647


def _of_finding(alias: str, kind: str) -> str:
    return f'FROM "photos" {alias} WHERE {alias}."finding_id"="findings"."id" AND {alias}."kind"=\'{kind}\''


def _thumbnail_columns(dialect: str) -> dict[str, RawSQL]:
    photo, place = _PHOTO[dialect], _PLACE[dialect]
    first_place = f"(SELECT MIN({place.format('q', _UNLISTED)}) {_of_finding('q', 'evidence')})"
    return {
        "thumbnail": RawSQL(f"(SELECT {photo} {_of_finding('p', 'evidence')} AND "
                            f'{place.format("p", _UNLISTED)}={first_place} ORDER BY p."created_at", p."id" LIMIT 1)'),
        "after_thumbnail": RawSQL(f"(SELECT {photo} {_of_finding('p', 'after')} "
                                  'ORDER BY p."created_at" DESC, p."id" DESC LIMIT 1)'),
    }


THUMBNAILS = {dialect: _thumbnail_columns(dialect) for dialect in _PHOTO}
COLUMNS = (*FIELDS, *REPORT_COLUMNS, "thumbnail", "after_thumbnail")
# Ids and times an item only prints: read as the text it prints (query_shapes.AS_TEXT), not parsed into uuid.UUID
# and datetime to be printed again.
UUIDS = ("id", "space_id", "space__building__id", "audit_id", "audit__checklist_id", "assignee_id")
AS_TEXT = (*((column, "uuid") for column in UUIDS), ("created_at", "time"), ("updated_at", "time"))
MAX_CACHED_VERSIONS = 10_000  # far more than any instance loads; a bound all the same
_section_titles: dict[str, dict[str, str]] = {}


async def section_titles(version_ids: Iterable[object]) -> dict[str, dict[str, str]]:
    """Section id -> title (as the version itself words it) of each checklist version, read once per process."""
    wanted = {str(v) for v in version_ids if v is not None}
    missing = wanted - _section_titles.keys()
    if missing:
        if len(_section_titles) + len(missing) > MAX_CACHED_VERSIONS:
            _section_titles.clear()
        for vid, content in await ChecklistVersion.filter(id__in=list(missing)).values_list("id", "content"):
            _section_titles[str(vid)] = {s.get("id"): s.get("title", "") for s in content.get("sections", [])}
    return {vid: _section_titles.get(vid, {}) for vid in wanted}


def photo_thumbnail(value: str | None) -> str | None:
    """A thumbnail's address from a THUMBNAILS column ("<photo id> <thumb hash>")."""
    if value is None:
        return None
    photo_id, digest = value.split(" ", 1)
    return size_url(photo_id, "thumb", digest)


def community_link(row: dict[str, Any]) -> dict[str, str] | None:
    """The report a community finding was made from (its tracking code; never anything of the reporter)."""
    if row["report_id"] is None:
        return None
    return {"id": str(row["report_id"]), "tracking_code_display": display(row["report_code"])}


def overdue(status: str, due: date | None, on: date) -> bool:
    """Work still owed (assigned or in progress) whose due date has passed."""
    return status in WORK_STATES and due is not None and due < on


def category(row: dict[str, Any], titles: dict[str, dict[str, str]]) -> dict[str, str | None]:
    """The checklist section a finding came from, titled as in the audit's pinned checklist version; a
    community finding's section is the report's category."""
    section = row["section_id"]
    if row["audit_id"] is None:
        return {"id": section, "title": category_title(section) or None}
    return {"id": section, "title": titles[str(row["audit__checklist_id"])].get(section) or section}


def item_json(row: dict[str, Any], titles: dict[str, dict[str, str]], on: date) -> dict[str, Any]:
    fid = str(row["id"])
    return {
        "id": fid, "title": row["title"], "severity": row["severity"], "status": row["status"],
        "revision": row["revision"], "remedy": row["remedy"], "priority": row["priority"],
        "due_date": row["due_date"].isoformat() if row["due_date"] else None,
        "overdue": overdue(row["status"], row["due_date"], on),
        "section_id": row["section_id"],
        "category": category(row, titles),
        "building": {"id": str(row["space__building__id"]), "code": row["space__building__code"],
                     "name": row["space__building__name"]},
        "space": {"id": str(row["space_id"]), "name": row["space__name"], "floor": row["space__floor"],
                  "room_number": row["space__room_number"] or ""},
        "source": row["source"],
        # A finding from a community report has no audit; it names the report by its tracking code only.
        "audit": {"id": str(row["audit_id"]), "title": row["audit__title"], "status": row["audit__status"]}
        if row["audit_id"] else None,
        "community_report": community_link(row),
        "assignee": {"id": str(row["assignee_id"]), "name": row["assignee__name"]} if row["assignee_id"] else None,
        "thumbnail_url": photo_thumbnail(row["thumbnail"]),
        # Resolved work shows its after-photo beside the evidence (the verification queue).
        "after_thumbnail_url": photo_thumbnail(row["after_thumbnail"]),
        "created_at": row["created_at"],
        "updated_at": row["updated_at"],
    }


async def read(query: QuerySet[Finding], total: bool = False, built_from: Hashable = None) -> list[dict[str, Any]]:
    """The query's findings as rows of COLUMNS, in its order (ids and times as the text an item prints); with
    total, also the query's own `total` annotation (the list's length, lists.py). built_from: see
    query_shapes.values."""
    dialect = Finding._meta.db.capabilities.dialect
    fields = (*COLUMNS, "total") if total else COLUMNS
    return await query_shapes.values(query, fields, AS_TEXT, {**REPORT_COLUMNS, **THUMBNAILS[dialect]}, built_from)


async def as_items(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows from read() as list items."""
    titles, on = await section_titles(r["audit__checklist_id"] for r in rows), today()
    return [item_json(row, titles, on) for row in rows]


async def items(query: QuerySet[Finding]) -> list[dict[str, Any]]:
    """The query's findings as list items, in its order."""
    return await as_items(await read(query))

"""A JSON archive of everything recorded, for keeping and for moving to another installation, and reading it
back into an empty database.

What it holds, table by table in the order they are read back: people and their roles (never passwords,
sessions or sign-in links: after a move, people set a password again), campuses, buildings, spaces, the
checklist versions audits pinned, audits with their teams, spaces and history, answers with every earlier
state, findings with their events and comments, photo records with their redactions, and community reports
(spaces' poster codes, reports, their photo records, messages and history), and audit schedules with the
reminders sent about them. Photos themselves are files named
by their content hash in SPACES_UPLOADS_DIR: copy that folder alongside the archive. Never archived: the
addresses reporters left for updates (shown to nobody), and the day's rate counts and keys.

Archives made before community reports existed have none of their tables or columns; they read back as
having no reports (and every finding from a walk).

The export is written a page of rows at a time, so it never holds the database in memory.
"""

from __future__ import annotations

import contextlib
import json
import uuid
from collections.abc import AsyncIterator, Iterator
from datetime import date, datetime
from typing import Any

from tortoise import fields
from tortoise.exceptions import IntegrityError, ValidationError
from tortoise.models import Model
from tortoise.transactions import in_transaction

from server import clock
from server.checklists import adds_texts
from server.domain.reporting import tallies
from server.errors import Invalid
from server.models import (
    Audit,
    AuditEvent,
    AuditMember,
    AuditSpace,
    Building,
    Campus,
    ChecklistVersion,
    CommunityEvent,
    CommunityMessage,
    CommunityPhoto,
    CommunityReport,
    Finding,
    FindingComment,
    FindingEvent,
    Photo,
    PhotoRedaction,
    ProgressPage,
    Publication,
    Response,
    ResponseRevision,
    Schedule,
    ScheduleReminder,
    Space,
    SpaceCode,
    User,
    UserRole,
)

FORMAT, VERSION = "spaces-audit-archive", 1
TABLES: tuple[tuple[str, type[Model]], ...] = (
    ("users", User), ("user_roles", UserRole), ("campuses", Campus), ("buildings", Building), ("spaces", Space),
    ("space_codes", SpaceCode), ("checklist_versions", ChecklistVersion), ("audits", Audit),
    ("audit_members", AuditMember), ("audit_spaces", AuditSpace), ("audit_events", AuditEvent), ("responses", Response),
    ("response_revisions", ResponseRevision), ("findings", Finding), ("finding_events", FindingEvent),
    ("finding_comments", FindingComment), ("photos", Photo), ("photo_redactions", PhotoRedaction),
    ("community_reports", CommunityReport), ("community_photos", CommunityPhoto),
    ("community_messages", CommunityMessage), ("community_events", CommunityEvent),
    ("schedules", Schedule), ("schedule_reminders", ScheduleReminder),
    ("progress_page", ProgressPage), ("publications", Publication),
)
LEFT_OUT = {"users": {"password_hash"}}
# Added with community reports (issue 12): an older archive lacks these tables and columns.
ADDED_TABLES = {"space_codes", "community_reports", "community_photos", "community_messages", "community_events",
                "schedules", "schedule_reminders",  # audit schedules and their reminders: 0013
                "progress_page", "publications"}  # the public progress page's switch and pairs: 0014
ADDED_COLUMNS: dict[str, dict[str, Any]] = {"findings": {"source": "walk"}, "campuses": {"community_reports": False},
                                            "buildings": {"community_reports": None},
                                            "users": {"lang": None},  # each person's language: 0010
                                            # an answer's photos have their place instead of a finding: 0011
                                            "photos": {"audit_id": None, "space_id": None, "item_id": None}}
PAGE = 1000


def columns(name: str, model: type[Model]) -> list[str]:
    return [f for f in model._meta.fields_db_projection if f not in LEFT_OUT.get(name, set())]


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"cannot archive {type(value).__name__}")


async def export_chunks(counts: dict[str, int] | None = None) -> AsyncIterator[str]:
    """The archive as JSON text, in pieces: a header, each table's rows a page at a time, then the counts
    (also put in `counts`, when given)."""
    yield json.dumps({"format": FORMAT, "version": VERSION, "exported_at": clock.iso(clock.now())})[:-1]
    yield ', "tables": {'
    counts = {} if counts is None else counts
    for index, (name, model) in enumerate(TABLES):
        yield f'{", " if index else ""}"{name}": ['
        wanted, count, offset = columns(name, model), 0, 0
        while True:
            rows = await model.all().order_by(model._meta.pk_attr).offset(offset).limit(PAGE).values(*wanted)
            for row in rows:
                yield ("," if count else "") + "\n" + json.dumps(row, default=_plain, ensure_ascii=False)
                count += 1
            if len(rows) < PAGE:
                break
            offset += PAGE
        counts[name] = count
        yield "\n]"
    yield '}, "counts": ' + json.dumps(counts) + "}\n"


def _field_value(field: fields.Field, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(field, fields.DatetimeField):
        return datetime.fromisoformat(value)
    if isinstance(field, fields.DateField):
        return date.fromisoformat(value)
    if isinstance(field, fields.UUIDField):
        return uuid.UUID(value)
    return value


def _rows(data: dict[str, Any], name: str, model: type[Model]) -> Iterator[dict[str, Any]]:
    """A table's rows, each checked to have exactly the table's columns and values of the right kinds."""
    rows = data["tables"].get(name)
    if rows is None and name in ADDED_TABLES:
        rows = []
    if not isinstance(rows, list):
        raise Invalid(f"The archive has no table {name!r}.", field=name)
    expected = columns(name, model)
    added = ADDED_COLUMNS.get(name, {})
    for number, row in enumerate(rows, 1):
        if isinstance(row, dict) and sorted(row) == sorted(set(expected) - set(added)):
            row = {**row, **added}  # made before the column existed
        if not isinstance(row, dict) or sorted(row) != sorted(expected):
            raise Invalid(f"{name}, row {number}: the columns must be {', '.join(expected)}.", field=name)
        try:
            yield {key: _field_value(model._meta.fields_map[key], value) for key, value in row.items()}
        except (TypeError, ValueError, AttributeError) as exc:
            raise Invalid(f"{name}, row {number}: {exc}.", field=name) from None


def photo_files(data: dict[str, Any]) -> set[str]:
    """The content hashes of every stored JPEG the archive's photos name (what to copy from the uploads)."""
    names = ("evidence", "display", "thumb", "original_evidence", "original_display", "original_thumb")
    rows = [*data["tables"].get("photos", []), *data["tables"].get("community_photos", [])]
    return {row[n] for row in rows for n in names if isinstance(row.get(n), str)}


def check_header(data: Any) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT or not isinstance(data.get("tables"), dict):
        raise Invalid("This is not a Spaces Audit archive (made by spaces-audit export).")
    if data.get("version") != VERSION:
        raise Invalid(f"This archive is version {data.get('version')!r}; this installation reads version {VERSION}.")
    counts = data.get("counts", {})
    for name, _ in TABLES:
        rows = data["tables"].get(name)
        if isinstance(rows, list) and name in counts and counts[name] != len(rows):
            raise Invalid(f"{name}: the archive lists {counts[name]} rows but holds {len(rows)} (is it cut short?).")


async def _require_empty() -> None:
    for name, model in TABLES:
        if model is not ChecklistVersion and await model.exists():
            raise Invalid(f"The database already holds {name}: an archive is read only into a new, empty database "
                          "(create one, run spaces-audit migrate, then import).")


async def _checklist_ids(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Checklist versions the database already loaded (serve loads the folder) are the same records: the
    archive's ids are mapped onto them; a same-numbered version with other content is refused, unless the one
    loaded only adds texts in other languages (an archive made before its translations were written)."""
    keep, mapped = [], {}
    for row in rows:
        found = await ChecklistVersion.get_or_none(checklist_id=row["checklist_id"], version=row["version"])
        if found is None:
            keep.append(row)
        elif found.fingerprint != row["fingerprint"] and not adds_texts(row["content"], found.content):
            raise Invalid(f"checklist_versions: {row['checklist_id']} version {row['version']} differs from the one "
                          "this database already has.", field="checklist_versions")
        else:
            mapped[row["id"]] = found.id
    return keep, mapped


@contextlib.contextmanager
def _keeping_times() -> Iterator[None]:
    """Tortoise stamps auto_now fields (updated_at) with the current time on insert; an archive keeps the
    times it recorded. Only the import command runs this, in its own process."""
    stamped = [f for _, m in TABLES for f in m._meta.fields_map.values()
               if isinstance(f, fields.DatetimeField) and f.auto_now]
    for f in stamped:
        f.auto_now = False
    try:
        yield
    finally:
        for f in stamped:
            f.auto_now = True


async def _reset_sequences(conn: Any) -> None:
    """PostgreSQL does not move a serial column's sequence past ids inserted explicitly."""
    if conn.capabilities.dialect != "postgres":
        return
    for _, model in TABLES:
        pk = model._meta.fields_map[model._meta.pk_attr]
        if isinstance(pk, fields.IntField):
            table = model._meta.db_table
            await conn.execute_script(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "  # noqa: S608
                                      f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")


async def import_archive(data: Any) -> dict[str, int]:
    """Read an archive into an empty database: all of it or, on any problem, nothing. Returns rows per table."""
    check_header(data)
    await _require_empty()
    counts: dict[str, int] = {}
    try:
        with _keeping_times():
            async with in_transaction() as conn:
                mapped: dict[Any, Any] = {}
                duplicates: list[tuple[Any, Any]] = []
                for name, model in TABLES:
                    rows = list(_rows(data, name, model))
                    if model is ChecklistVersion:
                        rows, mapped = await _checklist_ids(rows)
                    for row in rows:
                        if model is Audit:
                            row["checklist_id"] = mapped.get(row["checklist_id"], row["checklist_id"])
                        if model is Finding and row["duplicate_of_id"] is not None:
                            # A finding may repeat one inserted after it: links are made once all exist.
                            duplicates.append((row["id"], row.pop("duplicate_of_id")))
                    await model.bulk_create([model(**row) for row in rows], batch_size=500)
                    counts[name] = len(data["tables"].get(name, []))
                for finding_id, target in duplicates:
                    await Finding.filter(id=finding_id).update(duplicate_of_id=target)
                await tallies.rebuild()  # the dashboard's counts are not archived: counted from what was read
                await _reset_sequences(conn)
    except (IntegrityError, ValidationError) as exc:
        raise Invalid(f"The archive does not fit together (a record refers to one that is missing, or repeats "
                      f"one): {exc}") from None
    return counts

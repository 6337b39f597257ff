"""A large installation for benchmarks/scale.py, built in bulk (not timed): campuses, 40 buildings of 10 spaces,
two audits per building with each of three checklists, and N findings spread over three years, each with the
events its state took along the transition table, a third of them with an evidence photo row (no files: the
lists read photo rows, not photos), one in twenty from a community report.

The schema comes from the migrations and the people and places from the models; the findings, events and photo
rows go in with executemany, the way a years-old database would hold them.
"""

from __future__ import annotations

import json
import random
import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any

from tortoise.context import TortoiseContext

from server.auth.sessions import start_session
from server.checklists.rules import all_items
from server.db import apply_migrations, tortoise_config
from server.domain.checklists.store import load_folder
from server.domain.community.public import CATEGORIES
from server.domain.people.users import create_user
from server.domain.reporting import tallies
from server.models import Audit, AuditMember, AuditSpace, Building, Campus, ChecklistVersion, Space
from server.settings import SHIPPED_CHECKLISTS

NOW = datetime.now(UTC)
YEARS = 3
CHECKLISTS = ("portraits-honorifics", "names-memorials", "posters-signage")
PATHS = {
    "open": [], "withdrawn": ["withdrawn"], "accepted": ["accepted"], "declined": ["declined"],
    "assigned": ["accepted", "assigned"], "in_progress": ["accepted", "assigned", "in_progress"],
    "resolved": ["accepted", "assigned", "in_progress", "resolved"],
    "verified": ["accepted", "assigned", "in_progress", "resolved", "verified"],
    "reopened": ["accepted", "assigned", "in_progress", "resolved", "reopened"], "duplicate": ["duplicate"],
}
# Most findings of a mature installation are closed.
WEIGHTS = {"open": 8, "withdrawn": 3, "accepted": 6, "declined": 5, "assigned": 6, "in_progress": 5,
           "resolved": 5, "verified": 55, "reopened": 2, "duplicate": 5}
FINDING_COLUMNS = ("id", "audit_id", "source", "space_id", "item_id", "section_id", "title", "description",
                   "severity", "remedies", "photo_ids", "status", "revision", "created_by_id", "created_at",
                   "updated_at", "remedy", "priority", "assignee_id", "due_date", "resolved_by_id")
EVENT_COLUMNS = ("finding_id", "actor_id", "at", "from_status", "to_status", "note", "photo_ids", "changes")
PHOTO_COLUMNS = ("id", "finding_id", "kind", "upload_sha256", "evidence", "display", "thumb", "width", "height",
                 "caption", "uploaded_by_id", "created_at")


def _insert(dialect: str, table: str, columns: tuple[str, ...]) -> str:
    marks = ", ".join("?" if dialect == "sqlite" else f"${i}" for i in range(1, len(columns) + 1))
    return f'INSERT INTO "{table}" ({", ".join(columns)}) VALUES ({marks})'


async def _places(people: dict[str, Any]) -> list[dict[str, Any]]:
    """Buildings, spaces and audits; the audits with their spaces and the finding items of their checklist."""
    await load_folder(SHIPPED_CHECKLISTS)
    versions = {c: await ChecklistVersion.get(checklist_id=c) for c in CHECKLISTS}
    items = {c: [(s, i["id"]) for s, i in all_items(cv.content) if "finding" in i] for c, cv in versions.items()}
    audits: list[dict[str, Any]] = []
    for c in range(4):
        campus = await Campus.create(name=f"Campus {c + 1}")
        for b in range(10):
            building = await Building.create(campus=campus, code=f"B{c}{b:02d}", name=f"Building {c}-{b}")
            spaces = [await Space.create(building=building, floor=str(1 + n // 4), room_number=f"{100 + n}",
                                         name=f"Room {n}", kind="classroom") for n in range(10)]
            for checklist in CHECKLISTS:
                for cycle in range(2):
                    planned = NOW - timedelta(days=365 * YEARS - cycle * 500 - b)
                    audit = await Audit.create(title=f"{checklist} {building.code} {cycle + 1}", building=building,
                                               checklist=versions[checklist], created_by=people["auditor"],
                                               status="submitted", created_at=planned,
                                               submitted_at=planned + timedelta(days=20))
                    await AuditMember.create(audit=audit, user=people["auditor"])
                    await AuditSpace.bulk_create([AuditSpace(audit=audit, space=s, position=i)
                                                  for i, s in enumerate(spaces)])
                    audits.append({"id": str(audit.id), "spaces": [str(s.id) for s in spaces],
                                   "items": items[checklist], "planned": planned})
    return audits


def _finding(rng: random.Random, n: int, audits: list[dict[str, Any]], people: dict[str, str],
             spaces: list[str]) -> tuple[tuple[Any, ...], list[tuple[Any, ...]], tuple[Any, ...] | None]:
    status = rng.choices(list(WEIGHTS), weights=list(WEIGHTS.values()))[0]
    created = NOW - timedelta(seconds=rng.randint(3600, 86400 * 365 * YEARS))
    fid = str(uuid.uuid4())
    if n % 20 == 19:  # a community report's finding: no audit, its category for a section
        audit_id, source, space, item, section = None, "community", rng.choice(spaces), None, rng.choice(
            list(CATEGORIES))
    else:
        audit = audits[n % len(audits)]
        section, item = rng.choice(audit["items"])
        audit_id, source, space = audit["id"], "walk", rng.choice(audit["spaces"])
    events, at, state = [(fid, people["auditor"], created, None, "open", "", "[]", "{}")], created, "open"
    for to in PATHS[status]:
        at = at + timedelta(seconds=rng.uniform(600, (NOW - created).total_seconds() / 6))
        events.append((fid, people["committee"], at, state, to, "", "[]", "{}"))
        state = to
    worked = "assigned" in PATHS[status]
    photo = None
    photo_ids: list[str] = []
    if n % 3 == 0:
        photo_id, digest = str(uuid.uuid4()), f"{n:064x}"
        photo_ids = [photo_id]
        photo = (photo_id, fid, "evidence", digest, digest, digest, digest, 2048, 1536, "", people["auditor"],
                 created)
    due = (created + timedelta(days=rng.randint(7, 90))).date() if worked else None
    row = (fid, audit_id, source, space, item, section, f"Finding {n}: portrait without a label",
           "Seen during the walk; the label is missing.", rng.choice(("low", "medium", "high")), '["remove"]',
           json.dumps(photo_ids), status, len(events), people["auditor"], created, at,
           "add_context" if "accepted" in PATHS[status] else None, "normal",
           people["facilities"] if worked else None, due,
           people["facilities"] if "resolved" in PATHS[status] else None)
    return row, events, photo


async def build(db_url: str, findings: int, *, label: str = "scale", seed: int = 17) -> str:
    """A migrated database at `db_url` holding `findings` findings; returns a committee member's session token."""
    await apply_migrations(db_url)
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(db_url, label))
        users = {role: await create_user(f"{role}@scale.example", role.title(), [role])
                 for role in ("auditor", "committee", "facilities")}
        token = await start_session(users["committee"], 24 * 30)
        audits = await _places(users)
        spaces = sorted({s for a in audits for s in a["spaces"]})
        people = {role: str(u.id) for role, u in users.items()}
        conn, rng = ctx.connections.get(label), random.Random(seed)
        dialect = conn.capabilities.dialect
        for start in range(0, findings, 5000):
            rows, events, photos = [], [], []
            for n in range(start, min(start + 5000, findings)):
                row, evs, photo = _finding(rng, n, audits, people, spaces)
                rows.append(row)
                events += evs
                photos += [photo] if photo else []
            await conn.execute_many(_insert(dialect, "findings", FINDING_COLUMNS), [_db(r, dialect) for r in rows])
            await conn.execute_many(_insert(dialect, "finding_events", EVENT_COLUMNS),
                                    [_db(e, dialect) for e in events])
            await conn.execute_many(_insert(dialect, "photos", PHOTO_COLUMNS), [_db(p, dialect) for p in photos])
        await tallies.rebuild()  # the dashboard's counts, which the app keeps as findings change
        await conn.execute_script("ANALYZE")  # statistics a years-old database would have
    return token


def _db(row: tuple[Any, ...], dialect: str) -> list[Any]:
    """Values as Tortoise writes them: SQLite keeps timestamps as ISO text, PostgreSQL gets datetimes."""
    if dialect == "postgres":
        return [uuid.UUID(v) if isinstance(v, str) and len(v) == 36 and v.count("-") == 4 else v for v in row]
    return [v.isoformat(" ") if isinstance(v, datetime) else v.isoformat() if isinstance(v, date) else v
            for v in row]

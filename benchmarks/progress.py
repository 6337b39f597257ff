"""Public progress page benchmark: GET /progress on a real server over five years of audit cycles.

Run from the repository root:  .venv/bin/python benchmarks/progress.py

Setup (not timed), in a throwaway data folder with SQLite, written in bulk with SQL: the shipped checklists,
3 campuses, 30 buildings, 3,000 spaces; per building one submitted audit of the portraits checklist a year for five
years, each walking every space (a few skipped) with inventory counts where portraits hang; 100,000 findings
spread over those five years in every state of the workflow, each with its history; 5,000 community reports,
some answered; and the page turned on.

Then `spaces-audit serve` runs and an anonymous client (no account) requests /progress 20 times, one after another,
each timed from request to last byte. Each server process keeps the figures with marks of the data they were made
from (server/domain/progress/figures.py) and makes them again when a mark moves: the first request computes
everything (printed apart), and then 20 more requests each follow a change written to the database by another
process (an event on a finding), so each recomputes the figures (the inventory's shares stay kept: no audit was
submitted).

Lines: `load_average` (the machine's, at the end), `progress_first_ms` (the first request),
`progress_median_ms`, `progress_after_a_change_p95_ms`, `page_kb_gzip` (the page and its stylesheet as sent
compressed), and last `progress_page_ms: N`, the p95 of the first 20 requests (target < 200).
"""

from __future__ import annotations

import asyncio
import json
import math
import os
import random
import sqlite3
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from serving import serving  # benchmarks/, beside this script

from server import db
from server.domain.checklists.store import load_folder
from server.domain.people.users import create_user
from server.models import ChecklistVersion
from server.settings import SHIPPED_CHECKLISTS, load_settings

CAMPUSES, BUILDINGS_PER_CAMPUS, SPACES_PER_BUILDING, YEARS = 3, 10, 100, 5
FINDINGS, REPORTS, RUNS = 100_000, 5_000, 20
NOW = datetime.now(UTC)
PATHS = {"open": [], "withdrawn": ["withdrawn"], "accepted": ["accepted"], "declined": ["declined"],
         "assigned": ["accepted", "assigned"], "in_progress": ["accepted", "assigned", "in_progress"],
         "resolved": ["accepted", "assigned", "in_progress", "resolved"],
         "verified": ["accepted", "assigned", "in_progress", "resolved", "verified"],
         "duplicate": ["duplicate"]}
# Older findings are mostly verified by now; recent ones are still being worked on.
WEIGHTS_OLD = {"verified": 70, "declined": 10, "withdrawn": 5, "duplicate": 3, "resolved": 4, "in_progress": 3,
               "assigned": 2, "accepted": 2, "open": 1}
WEIGHTS_NEW = {"verified": 25, "declined": 8, "withdrawn": 5, "duplicate": 2, "resolved": 12, "in_progress": 15,
               "assigned": 13, "accepted": 10, "open": 10}
COUNTS = ("portrait-count", "portrait-count-women", "portrait-count-people-of-color",
          "portrait-count-race-undocumented", "portrait-count-unidentified")


def stamp(at: datetime) -> str:
    """A time as Tortoise writes it in SQLite."""
    return at.astimezone(UTC).isoformat(sep=" ")


def new_id() -> str:
    return str(uuid.uuid4())


async def accounts(settings_env: dict[str, str]) -> tuple[str, str]:
    """Migrations, checklists and one administrator (through the app's own code); the portraits version id."""
    settings = load_settings(settings_env)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await db.apply_migrations(settings.database_url)
    await db.open_database(settings.database_url)
    try:
        await load_folder(SHIPPED_CHECKLISTS)
        admin = await create_user("admin@bench.example", "Bench Admin", ["admin"])
        portraits = await ChecklistVersion.get(checklist_id="portraits-honorifics")
        return str(admin.id), str(portraits.id)
    finally:
        await db.close_database()


def sites(con: sqlite3.Connection) -> list[tuple[str, list[str]]]:
    """(building id, its space ids) for every building."""
    out = []
    created = stamp(NOW - timedelta(days=365 * YEARS + 30))
    for c in range(CAMPUSES):
        campus = new_id()
        con.execute("INSERT INTO campuses (id, name, created_at, community_reports) VALUES (?, ?, ?, 1)",
                    (campus, f"Campus {c + 1}", created))
        for b in range(BUILDINGS_PER_CAMPUS):
            building = new_id()
            con.execute("INSERT INTO buildings (id, code, name, created_at, campus_id) VALUES (?, ?, ?, ?, ?)",
                        (building, f"B{c}{b:02d}", f"Building {c + 1}-{b + 1}", created, campus))
            spaces = [new_id() for _ in range(SPACES_PER_BUILDING)]
            con.executemany("INSERT INTO spaces (id, floor, room_number, name, kind, created_at, updated_at, "
                            "building_id) VALUES (?, ?, ?, ?, 'lobby', ?, ?, ?)",
                            [(s, str(1 + n // 20), f"{n:03d}", f"Room {n}", created, created, building)
                             for n, s in enumerate(spaces)])
            out.append((building, spaces))
    return out


def answers(rng: random.Random) -> dict[str, object]:
    if rng.random() < 0.7:
        return {"portraits-present": "no"}
    total = rng.randint(1, 30)
    return {"portraits-present": "yes", COUNTS[0]: total, **{item: rng.randint(0, total) for item in COUNTS[1:]}}


def audits(con: sqlite3.Connection, rng: random.Random, buildings: list[tuple[str, list[str]]], admin: str,
           checklist: str) -> list[tuple[str, datetime, str, list[str]]]:
    """One submitted portraits audit per building and year, with its walk and counts."""
    out = []
    for building, spaces in buildings:
        for year in range(YEARS):
            audit, planned = new_id(), NOW - timedelta(days=365 * year + rng.randint(20, 300))
            submitted = planned + timedelta(days=rng.randint(1, 14))
            con.execute("INSERT INTO audits (id, title, status, revision, created_at, updated_at, submitted_at, "
                        "building_id, checklist_id, created_by_id) VALUES (?, ?, 'submitted', 1, ?, ?, ?, ?, ?, ?)",
                        (audit, f"Portraits {year}", stamp(planned), stamp(submitted), stamp(submitted), building,
                         checklist, admin))
            con.execute("INSERT INTO audit_members (audit_id, user_id) VALUES (?, ?)", (audit, admin))
            con.executemany("INSERT INTO audit_events (from_status, to_status, at, actor_id, audit_id) VALUES "
                            "(?, ?, ?, ?, ?)", [(None, "planned", stamp(planned), admin, audit),
                                                ("planned", "in_progress", stamp(planned), admin, audit),
                                                ("in_progress", "submitted", stamp(submitted), admin, audit)])
            skipped = set(rng.sample(range(len(spaces)), 3))
            con.executemany("INSERT INTO audit_spaces (position, skip_reason, skip_note, audit_id, space_id) VALUES "
                            "(?, ?, '', ?, ?)", [(n, "locked" if n in skipped else None, audit, s)
                                                 for n, s in enumerate(spaces)])
            rows = []
            for n, space in enumerate(spaces):
                if n in skipped:
                    continue
                for item, value in answers(rng).items():
                    rows.append((new_id(), item, json.dumps({"value": value}), stamp(submitted), stamp(submitted),
                                 admin, audit, space))
            con.executemany("INSERT INTO responses (id, item_id, answer, note, revision, created_at, updated_at, "
                            "answered_by_id, audit_id, space_id) VALUES (?, ?, ?, '', 1, ?, ?, ?, ?, ?)", rows)
            out.append((audit, planned, building, spaces))
    return out


def findings(con: sqlite3.Connection, rng: random.Random, walked: list[tuple[str, datetime, str, list[str]]],
             admin: str, sections: list[str]) -> None:
    rows, events = [], []
    for n in range(FINDINGS):
        audit, planned, _, spaces = walked[n % len(walked)]
        created = planned + timedelta(days=rng.uniform(1, 10), seconds=rng.randint(0, 86000))
        created = min(created, NOW - timedelta(hours=1))
        weights = WEIGHTS_OLD if (NOW - created).days > 365 else WEIGHTS_NEW
        status = rng.choices(list(weights), list(weights.values()))[0]
        fid, at, state = new_id(), created, "open"
        trail = [(stamp(created), None, "open")]
        room = max(60.0, (NOW - created).total_seconds() / (len(PATHS[status]) + 1))
        for to in PATHS[status]:
            at = at + timedelta(seconds=rng.uniform(60, min(room, 86400 * 90)))
            trail.append((stamp(at), state, to))
            state = to
        events += [(when, source, to, admin, fid) for when, source, to in trail]
        rows.append((fid, audit, rng.choice(spaces), rng.choice(sections), f"Finding {n}", status, len(trail),
                     admin, stamp(created), stamp(at)))
    con.executemany("INSERT INTO findings (id, audit_id, space_id, section_id, title, description, severity, remedies, "
                    "photo_ids, status, revision, created_by_id, created_at, updated_at, priority, source) VALUES "
                    "(?, ?, ?, ?, ?, '', 'medium', '[]', '[]', ?, ?, ?, ?, ?, 'normal', 'walk')", rows)
    con.executemany("INSERT INTO finding_events (at, from_status, to_status, note, photo_ids, changes, actor_id, "
                    "finding_id) VALUES (?, ?, ?, '', '[]', '{}', ?, ?)", events)


def reports(con: sqlite3.Connection, rng: random.Random, buildings: list[tuple[str, list[str]]], admin: str) -> None:
    statuses = ["received", "under_review", "finding", "joined", "declined", "spam"]
    rows, messages = [], []
    for n in range(REPORTS):
        received = (NOW - timedelta(days=rng.randint(0, 365 * YEARS))).date().isoformat()
        report = new_id()
        rows.append((report, f"B{n:010d}", "0" * 64, "portrait", rng.choice(statuses), received, received,
                     rng.choice(rng.choice(buildings)[1])))
        if rng.random() < 0.3:
            messages.append((new_id(), "Thank you.", received, admin, report))
    con.executemany("INSERT INTO community_reports (id, tracking_code, key_hash, category, description, impact, lang, "
                    "status, received_on, updated_on, decline_reason, space_id) VALUES "
                    "(?, ?, ?, ?, '', '', 'en', ?, ?, ?, '', ?)", rows)
    con.executemany('INSERT INTO community_messages (id, sender, text, "on", position, author_id, report_id) VALUES '
                    "(?, 'committee', ?, ?, 1, ?, ?)", messages)


def fill(path: Path, admin: str, checklist: str, sections: list[str]) -> None:
    rng = random.Random(13)
    con = sqlite3.connect(path)
    try:
        with con:
            buildings = sites(con)
            walked = audits(con, rng, buildings, admin, checklist)
            findings(con, rng, walked, admin, sections)
            reports(con, rng, buildings, admin)
            con.execute("INSERT INTO progress_page (id, enabled, changed_at, changed_by_id) VALUES (1, 1, ?, ?)",
                        (stamp(NOW), admin))
        con.execute("ANALYZE")
    finally:
        con.close()


async def timed(client: httpx.AsyncClient) -> float:
    started = time.perf_counter()
    response = await client.get("/progress", headers={"accept-language": "en"})
    assert response.status_code == 200, response.text[:500]
    return (time.perf_counter() - started) * 1000


def touch(path: str) -> None:
    """A change the figures must notice (a comment-free event on a verified finding), as another process would."""
    con = sqlite3.connect(path, timeout=30)
    with con:
        con.execute("INSERT INTO finding_events (at, from_status, to_status, note, photo_ids, changes, actor_id, "
                    "finding_id) SELECT ?, 'verified', 'verified', '', '[]', '{}', actor_id, finding_id "
                    "FROM finding_events WHERE to_status = 'verified' LIMIT 1", (stamp(datetime.now(UTC)),))
    con.close()


async def fetch(base: str, database: str) -> tuple[list[float], list[float], int]:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        times = [await timed(client) for _ in range(RUNS)]
        changed = []
        for _ in range(RUNS):
            touch(database)
            changed.append(await timed(client))
        sizes = 0
        for path in ("/progress", "/progress/progress.css"):
            async with client.stream("GET", path, headers={"accept-encoding": "gzip"}) as response:
                sizes += sum([len(chunk) async for chunk in response.aiter_raw()])
        return times, changed, sizes


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="progress-bench-") as folder:
        env = {**os.environ, "SPACES_DATA_DIR": f"{folder}/data", "SPACES_UPLOADS_DIR": f"{folder}/uploads",
               "DATABASE_URL": "", "SPACES_PUBLIC_URL": "", "SPACES_PURGE_INTERVAL_MINUTES": "0"}
        started = time.perf_counter()
        admin, checklist = asyncio.run(accounts(env))
        content = json.loads(sqlite3.connect(f"{folder}/data/spaces-audit.sqlite3").execute(
            "SELECT content FROM checklist_versions WHERE id = ?", (checklist,)).fetchone()[0])
        fill(Path(f"{folder}/data/spaces-audit.sqlite3"), admin, checklist, [s["id"] for s in content["sections"]])
        print(f"setup_seconds: {time.perf_counter() - started:.1f}")
        print(f"setup: {CAMPUSES * BUILDINGS_PER_CAMPUS} buildings, "
              f"{CAMPUSES * BUILDINGS_PER_CAMPUS * SPACES_PER_BUILDING} spaces, {YEARS} yearly cycles, "
              f"{FINDINGS} findings, {REPORTS} community reports")
        with serving(env, f"{folder}/server.log") as (base, _):
            times, changed, size = asyncio.run(fetch(base, f"{folder}/data/spaces-audit.sqlite3"))
        print(f"load_average: {os.getloadavg()[0]:.1f}")
        print(f"progress_first_ms: {times[0]:.0f}")
        print(f"progress_median_ms: {statistics.median(times):.0f}")
        print(f"progress_after_a_change_p95_ms: {p95(changed):.0f}")
        print(f"page_kb_gzip: {size / 1024:.1f}")
        print(f"progress_page_ms: {p95(times):.0f}")


if __name__ == "__main__":
    main()

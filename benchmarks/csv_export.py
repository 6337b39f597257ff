"""Findings list and CSV export at scale: the last page of the list (keyset paging), and the whole findings CSV.

Run from the repository root:  .venv/bin/python benchmarks/csv_export.py [--findings 100000] [--postgres]

Setup (not timed), in a throwaway data folder: the shipped checklists, a building with 50 spaces, one audit, and
N findings in bulk (every fourth verified, with its events: open, then accepted ... verified), on SQLite, or
with --postgres on a new database on TEST_POSTGRES_URL (dropped afterwards).

--add-indexes first makes the indexes issue 17's migration adds (findings.created_at, finding_events.finding_id,
photos.finding_id, findings.status), for a database made before it.

Then `spaces-audit serve` runs and the committee member logs in:
- the list is walked to its end by next_cursor (200 a page, not timed), and the last page (50 findings after
  the last cursor but one) is asked for 30 times: `last_page_p95_ms`;
- GET /api/reports/findings.csv is read to its last byte, three times: `csv_rows_per_s` (rows over the median
  time), and the server's peak resident memory before and after the exports (`csv_server_peak_mb`).
The server's CPU time per last page and per export is printed too: on a busy machine wall times swing
several-fold from run to run, CPU time much less.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg
import httpx
from serving import serving  # benchmarks/, beside this script

from server import db
from server.domain.checklists.store import load_folder
from server.domain.people.users import create_user
from server.models import Audit, Building, Campus, ChecklistVersion, Finding, FindingEvent, Space
from server.settings import SHIPPED_CHECKLISTS, load_settings

PASSWORD = "benchmark-password-1234"
SPACES, BATCH, LAST_PAGE_RUNS, CSV_RUNS = 50, 5000, 30, 3
PATH = ["accepted", "assigned", "in_progress", "resolved", "verified"]


def cpu_seconds(pid: int) -> float:
    """CPU time (user and system) a process has used: unlike wall time, it hardly moves on a busy machine."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    """The peak resident set of a process since it started (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")


async def setup(count: int) -> None:
    await load_folder(SHIPPED_CHECKLISTS)
    users = {role: await create_user(f"{role}@bench.example", f"{role.title()} Benchmark", [role], PASSWORD)
             for role in ("auditor", "facilities", "committee")}
    campus = await Campus.create(name="Bench campus")
    building = await Building.create(campus=campus, code="BEN", name="Bench Hall")
    spaces = [await Space.create(building=building, floor=str(1 + n // 10), room_number=f"{100 + n}",
                                 name=f"Room {n}", kind="lecture_hall") for n in range(SPACES)]
    cv = await ChecklistVersion.get(checklist_id="portraits-honorifics")
    start = datetime.now(UTC) - timedelta(days=3 * 365)
    audit = await Audit.create(title="Portraits, spring", building=building, checklist=cv, status="submitted",
                               created_by=users["auditor"], submitted_at=start)
    step = timedelta(days=3 * 365) / count
    for first in range(0, count, BATCH):
        findings, events = [], []
        for n in range(first, min(count, first + BATCH)):
            at = start + step * n
            done = n % 4 == 0
            f = Finding(id=uuid.uuid4(), audit=audit, space=spaces[n % SPACES], item_id="portraits-context",
                        section_id="labels-context", title=f"Finding {n + 1}: portrait series without text",
                        description="A wall of portraits of former chairs, with no panel explaining them.",
                        severity=("low", "medium", "high")[n % 3], remedies=["add_context"],
                        status="verified" if done else "open", revision=6 if done else 1,
                        created_by=users["auditor"], created_at=at, remedy="add_context" if done else None)
            findings.append(f)
            events.append(FindingEvent(finding_id=f.id, actor=users["auditor"], at=at, to_status="open"))
            state = "open"
            for hours, to in enumerate(PATH if done else [], 1):
                events.append(FindingEvent(finding_id=f.id, actor=users["committee"], at=at + timedelta(hours=hours),
                                           from_status=state, to_status=to))
                state = to
        await Finding.bulk_create(findings)
        await FindingEvent.bulk_create(events)
    print(f"setup: {count} findings, {count // 4} verified")


# The indexes issue 17 adds by a migration of its own (another change): --add-indexes makes them here first,
# to measure this change as it will run once both are in. IF NOT EXISTS: a no-op once that migration is in.
INDEXES = ("CREATE INDEX IF NOT EXISTS bench_findings_created ON findings (created_at)",
           "CREATE INDEX IF NOT EXISTS bench_events_finding ON finding_events (finding_id)",
           "CREATE INDEX IF NOT EXISTS bench_photos_finding ON photos (finding_id)",
           "CREATE INDEX IF NOT EXISTS bench_findings_status ON findings (status)")


async def prepare(env: dict[str, str], count: int, add_indexes: bool) -> None:
    settings = load_settings(env)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await db.apply_migrations(settings.database_url)
    await db.open_database(settings.database_url)
    try:
        await setup(count)
        if add_indexes:
            for sql in INDEXES:
                await Finding._meta.db.execute_script(sql)
    finally:
        await db.close_database()


async def measure(base: str, pid: int) -> tuple[list[float], list[tuple[float, int]], float, float]:
    async with httpx.AsyncClient(base_url=base, headers={"origin": base}, timeout=900) as client:
        login = await client.post("/api/session", json={"email": "committee@bench.example", "password": PASSWORD})
        assert login.status_code == 200, login.text
        page, before_last = (await client.get("/api/findings", params={"limit": 200})).json(), None
        while page["next_cursor"]:
            before_last = page["next_cursor"]
            page = (await client.get("/api/findings", params={"limit": 200, "cursor": before_last})).json()
        last_page, cpu = [], cpu_seconds(pid)
        for _ in range(LAST_PAGE_RUNS):
            started = time.perf_counter()
            response = await client.get("/api/findings", params={"limit": 50, "cursor": before_last or ""})
            assert response.status_code == 200, response.text
            last_page.append(time.perf_counter() - started)
        page_cpu, exports, cpu = (cpu_seconds(pid) - cpu) / LAST_PAGE_RUNS, [], cpu_seconds(pid)
        for _ in range(CSV_RUNS):
            started, rows = time.perf_counter(), 0
            async with client.stream("GET", "/api/reports/findings.csv") as response:
                assert response.status_code == 200, await response.aread()
                async for chunk in response.aiter_bytes():
                    rows += chunk.count(b"\n")
            exports.append((time.perf_counter() - started, rows - 1))
        return last_page, exports, page_cpu, (cpu_seconds(pid) - cpu) / CSV_RUNS


async def _pg(sql: str) -> None:
    conn = await asyncpg.connect(os.environ["TEST_POSTGRES_URL"].replace("asyncpg://", "postgresql://") + "/postgres")
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--findings", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="on a new database on TEST_POSTGRES_URL")
    parser.add_argument("--add-indexes", action="store_true", help="the indexes of issue 17's migration, first")
    args = parser.parse_args()
    name = f"csv_bench_{uuid.uuid4().hex[:8]}"
    with tempfile.TemporaryDirectory(prefix="csv-bench-") as folder:
        env = {**os.environ, "SPACES_DATA_DIR": f"{folder}/data", "SPACES_UPLOADS_DIR": f"{folder}/uploads",
               "DATABASE_URL": "", "SPACES_PUBLIC_URL": "", "SPACES_LOG_LEVEL": "warning"}
        if args.postgres:
            asyncio.run(_pg(f'CREATE DATABASE "{name}"'))
            env["DATABASE_URL"] = f"{os.environ['TEST_POSTGRES_URL'].rstrip('/')}/{name}"
        try:
            started = time.perf_counter()
            asyncio.run(prepare(env, args.findings, args.add_indexes))
            print(f"setup_seconds: {time.perf_counter() - started:.1f}")
            with serving(env, f"{folder}/server.log") as (base, server):
                before = rss_mb(server.pid)
                last_page, exports, page_cpu, csv_cpu = asyncio.run(measure(base, server.pid))
                peak = rss_mb(server.pid)
        finally:
            if args.postgres:
                asyncio.run(_pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    for seconds, rows in exports:
        print(f"csv run: {seconds:.2f} s, {rows} rows")
    assert all(rows == args.findings for _, rows in exports), "every finding is in the file"
    print(f"database: {'postgresql' if args.postgres else 'sqlite'}, findings: {args.findings}, "
          f"indexes added: {'yes' if args.add_indexes else 'no'}")
    print(f"last_page_p95_ms: {statistics.quantiles(last_page, n=20)[18] * 1000:.1f}")
    print(f"csv_server_peak_mb: {before:.0f} before, {peak:.0f} after")
    print(f"last_page_server_cpu_ms: {page_cpu * 1000:.1f}")
    print(f"csv_server_cpu_s: {csv_cpu:.1f} (rows per CPU second: {args.findings / csv_cpu:.0f})")
    print(f"csv_rows_per_s: {args.findings / statistics.median(s for s, _ in exports):.0f}")


if __name__ == "__main__":
    main()

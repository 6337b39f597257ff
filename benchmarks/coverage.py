"""A big building's coverage and an audit's comparison with the previous cycle, from a real server.

Run from the repository root:  .venv/bin/python benchmarks/coverage.py

A real `spaces-audit serve` on 127.0.0.1 with a throwaway SQLite data folder holding one building of 600 spaces
on 12 floors, audited twice a year for 5 years with each of the shipped checklists (60 submitted audits, 36,000
walked spaces), and a few thousand findings. Prints:

- `coverage_p95_ms`: the 95th percentile of 20 requests of GET /api/buildings/{id}/coverage (the grid's data);
- `report_p95_ms`: the same for the latest audit's report as data (which now carries the comparison);
- `coverage_spaces`: how many spaces the grid had, to show what was measured.
"""

from __future__ import annotations

import asyncio
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from serving import ROOT, serving  # benchmarks/, beside this script

sys.path.insert(0, str(ROOT))
PASSWORD = "correct horse battery staple"
FLOORS, PER_FLOOR, YEARS, FINDINGS_PER_AUDIT = 12, 50, 5, 60
RUNS = 20


async def make_history(database_url: str) -> tuple[str, str]:
    """The building and its history; returns the building's id and the latest audit's id."""
    from server import db
    from server.domain.checklists.store import load_folder
    from server.models import Audit, AuditSpace, Building, Campus, ChecklistVersion, Finding, Space, User
    from server.settings import SHIPPED_CHECKLISTS

    rng = random.Random(13)
    await db.open_database(database_url)
    try:
        await load_folder(SHIPPED_CHECKLISTS)
        user = await User.get(email="admin@bench.example")
        campus = await Campus.create(name="Bench Campus")
        building = await Building.create(campus=campus, code="BIG", name="Big Hall")
        await Space.bulk_create([Space(building=building, floor=str(f), room_number=f"{f}-{n:03d}",
                                       name=f"Room {f}-{n}", kind="office")
                                 for f in range(1, FLOORS + 1) for n in range(PER_FLOOR)])
        spaces = await Space.filter(building=building).values_list("id", flat=True)
        now = datetime.now(UTC)
        latest = None
        for cv in await ChecklistVersion.all():
            for half_year in range(YEARS * 2):
                submitted = now - timedelta(days=182 * (YEARS * 2 - half_year) - rng.randint(0, 20))
                audit = await Audit.create(title=f"{cv.checklist_id} {half_year}", building=building, checklist=cv,
                                           status="submitted", created_by=user, submitted_at=submitted,
                                           created_at=submitted - timedelta(days=7))
                await AuditSpace.bulk_create([AuditSpace(audit=audit, space_id=s, position=i,
                                                         skip_reason="locked" if rng.random() < 0.05 else None)
                                              for i, s in enumerate(spaces)])
                await Finding.bulk_create([Finding(
                    id=uuid.uuid4(), audit=audit, space_id=rng.choice(spaces), title="Bench finding",
                    severity=rng.choice(["low", "medium", "high"]), created_by=user,
                    status=rng.choice(["open", "accepted", "resolved", "verified", "declined"]))
                    for _ in range(FINDINGS_PER_AUDIT)])
                if latest is None or submitted > latest[1]:
                    latest = (str(audit.id), submitted)
        assert latest is not None
        return str(building.id), latest[0]
    finally:
        await db.close_database()


async def timed(client: httpx.AsyncClient, path: str) -> tuple[list[float], dict]:
    timings, body = [], {}
    for _ in range(RUNS):
        started = time.perf_counter()
        response = await client.get(path)
        timings.append((time.perf_counter() - started) * 1000)
        response.raise_for_status()
        body = response.json()
    return timings, body


async def measure(base: str, building: str, audit: str) -> None:
    async with httpx.AsyncClient(base_url=base, timeout=120) as client:
        login = await client.post("/api/session", json={"email": "admin@bench.example", "password": PASSWORD})
        login.raise_for_status()
        coverage, body = await timed(client, f"/api/buildings/{building}/coverage")
        report, _ = await timed(client, f"/api/audits/{audit}/report")
    print(f"coverage_spaces: {sum(len(f['spaces']) for f in body['floors'])}")
    print(f"coverage_p95_ms: {statistics.quantiles(coverage, n=20)[-1]:.0f}")
    print(f"report_p95_ms: {statistics.quantiles(report, n=20)[-1]:.0f}")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="coverage-bench-") as tmp:
        data = Path(tmp)
        env = {**os.environ, "SPACES_DATA_DIR": str(data / "data"), "SPACES_UPLOADS_DIR": str(data / "up")}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "server.cli", "migrate"], env=env, check=True, capture_output=True,
                       timeout=120)
        subprocess.run([sys.executable, "-m", "server.cli", "create-user", "admin@bench.example", "--role", "admin",
                        "--name", "Bench Admin", "--password-stdin"], env=env, input=f"{PASSWORD}\n", text=True,
                       check=True, capture_output=True, timeout=120)
        from server.settings import sqlite_url

        building, audit = asyncio.run(make_history(sqlite_url(data / "data" / "spaces-audit.sqlite3")))
        with serving(env, data / "server.log") as (base, _):
            asyncio.run(measure(base, building, audit))


if __name__ == "__main__":
    main()

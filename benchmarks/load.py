"""Multi-worker correctness under concurrent writers: `spaces-audit serve --workers 4` on SQLite and (when
TEST_POSTGRES_URL is set) on PostgreSQL, with 20 writers at once for a minute.

Run from the repository root:  .venv/bin/python benchmarks/load.py [--seconds 60] [--writers 20]

Each writer is an auditor on the team of every writer's audit. In a loop it answers checklist items (alone and
in batches of 10 through /api/batch), comments on findings (anyone's), and uploads photos of its findings (the
test photos in /work/shared/testdata/photos/). Every write carries an Idempotency-Key, and one that is not
answered (a dropped connection, a 5xx) is sent again with the same key until it is, as the phone does.

Afterwards the rows are counted in the database and compared with the writes acknowledged. An error is: a 5xx,
an answer or a server log line saying "database is locked", an unexpected refusal (4xx), a dropped connection,
a traceback in the server's log, or a row missing or duplicated against the acknowledged writes. Prints
`load_errors_<database>: N` with the writes per kind, then `load_errors: N` (their sum; target 0).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import sqlite3
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import asyncpg
import httpx
from serving import PHOTOS, free_port, serving  # benchmarks/, beside this script

PASSWORD = "load-test-password-1234"
CHECKLIST = "portraits-honorifics"
SPACES = 12
PHOTO_FILES = sorted(PHOTOS.glob("Landscape_*.jpg"))


@dataclass
class Tally:
    """What the writers were told, and what went wrong."""

    acknowledged: dict[str, set[str]] = field(default_factory=lambda: {
        "answers": set(), "findings": set(), "comments": set(), "photos": set()})
    writes: Counter[str] = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)


def cli(env: dict[str, str], *args: str, stdin: str = "") -> str:
    done = subprocess.run([sys.executable, "-m", "server.cli", *args], input=stdin, text=True, env=env,
                          check=True, capture_output=True)
    return done.stdout


async def send(client: httpx.AsyncClient, tally: Tally, kind: str, method: str, url: str, **kwargs: Any) -> Any:
    """Send one write until it is answered (same Idempotency-Key each time); its JSON, or None if refused."""
    key = str(uuid.uuid4())
    headers = {**kwargs.pop("headers", {}), "Idempotency-Key": key}
    while True:
        try:
            response = await client.request(method, url, headers=headers, **kwargs)
        except httpx.TransportError as exc:
            tally.errors.append(f"{kind}: connection {type(exc).__name__}")
            await asyncio.sleep(0.2)
            continue
        if "database is locked" in response.text:
            tally.errors.append(f"{kind}: {response.status_code} database is locked")
        if response.status_code >= 500:
            tally.errors.append(f"{kind}: {response.status_code} {response.text[:200]}")
            await asyncio.sleep(0.2)
            continue
        if response.status_code == 409 and "Idempotency-Key" in response.text:
            await asyncio.sleep(0.1)  # its first copy is still running: ask again, as the phone does
            continue
        tally.writes[kind] += 1
        if response.status_code >= 400:
            tally.errors.append(f"{kind}: refused {response.status_code} {response.text[:200]}")
            return None
        return response.json()


@dataclass
class Writer:
    client: httpx.AsyncClient
    audit: dict[str, Any]
    places: list[tuple[str, str]]
    findings: list[str] = field(default_factory=list)


async def setup(base: str, emails: list[str]) -> tuple[list[Writer], list[str]]:
    """A building of 12 spaces; one audit per writer, every writer on every team; two findings per writer."""
    admin = httpx.AsyncClient(base_url=base, headers={"origin": base}, timeout=120)
    assert (await admin.post("/api/session", json={"email": "admin@load.example", "password": PASSWORD})
            ).status_code == 200
    campus = (await admin.post("/api/campuses", json={"name": "Load campus"})).json()
    building = (await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": "LOD",
                                                         "name": "Load Hall"})).json()
    spaces = [(await admin.post("/api/spaces", json={
        "building_id": building["id"], "floor": "1", "room_number": f"{100 + n}", "name": f"Room {n}",
        "kind": "classroom"})).json()["id"] for n in range(SPACES)]
    current = next(c for c in (await admin.get("/api/checklists")).json()["items"] if c["id"] == CHECKLIST)
    checklist = (await admin.get(f"/api/checklists/{CHECKLIST}/versions/{current['version']}")).json()
    items = [item["id"] for section in checklist.get("content", checklist)["sections"] for item in section["items"]
             if item["type"] != "photo"]
    users = (await admin.get("/api/users", params={"limit": 200})).json()["items"]
    ids = [u["id"] for u in users if u["email"] in emails]
    await admin.aclose()
    writers = []
    for email in emails:
        client = httpx.AsyncClient(base_url=base, headers={"origin": base}, timeout=120)
        assert (await client.post("/api/session", json={"email": email, "password": PASSWORD})).status_code == 200
        audit = (await client.put(f"/api/audits/{uuid.uuid4()}", json={
            "building_id": building["id"], "checklist_id": CHECKLIST, "title": f"Load audit {email}",
            "member_ids": ids, "space_ids": spaces})).json()
        places = [(space, item) for space in spaces for item in items]
        random.shuffle(places)
        writers.append(Writer(client, audit, places))
    return writers, spaces


async def finding(writer: Writer, tally: Tally, space: str) -> None:
    fid = str(uuid.uuid4())
    body = {"audit_id": writer.audit["id"], "space_id": space, "item_id": None, "title": "A portrait unlabelled",
            "description": "", "severity": "medium", "remedies": [], "photo_ids": []}
    if await send(writer.client, tally, "findings", "PUT", f"/api/findings/{fid}", json=body) is not None:
        tally.acknowledged["findings"].add(fid)
        writer.findings.append(fid)


def answer_body(writer: Writer) -> tuple[str, dict[str, Any]]:
    space, item = writer.places.pop()
    return str(uuid.uuid4()), {"audit_id": writer.audit["id"], "space_id": space, "item_id": item,
                               "answer": "not_applicable"}


async def one_write(writer: Writer, tally: Tally, everyone: list[Writer], photos: list[bytes]) -> None:
    roll = random.random()
    if roll < 0.35 and writer.places:
        rid, body = answer_body(writer)
        if await send(writer.client, tally, "answers", "PUT", f"/api/responses/{rid}", json=body) is not None:
            tally.acknowledged["answers"].add(rid)
    elif roll < 0.5 and len(writer.places) >= 10:
        ops = []
        for _ in range(10):
            rid, body = answer_body(writer)
            ops.append({"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/responses/{rid}", "body": body})
        answered = await send(writer.client, tally, "batches", "POST", "/api/batch", json={"operations": ops})
        for op, result in zip(ops, (answered or {}).get("results", []), strict=False):
            if result["status"] in (200, 201):
                tally.acknowledged["answers"].add(op["path"].rsplit("/", 1)[1])
            else:
                tally.errors.append(f"batch answer refused: {result['status']} {str(result['body'])[:200]}")
    elif roll < 0.85:
        target = random.choice([w for w in everyone if w.findings] or [writer])
        if not target.findings:
            return
        cid = str(uuid.uuid4())
        if await send(writer.client, tally, "comments", "POST",
                      f"/api/findings/{random.choice(target.findings)}/comments",
                      json={"id": cid, "text": "Seen again on the second floor."}) is not None:
            tally.acknowledged["comments"].add(cid)
    elif writer.findings:
        pid = str(uuid.uuid4())
        if await send(writer.client, tally, "photos", "PUT", f"/api/photos/{pid}",
                      params={"finding_id": random.choice(writer.findings)}, content=random.choice(photos),
                      headers={"content-type": "image/jpeg"}) is not None:
            tally.acknowledged["photos"].add(pid)


async def run(base: str, emails: list[str], seconds: float) -> tuple[Tally, list[str]]:
    writers, spaces = await setup(base, emails)
    tally = Tally()
    photos = [path.read_bytes() for path in PHOTO_FILES]
    await asyncio.gather(*[finding(w, tally, spaces[n % SPACES]) for w in writers for n in range(2)])
    stop = time.monotonic() + seconds

    async def loop(writer: Writer) -> None:
        while time.monotonic() < stop:
            await one_write(writer, tally, writers, photos)

    await asyncio.gather(*[loop(w) for w in writers])
    for writer in writers:
        await writer.client.aclose()
    return tally, [w.audit["id"] for w in writers]


COUNTS = {
    "answers": "SELECT count(*) FROM responses",
    "findings": "SELECT count(*) FROM findings",
    "comments": "SELECT count(*) FROM finding_comments",
    "photos": "SELECT count(*) FROM photos",
}


async def rows(database_url: str, data: Path) -> dict[str, int]:
    if not database_url or database_url.startswith("sqlite"):
        with sqlite3.connect(data / "spaces-audit.sqlite3") as db:
            return {kind: db.execute(sql).fetchone()[0] for kind, sql in COUNTS.items()}
    conn = await asyncpg.connect(database_url.replace("asyncpg://", "postgresql://"))
    try:
        return {kind: await conn.fetchval(sql) for kind, sql in COUNTS.items()}
    finally:
        await conn.close()


def measure(name: str, database_url: str, seconds: float, writers: int) -> int:
    with tempfile.TemporaryDirectory(prefix=f"load-{name}-") as folder:
        data = Path(folder)
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        env = {**os.environ, "SPACES_DATA_DIR": str(data), "SPACES_UPLOADS_DIR": str(data / "uploads"),
               "SPACES_PUBLIC_URL": base, "SPACES_LOG_LEVEL": "info"}
        env.pop("DATABASE_URL", None)
        if database_url:
            env["DATABASE_URL"] = database_url
        cli(env, "migrate")
        cli(env, "create-user", "admin@load.example", "--role", "admin", "--password-stdin", stdin=PASSWORD)
        emails = [f"writer{n}@load.example" for n in range(writers)]
        for email in emails:
            cli(env, "create-user", email, "--role", "auditor", "--password-stdin", stdin=PASSWORD)
        log_path = data / "server.log"
        with serving(env, log_path, "--workers", "4", port=port, stop_seconds=60):
            tally, _ = asyncio.run(run(base, emails, seconds))
        found = asyncio.run(rows(database_url, data))
        for kind, acknowledged in tally.acknowledged.items():
            if found[kind] != len(acknowledged):
                tally.errors.append(f"{kind}: {found[kind]} rows for {len(acknowledged)} acknowledged writes")
        logged = log_path.read_text(errors="replace")
        for marker in ("database is locked", "Traceback"):
            tally.errors += [f"server log: {marker}"] * logged.count(marker)
    for error in sorted(set(tally.errors))[:10]:
        print(f"  {name}: {error}")
    writes = ", ".join(f"{kind} {n}" for kind, n in sorted(tally.writes.items()))
    print(f"load_errors_{name}: {len(tally.errors)} (writes acknowledged: {writes}; {seconds:.0f} s, "
          f"{writers} writers, 4 workers)", flush=True)
    return len(tally.errors)


async def fresh_postgres(base: str) -> str:
    name = f"spaces_load_{uuid.uuid4().hex[:10]}"
    conn = await asyncpg.connect(base.replace("asyncpg://", "postgresql://").rstrip("/") + "/postgres")
    try:
        await conn.execute(f'CREATE DATABASE "{name}"')
    finally:
        await conn.close()
    return f"{base.rstrip('/')}/{name}"


async def drop_postgres(url: str) -> None:
    base, name = url.rsplit("/", 1)
    conn = await asyncpg.connect(base.replace("asyncpg://", "postgresql://") + "/postgres")
    try:
        await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        await conn.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="How long the writers write (default 60).")
    parser.add_argument("--writers", type=int, default=20, help="Concurrent writers (default 20).")
    args = parser.parse_args()
    total = measure("sqlite", "", args.seconds, args.writers)
    postgres = os.environ.get("TEST_POSTGRES_URL", "")
    if postgres:
        url = asyncio.run(fresh_postgres(postgres))
        try:
            total += measure("postgres", url, args.seconds, args.writers)
        finally:
            asyncio.run(drop_postgres(url))
    else:
        print("load_errors_postgres: skipped (TEST_POSTGRES_URL is not set)")
    print(f"load_errors: {total}")


if __name__ == "__main__":
    main()

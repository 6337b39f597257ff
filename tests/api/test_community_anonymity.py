"""Anonymity by construction, checked from outside: a real `spaces-audit serve` receives reports from a known
address, with a distinctive user agent and referrer, and neither its database (every byte of the SQLite file and
its WAL, or a pg_dump of PostgreSQL) nor its log holds any of them afterwards. Public actions are dated to the
day: no column of the community tables can hold a time."""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import urlsplit

import api_contract
import httpx
import pytest
from conftest import ORIGIN, PG_URL
from PIL import Image
from testdata import PHOTOS
from tortoise import fields

from server.app import create_app
from server.domain.community import codes
from server.domain.sites.registry import save_building, save_campus, save_space
from server.models import (
    CommunityEvent,
    CommunityMessage,
    CommunityPhoto,
    CommunityReport,
    DailyKey,
    RateCount,
    ReporterContact,
    SpaceCode,
)

CLIENT = "127.0.0.7"  # every 127.x.y.z is this machine: the server sees this as the reporter's address
AGENT = "Mozilla/5.0 (ProbePhone; anonymity-agent-5f3c91) Mobile"
REFERRER = "https://referrer-probe-5f3c91.example/poster"
NEEDLES = {"client address": CLIENT.encode(), "user agent": b"anonymity-agent-5f3c91",
           "referrer": b"referrer-probe-5f3c91"}
DESCRIPTION = "Portrait wall description 7e1d04"  # stored on purpose: shows the search reads the data
PHONE_PHOTO = PHOTOS / "IMG_20180725_163423.jpg"  # a Pixel's JPEG with GPS in its EXIF (MANIFEST.tsv)
PG_DUMP = "/usr/lib/postgresql/15/bin/pg_dump"

SETUP = """
import asyncio
from server import db
from server.domain.community import codes
from server.domain.sites.registry import save_building, save_campus, save_space
from server.settings import load_settings

async def main():
    settings = load_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await db.apply_migrations(settings.database_url)
    await db.open_database(settings.database_url)
    try:
        campus = await save_campus("Longwood", community_reports=True)
        building = await save_building({"campus_id": campus.id, "code": "ALD", "name": "Alden Hall"})
        space = await save_space({"building_id": building.id, "floor": "2", "room_number": "201",
                                  "name": "Founders Amphitheater", "kind": "lecture_hall"})
        print(await codes.ensure_code(space))
    finally:
        await db.close_database()

asyncio.run(main())
"""


@dataclass
class Served:
    base: str
    code: str
    data_dir: Path
    uploads: Path
    log: Path


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def serving(tmp_path: Path, database_url: str = "") -> Iterator[Served]:
    """A real server (two workers) on its own data folder and database, with a space whose poster code is known;
    stopped, so its files are complete, when the block ends."""
    env = {**os.environ, "SPACES_DATA_DIR": str(tmp_path / "data"), "SPACES_UPLOADS_DIR": str(tmp_path / "up"),
           "SPACES_LOG_LEVEL": "info", "DATABASE_URL": database_url}
    setup = subprocess.run([sys.executable, "-c", SETUP], env=env, capture_output=True, text=True, timeout=120)
    assert setup.returncode == 0, setup.stderr
    port, log = _free_port(), tmp_path / "server.log"
    with log.open("wb") as out:
        # Two workers: each builds its own app, so each must keep addresses out of its access log.
        server = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--port", str(port), "--workers", "2"],
                                  env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(300):
            assert server.poll() is None, log.read_text()
            try:
                if httpx.get(f"{base}/api/health", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # polling until it answers: the condition waited for is the health check
        else:
            pytest.fail("the server did not start:\n" + log.read_text())
        yield Served(base, setup.stdout.strip(), tmp_path / "data", tmp_path / "up", log)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=30)


async def _report_like_a_phone(served: Served) -> None:
    """Everything a reporter does, from one address, with a telling user agent and referrer."""
    transport = httpx.AsyncHTTPTransport(local_address=CLIENT)
    headers = {"User-Agent": AGENT, "Referer": REFERRER, "Accept-Language": "es-MX,es;q=0.9", "Origin": served.base}
    async with httpx.AsyncClient(transport=transport, base_url=served.base, headers=headers, timeout=60,
                                 event_hooks=api_contract.EVENT_HOOKS) as phone:
        assert (await phone.get(f"/r/{served.code}")).status_code < 500
        assert (await phone.get(f"/api/public/spaces/{served.code}")).status_code == 200
        photo_id = str(uuid.uuid4())
        put = await phone.put(f"/api/public/photos/{photo_id}", content=PHONE_PHOTO.read_bytes(),
                              headers={"content-type": "image/jpeg"})
        assert put.status_code == 201, put.text
        body = {"code": served.code, "category": "portrait", "description": DESCRIPTION, "impact": "",
                "email": "reporter@example.org", "lang": "es", "website": ""}
        sent = (await phone.post("/api/public/reports", json={**body, "id": str(uuid.uuid4()),
                                                              "photo_ids": [photo_id]})).json()
        second = await phone.post("/api/public/reports", json={**body, "id": str(uuid.uuid4()), "email": ""})
        assert second.status_code == 201, second.text
        who = {"tracking_code": sent["tracking_code"], "key": sent["key"]}
        assert (await phone.post("/api/public/follow", json=who)).status_code == 200
        assert (await phone.post("/api/public/follow", json={**who, "key": "x" * 26})).status_code == 404
        message = await phone.post("/api/public/follow/messages", json={**who, "id": str(uuid.uuid4()),
                                                                        "text": "It is by the stairs."})
        assert message.status_code == 201, message.text
        assert (await phone.post("/api/public/follow/email", json={**who, "email": "new@example.org"})).status_code \
            == 204
        assert (await phone.post("/api/public/follow/email/delete", json=who)).status_code == 204
        assert (await phone.get("/follow")).status_code < 500


def _hits(blob: bytes) -> list[str]:
    return [what for what, needle in NEEDLES.items() if needle in blob]


def _check_log_and_photos(served: Served) -> None:
    log = served.log.read_bytes()
    assert _hits(log) == [], log.decode(errors="replace")
    text = log.decode(errors="replace")
    # The access log was on and names other clients as usual (127.0.0.1 polled /api/health), but not reporters.
    assert re.search(r'127\.0\.0\.1:\d+ - "GET /api/health HTTP/1\.1" 200', text), text
    assert '- - "POST /api/public/reports HTTP/1.1" 201' in text, text
    photos = list(served.uploads.rglob("*.jpg"))
    assert len(photos) == 3  # evidence, display and thumb of the one photo
    for path in photos:
        assert _hits(path.read_bytes()) == []
        with Image.open(path) as image:
            assert not image.getexif() and "exif" not in image.info, path  # no GPS, camera or capture time


def test_no_trace_of_the_reporter_in_sqlite_or_the_log(tmp_path):
    with serving(tmp_path) as served:
        asyncio.run(_report_like_a_phone(served))
    files = [p for p in served.data_dir.iterdir() if p.name.startswith("spaces-audit.sqlite3")]
    assert files, list(served.data_dir.iterdir())
    database = b"".join(p.read_bytes() for p in files)  # the file, its WAL and shared memory if still there
    assert DESCRIPTION.encode() in database  # the search does read what is stored
    assert _hits(database) == []
    _check_log_and_photos(served)


def _pg_dsn(name: str = "postgres") -> str:
    return PG_URL.replace("asyncpg://", "postgresql://").rstrip("/") + f"/{name}"


def test_no_trace_of_the_reporter_in_a_postgresql_dump_or_the_log(tmp_path, empty_postgres):
    name = empty_postgres.name
    with serving(tmp_path, empty_postgres.url) as served:
        asyncio.run(_report_like_a_phone(served))
    where = urlsplit(_pg_dsn(name))
    dump = subprocess.run([PG_DUMP, "-h", where.hostname or "127.0.0.1", "-p", str(where.port or 5432),
                           "-U", where.username or "postgres", "-d", name], capture_output=True, timeout=120)
    assert dump.returncode == 0, dump.stderr
    assert DESCRIPTION.encode() in dump.stdout
    assert _hits(dump.stdout) == []
    _check_log_and_photos(served)


# Days, not times ---------------------------------------------------------------------------------------------

COMMUNITY = (SpaceCode, CommunityReport, CommunityPhoto, CommunityMessage, CommunityEvent, ReporterContact,
             RateCount, DailyKey)


def test_no_community_model_can_hold_a_time():
    for model in COMMUNITY:
        for name, field in model._meta.fields_map.items():
            assert not isinstance(field, fields.DatetimeField | fields.TimeField), f"{model.__name__}.{name}"


async def test_public_actions_are_stored_as_days_in_both_databases(db, settings):
    campus = await save_campus("Longwood", community_reports=True)
    building = await save_building({"campus_id": campus.id, "code": "ALD", "name": "Alden Hall"})
    space = await save_space({"building_id": building.id, "floor": "1", "room_number": "1", "name": "Hall",
                              "kind": "lobby"})
    code = await codes.ensure_code(space)
    app = create_app(settings, manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(CLIENT, 5000)),
                                 base_url=ORIGIN, event_hooks=api_contract.EVENT_HOOKS) as phone:
        photo_id = str(uuid.uuid4())
        assert (await phone.put(f"/api/public/photos/{photo_id}",
                                content=(PHOTOS / "Landscape_1.jpg").read_bytes())).status_code == 201
        sent = (await phone.post("/api/public/reports", json={
            "id": str(uuid.uuid4()), "code": code, "category": "other", "description": "A plaque.",
            "photo_ids": [photo_id], "email": "a@example.org"})).json()
        who = {"tracking_code": sent["tracking_code"], "key": sent["key"]}
        assert (await phone.post("/api/public/follow/messages", json={**who, "id": str(uuid.uuid4()),
                                                                        "text": "More."})).status_code == 201
    conn = CommunityReport._meta.db
    for model in COMMUNITY:
        table = model._meta.db_table
        if db.kind == "sqlite":
            columns = {row["name"]: row["type"].lower() for row in await conn.execute_query_dict(
                f"PRAGMA table_info({table})")}
        else:
            columns = {row["column_name"]: row["data_type"] for row in await conn.execute_query_dict(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = $1", [table])}
        assert not [c for c, kind in columns.items() if "time" in kind], (table, columns)
        rows = await model.all()
        assert rows, table  # every kind of row was written by the requests above
        for row in rows:
            for name, field in model._meta.fields_map.items():
                if isinstance(field, fields.DateField):
                    value = getattr(row, name)
                    assert value is None or (isinstance(value, date) and not isinstance(value, datetime)), (
                        table, name, value)

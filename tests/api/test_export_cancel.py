"""A findings CSV cancelled half way, on a real server (uvicorn on a loopback port, the app as `serve` runs it):
the server stops reading findings for it, and goes on serving.

The client reads the first part of the file through a small receive window, so the server cannot have written
the whole file into socket buffers before the client hangs up, and then closes the connection."""

from __future__ import annotations

import asyncio
import logging
import shutil
import socket
import threading
import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest
import uvicorn
from conftest import PG_URL, _pg_admin_dsn
from tortoise.context import TortoiseContext

from server.app import create_app
from server.auth.sessions import start_session
from server.db import tortoise_config
from server.domain.people.users import create_user
from server.models import Building, Campus, Finding, Space
from server.settings import Settings, load_settings

FINDINGS = 30_000  # about 10 MB of CSV: more than the socket buffers between the two hold


def _in_thread(make: Any) -> Any:
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, make()).result()


async def _seed(settings: Settings) -> str:
    """A committee member's session, and FINDINGS findings (community ones: no audit needed), in bulk."""
    async with TortoiseContext() as ctx:
        # Its own connection label on PostgreSQL, as in tests/conftest.py (Tortoise caches SQL per label).
        label = "pg" if settings.database_url.startswith("asyncpg") else "default"
        await ctx.init(config=tortoise_config(settings.database_url, label))
        cora = await create_user("cora.committee@hospital.example", "Cora Committee", ["committee"])
        campus = await Campus.create(name="Cancel Campus")
        building = await Building.create(campus=campus, code="CNL", name="Cancel Hall")
        space = await Space.create(building=building, floor="1", room_number="101", name="Room", kind="classroom")
        await Finding.bulk_create([
            Finding(id=uuid.uuid4(), source="community", space=space, title=f"Finding {n}", severity="low",
                    description="Seen on the wall by the lifts. " * 3, created_by=cora) for n in range(FINDINGS)],
            batch_size=5000)
        return await start_session(cora, settings.session_lifetime_hours)


async def _pg(sql: str) -> None:
    conn = await asyncpg.connect(_pg_admin_dsn(PG_URL))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@pytest.fixture(params=["sqlite", "postgres"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """DATABASE_URL of a new migrated database of each kind (a copy of the session's template)."""
    if request.param == "sqlite":
        data = tmp_path / "data"
        data.mkdir()
        shutil.copy(request.getfixturevalue("sqlite_template"), data / "spaces-audit.sqlite3")
        yield ""
        return
    template, name = request.getfixturevalue("pg_template"), f"spaces_cancel_{uuid.uuid4().hex[:12]}"
    _in_thread(lambda: _pg(f'CREATE DATABASE "{name}" TEMPLATE "{template}"'))
    try:
        yield f"{PG_URL.rstrip('/')}/{name}"
    finally:
        _in_thread(lambda: _pg(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture
def served(database: str, tmp_path: Path) -> Iterator[tuple[int, str]]:
    """`serve`'s app on a free loopback port, on a database with the findings; its port and a session."""
    settings = load_settings({"SPACES_DATA_DIR": str(tmp_path / "data"), "SPACES_UPLOADS_DIR": str(tmp_path / "up"),
                              "DATABASE_URL": database})
    token = _in_thread(lambda: _seed(settings))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        up = threading.Event()
        while not up.wait(0.05):  # until uvicorn says it listens (or gave up)
            if server.started or not thread.is_alive():
                break
        assert server.started, "the server did not start"
        yield port, token
    finally:
        server.should_exit = True
        thread.join()


class Stopped(logging.Handler):
    """Waits for the export's log line saying it stopped."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.seen = threading.Event()
        self.message = ""

    def emit(self, record: logging.LogRecord) -> None:
        if "stopped after" in record.getMessage():
            self.message = record.getMessage()
            self.seen.set()


def test_a_findings_csv_cancelled_half_way_stops_reading_findings(served):
    port, token = served
    logger, stopped = logging.getLogger("spaces_audit.exports"), Stopped()
    level = logger.level
    logger.setLevel(logging.INFO)
    logger.addHandler(stopped)
    try:
        client = socket.socket()
        client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        client.connect(("127.0.0.1", port))
        client.sendall(f"GET /api/reports/findings.csv HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                       f"Cookie: sa_session={token}\r\nAccept-Encoding: identity\r\n\r\n".encode())
        received = b""
        while len(received) < 50_000:  # the headers and the first few hundred rows
            part = client.recv(4096)
            assert part, received
            received += part
        assert received.startswith(b"HTTP/1.1 200") and b"text/csv" in received
        client.close()  # cancel the download
        assert stopped.seen.wait(120), "the export did not stop"
    finally:
        logger.removeHandler(stopped)
        logger.setLevel(level)
    rows = int(stopped.message.split("stopped after ")[1].split()[0])
    assert stopped.message.startswith("findings.csv:") and rows < FINDINGS / 2, stopped.message
    # The server goes on answering.
    assert httpx.get(f"http://127.0.0.1:{port}/api/health").status_code == 200

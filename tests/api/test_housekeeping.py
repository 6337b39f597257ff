"""Housekeeping: stale sessions, links, operation records and login attempts go; fresh ones stay; the
server runs the purge itself, in its lifespan, and `spaces-audit purge` runs it from a terminal."""

from __future__ import annotations

import asyncio
import logging
import os
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import api_contract
import httpx
from asgi_lifespan import LifespanManager
from conftest import ORIGIN
from tortoise.context import TortoiseContext

from server import background, clock, housekeeping
from server.app import create_app
from server.auth.tokens import token_hash
from server.db import apply_migrations, tortoise_config
from server.domain.people.users import create_user
from server.models import Invitation, LoginAttempt, Operation, Session, User
from server.settings import Settings, load_settings, sqlite_url

DAY = timedelta(days=1)


async def make_rows(settings: Settings) -> tuple[User, dict[str, set[str]]]:
    """A stale and a fresh record of each kind, on either side of its retention; the fresh ones' keys."""
    now = clock.now()
    user = await create_user("sam.stale@hospital.example", "Sam Stale", ["auditor"])
    window = timedelta(minutes=settings.login_window_minutes)

    async def session(name: str, expires: timedelta) -> str:
        await Session.create(token_hash=token_hash(name), user=user, expires_at=now + expires)
        return token_hash(name)

    async def link(name: str, expires: timedelta, used: timedelta | None = None) -> str:
        await Invitation.create(token_hash=token_hash(name), user=user, purpose="invite", expires_at=now + expires,
                                used_at=now + used if used is not None else None)
        return token_hash(name)

    async def operation(name: str, started: timedelta) -> str:
        await Operation.create(key=f"{user.id}:{name}", method="PUT", path="/api/responses/x", done=True,
                               status=201, body={"id": name}, started_at=now + started)
        return f"{user.id}:{name}"

    async def attempt(name: str, at: timedelta) -> str:
        await LoginAttempt.create(account=name, client="127.0.0.1", succeeded=False, at=now + at)
        return name

    await session("expired", -timedelta(seconds=1))
    await link("expired long ago", -31 * DAY)
    await link("used long ago", 2 * DAY, used=-31 * DAY)  # a link made to last long, used a month ago
    await operation("old", -31 * DAY)
    await operation("old, never finished", -40 * DAY)
    await attempt("before the window", -window - timedelta(seconds=1))
    # Well inside the window: the purge command runs in a new process, which may take seconds to start.
    fresh = {
        "sessions": {await session("live", timedelta(hours=1))},
        "invitations": {await link("live", DAY), await link("expired lately", -29 * DAY),
                        await link("used lately", -2 * DAY, used=-29 * DAY)},
        "operations": {await operation("recent", -29 * DAY), await operation("now", timedelta(0))},
        "login_attempts": {await attempt("in the window", -window / 2)},
    }
    return user, fresh


async def remaining() -> dict[str, set[str]]:
    return {
        "sessions": set(await Session.all().values_list("token_hash", flat=True)),
        "invitations": set(await Invitation.all().values_list("token_hash", flat=True)),
        "operations": set(await Operation.all().values_list("key", flat=True)),
        "login_attempts": set(await LoginAttempt.all().values_list("account", flat=True)),
    }


STALE = {"sessions": 1, "invitations": 2, "operations": 2, "login_attempts": 1,
         "community_keys": 0, "community_counts": 0, "community_photos": 0}  # tests/api/test_community_public.py
NOTHING = dict.fromkeys(STALE, 0)


async def test_purge_deletes_stale_rows_of_each_kind_and_keeps_fresh_ones(db, settings):
    _, fresh = await make_rows(settings)
    assert await housekeeping.purge(settings) == STALE
    assert await remaining() == fresh
    assert await housekeeping.purge(settings) == NOTHING  # run again: nothing more goes


async def test_purges_running_at_once_delete_each_row_once(db, settings):
    # Several server processes purge on the same schedule; on PostgreSQL these really run side by side.
    _, fresh = await make_rows(settings)
    results = await asyncio.gather(*(housekeeping.purge(settings) for _ in range(4)))
    assert {kind: sum(r[kind] for r in results) for kind in STALE} == STALE
    assert await remaining() == fresh


async def test_after_a_purge_live_sessions_and_recent_replays_still_work(db, settings, people, monkeypatch):
    auditor = people["auditor"].client
    key = str(uuid.uuid4())
    body = {"name": "Walk Campus"}
    first = await people["admin"].client.post("/api/campuses", json=body, headers={"Idempotency-Key": key})
    assert first.status_code == 201, first.text
    later = clock.now() + 29 * DAY
    monkeypatch.setattr(clock, "now", lambda: later)
    for person in people.values():  # sessions last 14 days unused: keep them alive across the month
        await Session.filter(user=person.user).update(expires_at=later + DAY)
    await housekeeping.purge(settings)
    again = await people["admin"].client.post("/api/campuses", json=body, headers={"Idempotency-Key": key})
    assert (again.status_code, again.json()) == (201, first.json())  # the first answer, 29 days on
    assert (await auditor.get("/api/me")).status_code == 200


def housekeeping_tasks() -> list[asyncio.Task]:
    return [t for t in asyncio.all_tasks() if t.get_name() == "housekeeping"]


async def test_the_app_purges_by_itself_while_it_runs_and_stops_on_shutdown(db, settings):
    _, fresh = await make_rows(settings)
    app = create_app(settings, manage_db=False)
    async with LifespanManager(app):
        assert len(housekeeping_tasks()) == 1
        async with asyncio.timeout(30):  # an upper bound only: the purge starts at once and takes milliseconds
            while await remaining() != fresh:
                await asyncio.sleep(0.01)
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=ORIGIN,
                                     event_hooks=api_contract.EVENT_HOOKS) as client:
            assert (await client.get("/api/health")).status_code == 200
    assert housekeeping_tasks() == []  # cancelled and awaited on shutdown


async def test_interval_zero_runs_no_purge(db, tmp_path):
    settings = load_settings({"SPACES_DATA_DIR": str(tmp_path), "SPACES_PURGE_INTERVAL_MINUTES": "0"})
    async with LifespanManager(create_app(settings, manage_db=False)):
        assert housekeeping_tasks() == []


async def test_a_failing_purge_is_logged_and_tried_again(caplog):
    calls = 0
    third = asyncio.Event()

    async def work() -> None:
        nonlocal calls
        calls += 1
        if calls == 1:
            raise ConnectionError("the database went away for a moment")
        if calls == 3:
            third.set()

    with caplog.at_level(logging.ERROR, logger="spaces_audit.background"):
        task = asyncio.create_task(background.run_every(0, work))
        async with asyncio.timeout(30):
            await third.wait()
        await housekeeping.stop(task)
    assert task.cancelled()
    [record] = caplog.records
    assert "Housekeeping failed" in record.getMessage()
    assert "went away" in str(record.exc_info[1])


def test_the_purge_command_reports_what_it_deleted(tmp_path: Path):
    env = {**os.environ, "SPACES_DATA_DIR": str(tmp_path / "data"), "SPACES_UPLOADS_DIR": str(tmp_path / "up")}
    env.pop("DATABASE_URL", None)
    settings = load_settings(env)
    url = sqlite_url(settings.data_dir / "spaces-audit.sqlite3")
    settings.data_dir.mkdir()

    async def prepare() -> None:
        await apply_migrations(url)
        async with TortoiseContext() as ctx:
            await ctx.init(config=tortoise_config(url))
            await make_rows(settings)

    asyncio.run(prepare())
    done = subprocess.run([sys.executable, "-m", "server.cli", "purge"], env=env, text=True, capture_output=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ("Deleted 1 expired session, 2 old set-password links, 2 old operation records, "
                                   "1 old login attempt, 0 old address keys, 0 old rate counts, "
                                   "0 unsent report photos.")
    again = subprocess.run([sys.executable, "-m", "server.cli", "purge"], env=env, text=True, capture_output=True,
                           timeout=60)
    assert "Deleted 0 expired sessions, 0 old set-password links" in again.stdout

"""Shared fixtures: a real database (SQLite and PostgreSQL), the app, and people in each role.

API tests take the `db` fixture, which runs every test once on SQLite and once on PostgreSQL (when
TEST_POSTGRES_URL names a server; `scripts/test` starts a throwaway one). Each test starts from an empty, migrated
database (a copy of a migrated template on SQLite; on PostgreSQL the worker's copy, emptied), so migrations are
exercised and tests stay independent.
"""

from __future__ import annotations

import asyncio
import os
import shutil
import uuid
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import api_contract
import asyncpg
import httpx
import mail_sink
import pytest
from tortoise.context import TortoiseContext

from server.app import create_app
from server.auth.sessions import start_session
from server.db import apply_migrations, tortoise_config
from server.domain.people.users import create_user
from server.models import User
from server.settings import Settings, load_settings, sqlite_url

ORIGIN = "http://testserver"
PG_URL = os.environ.get("TEST_POSTGRES_URL", "")  # e.g. asyncpg://postgres@127.0.0.1:55432
PG_TEMPLATE = f"spaces_template_{uuid.uuid4().hex[:8]}"


def _run_in_thread(make: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run a coroutine to completion on its own loop, even when called from inside a running one."""
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, make()).result()


def _pg_admin_dsn(url: str, dbname: str = "postgres") -> str:
    return url.replace("asyncpg://", "postgresql://").rstrip("/") + f"/{dbname}"


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "template.sqlite3"
    _run_in_thread(lambda: apply_migrations(sqlite_url(path)))
    return path


def with_migrated_database(data: Path, template: Path) -> Path:
    """A data folder whose SQLite database is already migrated (a copy of the session's template), for commands
    and servers whose test is not about migrating: a fresh database takes seconds to migrate."""
    data.mkdir(parents=True, exist_ok=True)
    path = data / "spaces-audit.sqlite3"
    assert sqlite_url(path) == load_settings({"SPACES_DATA_DIR": str(data)}).database_url
    shutil.copy(template, path)
    return data


def require_postgres() -> str:
    """TEST_POSTGRES_URL; without it the test is skipped, or fails where SPACES_REQUIRE_POSTGRES says it must run."""
    if not PG_URL:
        if os.environ.get("SPACES_REQUIRE_POSTGRES"):
            pytest.fail("SPACES_REQUIRE_POSTGRES is set but TEST_POSTGRES_URL is not")
        pytest.skip("TEST_POSTGRES_URL is not set: PostgreSQL tests need a server (scripts/test starts one)")
    return PG_URL


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(_pg_admin_dsn(PG_URL))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@dataclass(frozen=True)
class EmptyPostgres:
    name: str
    url: str


@pytest.fixture
def empty_postgres() -> Iterator[EmptyPostgres]:
    """A new PostgreSQL database with nothing in it (for migration tests), dropped after the test."""
    base = require_postgres()
    name = f"spaces_empty_{uuid.uuid4().hex[:12]}"
    _run_in_thread(lambda: _pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        yield EmptyPostgres(name, f"{base.rstrip('/')}/{name}")
    finally:
        _run_in_thread(lambda: _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(scope="session")
def pg_template() -> Iterator[str]:
    require_postgres()

    async def make() -> None:
        conn = await asyncpg.connect(_pg_admin_dsn(PG_URL))
        try:
            await conn.execute(f'CREATE DATABASE "{PG_TEMPLATE}"')
        finally:
            await conn.close()
        await apply_migrations(f"{PG_URL.rstrip('/')}/{PG_TEMPLATE}")

    _run_in_thread(make)
    yield PG_TEMPLATE

    async def drop() -> None:
        conn = await asyncpg.connect(_pg_admin_dsn(PG_URL))
        try:
            await conn.execute(f'DROP DATABASE IF EXISTS "{PG_TEMPLATE}"')
        finally:
            await conn.close()

    _run_in_thread(drop)


@dataclass
class Database:
    kind: str
    url: str


# Emptying a database is a few milliseconds; copying the template is a tenth of a second and dropping it more,
# which over the API suite's PostgreSQL half was about a minute of a CI run. So each worker keeps one database and
# empties it before each test (foreign keys are not checked while it does: any order will do). The migrations'
# own table is the template's only data and is kept.
EMPTY_TABLES = """
DO $$
DECLARE t text; s text;
BEGIN
  SET LOCAL session_replication_role = replica;
  FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'tortoise_migrations' LOOP
    EXECUTE format('DELETE FROM %I', t);
  END LOOP;
  FOR s IN SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'
           AND sequencename <> 'tortoise_migrations_id_seq' LOOP
    EXECUTE format('ALTER SEQUENCE %I RESTART', s);
  END LOOP;
END $$;
"""


async def _new_pg_database(template: str) -> str:
    name = f"spaces_test_{uuid.uuid4().hex[:12]}"
    await _pg_admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}" STRATEGY FILE_COPY')
    return name


@pytest.fixture(scope="session")
def pg_worker_database(pg_template: str) -> Iterator[list[str]]:
    """The name of the worker's PostgreSQL database, made from the template once (in a list: it is made in a thread,
    like the template). Tests empty it before they use it; one that would destroy it is marked own_database."""
    holder: list[str] = []
    _run_in_thread(lambda: _fill(holder, pg_template))
    yield holder
    _run_in_thread(lambda: _pg_admin(f'DROP DATABASE IF EXISTS "{holder[0]}" WITH (FORCE)'))


async def _fill(holder: list[str], template: str) -> None:
    holder[:] = [await _new_pg_database(template)]


@pytest.fixture(params=["sqlite", "postgres"])
async def db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    """A fresh, migrated database of each kind, opened for the test's task: on SQLite a copy of the template; on
    PostgreSQL the worker's database, emptied (a test marked `own_database` gets a new one, for itself)."""
    own = request.node.get_closest_marker("own_database") is not None
    if request.param == "sqlite":
        path = tmp_path / "test.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        database, label = Database("sqlite", sqlite_url(path)), "default"
    else:
        template = request.getfixturevalue("pg_template")
        name = await _new_pg_database(template) if own else request.getfixturevalue("pg_worker_database")[0]
        # Its own connection label: Tortoise caches INSERT statements per connection name, and SQLite's
        # "?" placeholders must never be reused on PostgreSQL.
        database, label = Database("postgres", f"{PG_URL.rstrip('/')}/{name}"), "pg"
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(database.url, label))
        if database.kind == "postgres" and not own:
            await ctx.connections.get(label).execute_script(EMPTY_TABLES)
        yield database
    if database.kind == "postgres" and own:
        await _pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"SPACES_DATA_DIR": str(tmp_path / "data"), "SPACES_UPLOADS_DIR": str(tmp_path / "up")})


@pytest.fixture
async def make_client(db: Database, settings: Settings) -> AsyncIterator[Callable[..., httpx.AsyncClient]]:
    app = create_app(settings, manage_db=False)
    clients: list[httpx.AsyncClient] = []

    def make(**kwargs: Any) -> httpx.AsyncClient:
        # Every answer is checked against the OpenAPI document (tests/api_contract.py).
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=ORIGIN,
                                   event_hooks=api_contract.EVENT_HOOKS, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        await client.aclose()


@pytest.fixture
def anon(make_client: Callable[..., httpx.AsyncClient]) -> httpx.AsyncClient:
    return make_client()


PERSONAS = {
    "admin": ("ada.admin@hospital.example", "Ada Admin", ["admin"]),
    "auditor": ("aaron.auditor@hospital.example", "Aaron Auditor", ["auditor"]),
    "facilities": ("fran.facilities@hospital.example", "Fran Facilities", ["facilities"]),
    "committee": ("cora.committee@hospital.example", "Cora Committee", ["committee"]),
}


@dataclass
class Persona:
    user: User
    client: httpx.AsyncClient


@pytest.fixture
async def people(db: Database, make_client: Callable[..., httpx.AsyncClient],
                 settings: Settings) -> dict[str, Persona]:
    """One logged-in person per role (no password: sessions are started directly, which is fast)."""
    out = {}
    for role, (email, name, roles) in PERSONAS.items():
        user = await create_user(email, name, roles)
        token = await start_session(user, settings.session_lifetime_hours)
        out[role] = Persona(user, make_client(cookies={"sa_session": token}))
    return out


@pytest.fixture
def as_(people: dict[str, Persona]) -> Callable[[str], httpx.AsyncClient]:
    return lambda role: people[role].client



@pytest.fixture
def sink() -> Iterator[tuple[mail_sink.Sink, int]]:
    """A mail server on 127.0.0.1 that keeps what it receives, and its port."""
    handler = mail_sink.Sink()
    with mail_sink.smtp_server(handler) as port:
        yield handler, port

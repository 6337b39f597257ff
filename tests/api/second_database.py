"""A second database of the test's own kind, freshly migrated and empty (for reading an archive back), and
the row count of every archived table."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

import asyncpg
from tortoise.context import TortoiseContext

from server.db import tortoise_config
from server.domain.maintenance.archive import TABLES
from server.settings import sqlite_url

PG_URL = os.environ.get("TEST_POSTGRES_URL", "")


def _pg_admin_dsn(url: str) -> str:
    return url.replace("asyncpg://", "postgresql://").rstrip("/") + "/postgres"


async def counts() -> dict[str, int]:
    return {name: await model.all().count() for name, model in TABLES}


@asynccontextmanager
async def empty_database(db, tmp_path: Path, request) -> AsyncIterator[None]:
    """A second, freshly migrated database of the same kind, current for the block."""
    if db.kind == "sqlite":
        path = tmp_path / "empty.sqlite3"
        shutil.copy(request.getfixturevalue("sqlite_template"), path)
        url, label, name = sqlite_url(path), "empty", ""
    else:
        name = f"spaces_empty_{uuid.uuid4().hex[:12]}"
        conn = await asyncpg.connect(_pg_admin_dsn(PG_URL))
        await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{request.getfixturevalue("pg_template")}"')
        await conn.close()
        url, label = f"{PG_URL.rstrip('/')}/{name}", "pg_empty"
    try:
        async with TortoiseContext() as ctx:
            await ctx.init(config=tortoise_config(url, label))
            yield
    finally:
        if name:
            conn = await asyncpg.connect(_pg_admin_dsn(PG_URL))
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            await conn.close()

"""Migration 0006 on a database that already holds findings: the new columns get their defaults, every
finding gets the events its history would have had (created; withdrawn), and no finding's photo is lost
(on SQLite, rebuilding the findings table used to delete them through their cascade), on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from server.db import tortoise_config
from server.settings import sqlite_url

from .legacy_rows import F1, F2, ROWS


async def _migrate(url: str, label: str) -> list[tuple[str, str | None, str]]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url, label))
        apps = tortoise_config(url, label)["apps"]
        conn = ctx.connections.get(label)
        await MigrationExecutor(conn, apps).migrate([MigrationTarget("models", "0005_response_history")])
        for sql in ROWS:
            await conn.execute_script(sql)
        await MigrationExecutor(conn, apps).migrate()
        _, photos = await conn.execute_query("SELECT caption FROM photos")
        assert [r["caption"] for r in photos] == ["kept"]
        _, rows = await conn.execute_query(
            "SELECT e.finding_id, e.from_status, e.to_status, f.priority FROM finding_events e "
            "JOIN findings f ON f.id = e.finding_id ORDER BY e.id"
        )
        return [(str(r["finding_id"]), r["from_status"], r["to_status"], r["priority"]) for r in rows]


EXPECTED = [(F1, None, "open", "normal"), (F2, None, "open", "normal"), (F2, "open", "withdrawn", "normal")]


async def test_migration_backfills_history_on_sqlite(tmp_path: Path):
    events = await _migrate(sqlite_url(tmp_path / "m.sqlite3"), "default")
    assert sorted(events, key=str) == sorted(EXPECTED, key=str)


async def test_migration_backfills_history_on_postgres(empty_postgres):
    events = await _migrate(empty_postgres.url, "pgmig")
    assert sorted(events, key=str) == sorted(EXPECTED, key=str)

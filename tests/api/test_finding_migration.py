"""Migration 0006 on a database that already holds findings: the new columns get their defaults, every
finding gets the events its history would have had (created; withdrawn), and no finding's photo is lost
(on SQLite, rebuilding the findings table used to delete them through their cascade), on SQLite and PostgreSQL."""

from __future__ import annotations

import uuid
from pathlib import Path

from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from server.db import tortoise_config
from server.settings import sqlite_url

U, C, B, S, V, A, F1, F2, P = (str(uuid.uuid4()) for _ in range(9))
AT = "'2026-03-01 10:00:00+00:00'"
ROWS = [
    f"INSERT INTO users (id, email, name, disabled, created_at) VALUES ('{U}', 'a@x.example', 'A', FALSE, {AT})",
    f"INSERT INTO campuses (id, name, created_at) VALUES ('{C}', 'C', {AT})",
    f"INSERT INTO buildings (id, campus_id, code, name, created_at) VALUES ('{B}', '{C}', 'B', 'B', {AT})",
    f"INSERT INTO spaces (id, building_id, floor, room_number, name, kind, created_at, updated_at) "
    f"VALUES ('{S}', '{B}', '1', '1', 'S', 'office', {AT}, {AT})",
    f"INSERT INTO checklist_versions (id, checklist_id, version, fingerprint, title, content, active, loaded_at) "
    f"VALUES ('{V}', 'c', 1, 'f', 'C', '{{}}', TRUE, {AT})",
    f"INSERT INTO audits (id, title, building_id, checklist_id, status, revision, created_by_id, created_at, "
    f"updated_at) VALUES ('{A}', 'A', '{B}', '{V}', 'in_progress', 1, '{U}', {AT}, {AT})",
    *[
        f"INSERT INTO findings (id, audit_id, space_id, title, description, severity, remedies, photo_ids, status, "
        f"revision, created_by_id, created_at, updated_at) VALUES ('{fid}', '{A}', '{S}', 'F', '', 'high', '[]', "
        f"'[]', '{status}', 1, '{U}', {AT}, {AT})"
        for fid, status in ((F1, "open"), (F2, "withdrawn"))
    ],
    f"INSERT INTO photos (id, finding_id, kind, upload_sha256, evidence, display, thumb, width, height, caption, "
    f"uploaded_by_id, created_at) VALUES ('{P}', '{F1}', 'evidence', 'u', 'e', 'd', 't', 10, 10, 'kept', '{U}', {AT})",
]


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

"""The schema the migrations build is the schema the models declare, on SQLite and on PostgreSQL: the same
tables, columns (type and nullability), indexes and foreign keys as Tortoise's generate_schemas makes from the
models on an empty database. A migration that forgets an index the models declare (or a SQLite table rebuild
that drops one) fails here rather than as a slow query at 100,000 findings."""

from __future__ import annotations

import shutil
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import asyncpg
import pytest
from conftest import PG_URL, _pg_admin_dsn, require_postgres
from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from server.db import apply_migrations, tortoise_config
from server.settings import sqlite_url

Schema = dict[str, dict[str, Any]]
# The migrations' own bookkeeping, which the models do not declare.
NOT_MODELS = ("tortoise_migrations",)

SQLITE_TABLES = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
SQLITE_COLUMNS = 'SELECT name, type, "notnull" AS not_null FROM pragma_table_info(?)'
SQLITE_INDEXES = ('SELECT l.name AS idx, l."unique" AS uniq, i.seqno AS pos, i.name AS col FROM pragma_index_list(?) l '
                  "JOIN pragma_index_info(l.name) i")
SQLITE_FKS = 'SELECT "from" AS col, "table" AS ref, "to" AS ref_col, on_delete FROM pragma_foreign_key_list(?)'

PG_COLUMNS = """
SELECT c.relname AS tbl, a.attname AS name, format_type(a.atttypid, a.atttypmod) AS type, a.attnotnull AS not_null
FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"""
PG_INDEXES = """
SELECT t.relname AS tbl, x.indexrelid::text AS idx, x.indisunique AS uniq, k.n AS pos, a.attname AS col
FROM pg_index x JOIN pg_class t ON t.oid = x.indrelid JOIN pg_namespace s ON s.oid = t.relnamespace
CROSS JOIN LATERAL unnest(x.indkey) WITH ORDINALITY k(attnum, n)
JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum
WHERE s.nspname = 'public'"""
PG_FKS = """
SELECT t.relname AS tbl, a.attname AS col, r.relname AS ref, ra.attname AS ref_col, c.confdeltype AS on_delete
FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid JOIN pg_class r ON r.oid = c.confrelid
JOIN pg_namespace s ON s.oid = t.relnamespace
JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
JOIN pg_attribute ra ON ra.attrelid = c.confrelid AND ra.attnum = c.confkey[1]
WHERE c.contype = 'f' AND s.nspname = 'public'"""


def _indexes(rows: list[Any]) -> set[tuple[tuple[str, ...], bool]]:
    """Indexes by what they do (their columns in order, unique or not): names differ between a table that was
    rebuilt and one made at once, and say nothing about the queries they serve."""
    found: dict[str, tuple[bool, list[tuple[int, str]]]] = {}
    for row in rows:
        found.setdefault(row["idx"], (bool(row["uniq"]), []))[1].append((row["pos"], row["col"]))
    return {(tuple(col for _, col in sorted(cols)), unique) for unique, cols in found.values()}


async def _sqlite_schema(conn: Any) -> Schema:
    out: Schema = {}
    for table in [r["name"] for r in (await conn.execute_query(SQLITE_TABLES))[1]]:
        if table in NOT_MODELS:
            continue
        columns = (await conn.execute_query(SQLITE_COLUMNS, [table]))[1]
        out[table] = {
            "columns": {r["name"]: (r["type"].upper(), bool(r["not_null"])) for r in columns},
            "indexes": _indexes((await conn.execute_query(SQLITE_INDEXES, [table]))[1]),
            "foreign keys": {(r["col"], r["ref"], r["ref_col"], r["on_delete"])
                             for r in (await conn.execute_query(SQLITE_FKS, [table]))[1]},
        }
    return out


async def _postgres_schema(conn: Any) -> Schema:
    out: Schema = {}
    for row in (await conn.execute_query(PG_COLUMNS))[1]:
        if row["tbl"] not in NOT_MODELS:
            table = out.setdefault(row["tbl"], {"columns": {}, "indexes": [], "foreign keys": set()})
            table["columns"][row["name"]] = (row["type"].upper(), bool(row["not_null"]))
    indexes: dict[str, list[Any]] = {}
    for row in (await conn.execute_query(PG_INDEXES))[1]:
        indexes.setdefault(row["tbl"], []).append(row)
    for row in (await conn.execute_query(PG_FKS))[1]:
        if row["tbl"] in out:
            out[row["tbl"]]["foreign keys"].add((row["col"], row["ref"], row["ref_col"], row["on_delete"]))
    for name, table in out.items():
        table["indexes"] = _indexes(indexes.get(name, []))
    return out


async def _read(url: str, label: str) -> Schema:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url, label))
        conn = ctx.connections.get(label)
        sqlite = conn.capabilities.dialect == "sqlite"
        return await (_sqlite_schema(conn) if sqlite else _postgres_schema(conn))


async def _generated(url: str, label: str) -> Schema:
    """What the models declare: generate_schemas on an empty database."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url, label))
        await ctx.generate_schemas(safe=False)
    return await _read(url, label)


def differences(migrated: Schema, declared: Schema) -> list[str]:
    """Every way the migrated schema differs from the declared one, in words (empty when they agree)."""
    out = [f"table {t}: {'only in the migrations' if t in migrated else 'not made by the migrations'}"
           for t in sorted(set(migrated) ^ set(declared))]
    for table in sorted(set(migrated) & set(declared)):
        for part in ("columns", "indexes", "foreign keys"):
            have, want = migrated[table][part], declared[table][part]
            if isinstance(have, dict):
                extra = sorted(f"{k} {v}" for k, v in have.items() if want.get(k) != v)
                missing = sorted(f"{k} {v}" for k, v in want.items() if have.get(k) != v)
            else:
                extra, missing = sorted(map(str, have - want)), sorted(map(str, want - have))
            out += [f"{table} {part}: the models declare {m}, the migrations do not make it" for m in missing]
            out += [f"{table} {part}: the migrations make {e}, the models do not declare it" for e in extra]
    return out


@asynccontextmanager
async def _postgres_databases(count: int) -> AsyncIterator[list[str]]:
    base = require_postgres()
    names = [f"spaces_schema_{uuid.uuid4().hex[:12]}" for _ in range(count)]
    conn = await asyncpg.connect(_pg_admin_dsn(PG_URL))
    try:
        for name in names:
            await conn.execute(f'CREATE DATABASE "{name}"')
        yield [f"{base.rstrip('/')}/{name}" for name in names]
    finally:
        for name in names:
            await conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        await conn.close()


async def test_migrations_build_what_the_models_declare_on_sqlite(tmp_path: Path, sqlite_template: Path):
    # The session's template is a database built by apply_migrations (tests/conftest.py): read a copy of it.
    shutil.copy(sqlite_template, tmp_path / "migrated.sqlite3")
    migrated_url, declared_url = sqlite_url(tmp_path / "migrated.sqlite3"), sqlite_url(tmp_path / "declared.sqlite3")
    migrated, declared = await _read(migrated_url, "schema_migrated"), await _generated(declared_url, "schema_models")
    assert "findings" in migrated and len(migrated) == len(declared)
    assert differences(migrated, declared) == []


async def test_migrations_build_what_the_models_declare_on_postgres():
    async with _postgres_databases(2) as (migrated_url, declared_url):
        await apply_migrations(migrated_url)
        migrated = await _read(migrated_url, "schema_migrated_pg")
        declared = await _generated(declared_url, "schema_models_pg")
    assert "findings" in migrated and len(migrated) == len(declared)
    assert differences(migrated, declared) == []


async def test_a_sqlite_database_that_lost_the_status_index_gets_it_back(tmp_path: Path):
    """0006 rebuilt the findings table on SQLite and lost its status index: a database in that state (made here
    by dropping it) is whole again once migrated."""
    url, label = sqlite_url(tmp_path / "old.sqlite3"), "schema_old"
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url, label))
        conn, apps = ctx.connections.get(label), tortoise_config(url, label)["apps"]
        await MigrationExecutor(conn, apps).migrate([MigrationTarget("models", "0011_answer_photos")])
        await conn.execute_script('DROP INDEX "idx_findings_status_ca3eae"')
        await MigrationExecutor(conn, apps).migrate()
    migrated = await _read(url, label)
    declared = await _generated(sqlite_url(tmp_path / "declared.sqlite3"), "schema_old_models")
    assert (("status",), False) in migrated["findings"]["indexes"]
    assert differences(migrated, declared) == []


@pytest.mark.parametrize("table, column", [("findings", "created_at"), ("findings", "status"),
                                           ("photos", "finding_id"), ("finding_events", "finding_id")])
async def test_the_lists_columns_are_indexed(tmp_path: Path, sqlite_template: Path, table: str, column: str):
    shutil.copy(sqlite_template, tmp_path / "m.sqlite3")
    url = sqlite_url(tmp_path / "m.sqlite3")
    migrated = await _read(url, "schema_lists")
    assert any(cols[0] == column for cols, _ in migrated[table]["indexes"])

"""Database configuration, migrations and connection lifetime."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import tortoise.fields.data
from tortoise import Tortoise
from tortoise.backends.base.config_generator import expand_db_url
from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor

from server.settings import load_settings

# Tortoise reads SQLite's text timestamps (and dates) with this module-level function (iso8601.parse_date);
# PostgreSQL's driver returns datetimes, which never reach it. Replaced below, in the module every process opens
# its database with. A Tortoise upgrade that moves it fails here, loudly, rather than going slow unnoticed.
_tortoise_parse_datetime = tortoise.fields.data.parse_datetime


def parse_stored_datetime(value: str) -> datetime:
    """A timestamp as SQLite keeps it (text), read with datetime.fromisoformat: 0.4 us where iso8601 takes 21 us,
    a fifth of a findings list's time. Anything fromisoformat refuses still goes to Tortoise's own parser."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return _tortoise_parse_datetime(value)


tortoise.fields.data.parse_datetime = parse_stored_datetime

MODELS = ["server.models"]
MIGRATIONS = "server.migrations"


async def _release_as_is(connection: object) -> None:
    """What a PostgreSQL connection needs on going back to the pool, beyond what asyncpg always does (drop
    listeners, roll back a transaction left open): nothing. asyncpg's default reset is one more round trip per
    statement (Tortoise takes a pooled connection for each one) to undo session state this app never creates:
    advisory locks, open cursors, LISTEN, SET. It was 7% of the findings list's server CPU on PostgreSQL (py-spy)
    and doubled the waits on the database."""


def _connection(db_url: str) -> str | dict[str, Any]:
    """PostgreSQL as its URL says, its pool releasing connections without a reset round trip; SQLite through
    server/sqlite_engine.py (transactions that wait for the lock)."""
    if db_url.startswith(("asyncpg://", "postgres://")):
        config = expand_db_url(db_url)
        return {**config, "credentials": {**config["credentials"], "reset": _release_as_is}}
    if not db_url.startswith("sqlite://"):
        return db_url
    return {**expand_db_url(db_url), "engine": "server.sqlite_engine"}


def tortoise_config(db_url: str, connection: str = "default") -> dict[str, Any]:
    return {
        "connections": {connection: _connection(db_url)},
        "apps": {
            "models": {
                "models": MODELS,
                "migrations": MIGRATIONS,
                "default_connection": connection,
            }
        },
        "use_tz": True,
        "timezone": "UTC",
    }


def _default_config() -> dict[str, Any]:
    return tortoise_config(load_settings().database_url)


# Read by `tortoise makemigrations` (see [tool.tortoise] in pyproject.toml).
TORTOISE_ORM = _default_config()


async def migrate_context(ctx: TortoiseContext, connection: str = "default") -> None:
    """Apply every pending migration on an initialised context's connection."""
    config = tortoise_config("unused", connection)
    executor = MigrationExecutor(ctx.connections.get(connection), config["apps"])
    await executor.migrate()


async def apply_migrations(db_url: str) -> None:
    """Bring the schema up to date. SQLite creates its file; a PostgreSQL database must exist."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(db_url))
        await migrate_context(ctx)
        from server.domain.reporting import tallies  # imports the models, which this module must not at its top

        await tallies.ensure_built()


async def open_database(db_url: str) -> TortoiseContext:
    """Open the app's connections; requests in any task of the process use them."""
    return await Tortoise.init(config=tortoise_config(db_url), _enable_global_fallback=True)


async def close_database() -> None:
    await Tortoise.close_connections()


async def check_database() -> bool:
    from server.models import User

    try:
        # A query that reads a table: on SQLite "SELECT 1" succeeds without touching a missing or corrupt file.
        await User._meta.db.execute_query('SELECT 1 FROM "users" LIMIT 1')
    except Exception:  # any failure means "not healthy"; the health route reports it, never raises
        return False
    return True

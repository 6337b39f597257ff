"""Several server processes share one SQLite file (serve --workers 4): a transaction that read, while another
process wrote, must still be able to write. Begun deferred (Tortoise's default) it failed at once with
"database is locked"; server/sqlite_engine.py begins it IMMEDIATE, so it holds the write lock from the start and
the other process waits for it instead (benchmarks/load.py found this under 20 concurrent writers)."""

from __future__ import annotations

import sqlite3

import pytest
from tortoise.transactions import in_transaction

from server.models import User


async def test_a_transaction_that_read_can_write_after_another_process_tried_to(db, people):
    if db.kind != "sqlite":
        pytest.skip("PostgreSQL has row locks: nothing to take at the start")
    path = db.url.removeprefix("sqlite://").split("?")[0]
    other = sqlite3.connect(path, timeout=0)  # another server process, not willing to wait
    try:
        async with in_transaction():
            names = await User.all().values_list("name", flat=True)  # read first...
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                # ...the other process cannot slip a write in between: this transaction holds the lock.
                other.execute("UPDATE users SET name = name || '!'")
            await User.filter(name=names[0]).update(name="Renamed")  # ...then write
        assert await User.filter(name="Renamed").count() == 1
    finally:
        other.close()

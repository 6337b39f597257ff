"""The SQLite client the app uses: Tortoise's, with transactions that take the write lock when they begin
(BEGIN IMMEDIATE) instead of at their first write.

Several server processes (`spaces-audit serve --workers 4`) share one SQLite file. A transaction begun the
default way (deferred) that reads and then writes cannot wait for another process's write: if that process
committed after the read, SQLite refuses the upgrade at once with "database is locked" (its snapshot is stale,
so the busy timeout does not apply), and the request fails. Begun IMMEDIATE, the transaction waits for the
lock (up to busy_timeout, see settings.sqlite_url) before reading anything, like any single write does. Every
transaction here writes, so nothing is lost by taking the lock early; readers never wait for it (WAL).
"""

from __future__ import annotations

import sqlite3

from tortoise.backends.base.client import NestedTransactionContext, TransactionalDBClient, TransactionContext
from tortoise.backends.sqlite.client import SqliteClient, SqliteTransactionContext, SqliteTransactionWrapper
from tortoise.exceptions import OperationalError


class _ImmediateTransaction(SqliteTransactionWrapper):
    async def begin(self) -> None:
        try:
            await self._connection.commit()
            await self._connection.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise OperationalError(exc) from exc

    def _in_transaction(self) -> TransactionContext:
        return NestedTransactionContext(_ImmediateTransaction(self))


class _ImmediateContext(SqliteTransactionContext):
    async def __aenter__(self) -> TransactionalDBClient:
        try:
            return await super().__aenter__()
        except BaseException:
            # Tortoise keeps the connection's lock when BEGIN fails: without this, the process would hang.
            if self._trxlock.locked():
                self._trxlock.release()
            raise


class Client(SqliteClient):
    def _in_transaction(self) -> TransactionContext:
        return _ImmediateContext(_ImmediateTransaction(self), self._lock)


client_class = Client

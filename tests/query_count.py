"""Counting the SQL statements a piece of code runs, to pin a route's query count in a test.

    with counting_queries() as log:
        await client.get("/api/dashboard")
    assert len(log) == 12, log.statements

Every statement Tortoise sends (on SQLite and PostgreSQL, inside transactions or not) is logged at DEBUG on the
"tortoise.db_client" logger before it runs; this listens there for the duration of the block.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

LOGGER = logging.getLogger("tortoise.db_client")
# Lines the clients log that are not statements.
NOT_STATEMENTS = ("Created connection", "Closed connection")
DATA = ("SELECT", "INSERT", "UPDATE", "DELETE")


@dataclass
class QueryLog:
    statements: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.statements)

    @property
    def data(self) -> list[str]:
        """The statements that read or write rows (not BEGIN, COMMIT, SAVEPOINT...)."""
        return [s for s in self.statements if s.lstrip()[:6].upper() in DATA or s.lstrip()[:4].upper() == "WITH"]

    def matching(self, text: str) -> list[str]:
        return [s for s in self.statements if text.lower() in s.lower()]


class _Listener(logging.Handler):
    def __init__(self, log: QueryLog) -> None:
        super().__init__(logging.DEBUG)
        self.log = log

    def emit(self, record: logging.LogRecord) -> None:
        text = str(record.msg) if record.msg != "%s: %s" else str(record.args[0])  # type: ignore[index]
        if not text.startswith(NOT_STATEMENTS):
            self.log.statements.append(text)


@contextmanager
def counting_queries() -> Iterator[QueryLog]:
    log = QueryLog()
    listener = _Listener(log)
    level = LOGGER.level
    LOGGER.addHandler(listener)
    LOGGER.setLevel(logging.DEBUG)
    try:
        yield log
    finally:
        LOGGER.removeHandler(listener)
        LOGGER.setLevel(level)

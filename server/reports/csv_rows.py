"""CSV as Excel opens it right: UTF-8 with a byte-order mark, one header row, ISO dates, and no cell that a
spreadsheet would run as a formula (formula injection: a value starting with = + - @, a tab or a carriage
return is written with a leading apostrophe, as OWASP recommends)."""

from __future__ import annotations

import csv
import io
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, date, datetime
from typing import Any

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 200


def cell(value: Any) -> Any:
    """A value as a CSV cell: numbers stay numbers, times are ISO 8601 in UTC, text is neutralised."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def encode(rows: Iterable[Iterable[Any]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:
        writer.writerow([cell(value) for value in row])
    return out.getvalue().encode("utf-8")


async def stream(header: list[str], rows: AsyncIterator[list[Any]]) -> AsyncIterator[bytes]:
    """The file in chunks of a few hundred rows, as the rows arrive (rows are never all held at once)."""
    yield BOM.encode("utf-8") + encode([header])
    batch: list[list[Any]] = []
    async for row in rows:
        batch.append(row)
        if len(batch) >= ROWS_PER_CHUNK:
            yield encode(batch)
            batch = []
    if batch:
        yield encode(batch)

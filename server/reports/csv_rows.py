"""CSV as Excel opens it right: UTF-8 with a byte-order mark, one header row in the reader's language, ISO
dates, and no cell that a spreadsheet would run as a formula (formula injection: a value starting with = + - @,
a tab or a carriage return is written with a leading apostrophe, as OWASP recommends).

Values stay as the API gives them (ids such as `in_progress`, ISO times), so a file filters and sorts the same
in any language; the header row and yes/no are words."""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import AsyncIterator, Iterable
from contextlib import aclosing
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

from server.languages import DEFAULT
from server.messages import catalogue, say

BOM = "\ufeff"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
ROWS_PER_CHUNK = 200
PREVIOUS = "previous_"
log = logging.getLogger("spaces_audit.exports")  # the inventory's columns of the previous cycle: previous_<column>


def heading(column: str, lang: str) -> str:
    """A column's id as its header in the language (csv.<id> in server/messages). A column the catalogue does
    not name (an inventory count's checklist item id, e.g. portrait-count) keeps its id."""
    if column.startswith(PREVIOUS):
        return say("csv.previous", lang, column=heading(column[len(PREVIOUS):], lang))
    return say(f"csv.{column}", lang) if f"csv.{column}" in catalogue(DEFAULT) else column


def cell(value: Any, lang: str = DEFAULT) -> Any:
    """A value as a CSV cell: numbers stay numbers, times are ISO 8601 in UTC, text is neutralised."""
    if type(value) is str:  # most cells: answered first (an export writes hundreds of thousands)
        return "'" + value if value.startswith(FORMULA_STARTS) else value
    if value is None:
        return ""
    if type(value) is UUID:  # ids: never a formula
        return str(value)
    if isinstance(value, bool):
        return say("csv.yes" if value else "csv.no", lang)
    if isinstance(value, int | float):
        return value
    if isinstance(value, datetime):
        return value.astimezone(UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    if isinstance(value, date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def encode(rows: Iterable[Iterable[Any]], lang: str = DEFAULT) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    for row in rows:  # plain text, most cells, skips the call to cell()
        writer.writerow([v if type(v) is str and not v.startswith(FORMULA_STARTS) else cell(v, lang) for v in row])
    return out.getvalue().encode("utf-8")


async def stream(columns: list[str], rows: AsyncIterator[list[Any]], lang: str = DEFAULT,
                 name: str = "export") -> AsyncIterator[bytes]:
    """The file in chunks of a few hundred rows, as the rows arrive (rows are never all held at once); the
    header row is the columns' names in the language.

    A download cancelled half way ends this generator where it waits (Starlette cancels the response when the
    client goes, or closes the generator): the rows' own generator is closed with it, so no query runs for a
    file nobody reads, and the log says how far it got."""
    written, finished = 0, False
    async with aclosing(rows):
        try:
            yield BOM.encode("utf-8") + encode([[heading(c, lang) for c in columns]], lang)
            batch: list[list[Any]] = []
            async for row in rows:
                batch.append(row)
                if len(batch) >= ROWS_PER_CHUNK:
                    yield encode(batch, lang)
                    written, batch = written + len(batch), []
            if batch:
                yield encode(batch, lang)
            finished = True
        finally:
            if not finished:
                log.info("%s: stopped after %d rows, the download was cancelled", name, written)

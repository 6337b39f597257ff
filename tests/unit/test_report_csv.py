"""CSV cells and chunks: formula injection neutralised, ISO times, the byte-order mark first."""

from __future__ import annotations

import csv
import io
from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from server.reports import csv_rows


@pytest.mark.parametrize("value, cell", [
    ("=1+2", "'=1+2"), ("+1 caricature", "'+1 caricature"), ("-5", "'-5"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\tTabbed", "'\tTabbed"), ("\rReturn", "'\rReturn"), ("Zoë", "Zoë"), ("a=b", "a=b"), ("", ""),
    (5, 5), (-5, -5), (2.5, 2.5), (None, ""), (True, "yes"), (False, "no"), (date(2026, 3, 1), "2026-03-01"),
    (datetime(2026, 3, 1, 9, 30, 5, 123456, tzinfo=timezone(timedelta(hours=-5))), "2026-03-01T14:30:05Z"),
])
def test_a_cell(value, cell):
    assert csv_rows.cell(value) == cell


async def test_the_stream_starts_with_the_byte_order_mark_and_one_header_row():
    async def rows():
        for n in range(450):
            yield [n, f"=row {n}", datetime(2026, 1, 1, tzinfo=UTC)]

    chunks = [chunk async for chunk in csv_rows.stream(["n", "text", "at"], rows())]
    assert len(chunks) == 4  # the header, then 200 + 200 + 50 rows
    data = b"".join(chunks)
    assert data.startswith(b"\xef\xbb\xbfn,text,at\r\n")
    read = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    assert read[0] == ["n", "text", "at"] and len(read) == 451
    assert read[1] == ["0", "'=row 0", "2026-01-01T00:00:00Z"]


def test_the_header_row_and_yes_no_in_the_language():
    assert [csv_rows.heading(c, "es") for c in ("building_code", "overdue", "previous_cycle", "portrait-count",
                                                 "previous_portrait-count")] == [
        "código del edificio", "vencido", "ciclo (anterior)", "portrait-count", "portrait-count (anterior)"]
    assert csv_rows.heading("previous_audit_id", "en") == "previous_audit_id"  # English: the ids, as before
    assert (csv_rows.cell(True, "es"), csv_rows.cell(False, "es"), csv_rows.cell(True, "xx")) == ("sí", "no", "yes")

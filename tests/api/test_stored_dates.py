"""Timestamps come back from the database exactly as they went in (the same instant, to the microsecond, in
UTC), on both databases: SQLite's text is read with datetime.fromisoformat (server/db.py), not iso8601."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import iso8601
import pytest
import tortoise.fields.data

from server.db import parse_stored_datetime
from server.models import LoginAttempt

WRITTEN = [
    datetime(2026, 3, 1, 10, 0, 0, 123456, tzinfo=UTC),
    datetime(2026, 3, 1, 10, 0, 0, 1, tzinfo=timezone(timedelta(hours=5, minutes=30))),  # India
    datetime(2026, 11, 1, 1, 59, 59, 999999, tzinfo=timezone(timedelta(hours=-7))),
    datetime(1999, 12, 31, 23, 59, 59, tzinfo=UTC),  # no microseconds at all
]


async def test_timestamps_round_trip_exactly_in_utc(db):
    for at in WRITTEN:
        await LoginAttempt.create(account="a@x.example", client="127.0.0.1", succeeded=True, at=at)
    read = [a.at for a in await LoginAttempt.all().order_by("id")]
    values = await LoginAttempt.all().order_by("id").values_list("at", flat=True)
    for got in (read, values):
        assert got == WRITTEN  # the same instants
        assert [g.microsecond for g in got] == [w.astimezone(UTC).microsecond for w in WRITTEN]
        assert {g.utcoffset() for g in got} == {timedelta(0)}


async def test_a_timestamp_written_without_a_zone_is_read_as_utc(db):
    """SQLite's own CURRENT_TIMESTAMP, or a row written by hand, carries no zone: it is UTC."""
    conn = LoginAttempt._meta.db
    await conn.execute_script("INSERT INTO login_attempts (account, client, succeeded, at) "
                              "VALUES ('b@x.example', '127.0.0.1', TRUE, '2026-03-01 10:00:00.250000')")
    (attempt,) = await LoginAttempt.filter(account="b@x.example")
    assert attempt.at == datetime(2026, 3, 1, 10, 0, 0, 250000, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2026-03-01 10:00:00.123456+00:00", "2026-03-01 10:00:00+05:30",
                                  "2026-03-01T10:00:00Z", "2026-03-01 10:00:00", "2026-03-01",
                                  "2026-03-01 10:00:00.5+00:00"])
def test_fromisoformat_reads_what_iso8601_read(text):
    assert parse_stored_datetime(text) == iso8601.parse_date(text, default_timezone=None)


def test_tortoise_reads_sqlite_timestamps_with_it():
    assert tortoise.fields.data.parse_datetime is parse_stored_datetime

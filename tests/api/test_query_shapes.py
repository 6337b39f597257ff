"""Lists and the session lookup read rows with SQL the ORM built once per shape of query (server/query_shapes.py).
The rows must be exactly those values() gives, for every shape, with each request's own values."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest
from query_count import counting_queries

from server import clock, query_shapes
from server.domain.findings import rows
from server.models import Finding

from .finding_steps import make_crew


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


def _printed(value: Any) -> Any:
    if isinstance(value, uuid.UUID):
        return str(value)
    return clock.iso(value) if isinstance(value, datetime) else value


def printed(found: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows as an item prints them: list rows keep ids and times as text (query_shapes.AS_TEXT) where values()
    parses them."""
    return [{k: _printed(v) for k, v in row.items()} for row in found]


async def test_a_kept_shape_gives_the_rows_values_gives(crew, walk):
    first = await crew.raise_finding("A caricature by the lifts", severity="high")
    await crew.evidence(first)
    await crew.bring_to(await crew.raise_finding("A plaque", severity="low", space=1), "assigned")
    await crew.raise_finding("A poster", severity="medium")
    queries = [
        Finding.all().order_by("-created_at", "id").limit(2),
        Finding.all().order_by("-created_at", "id").offset(1).limit(2),
        Finding.filter(status="assigned").order_by("due_date", "created_at", "id"),
        Finding.filter(severity__in=["high", "low"], created_at__lt=clock.now() + timedelta(days=1)),
        Finding.filter(space__building_id=walk.building["id"], space_id=walk.spaces[1]["id"]),
    ]
    for query in queries:
        thumbnails = rows.THUMBNAILS[Finding._meta.db.capabilities.dialect]
        expected = await query.annotate(**rows.REPORT_COLUMNS, **thumbnails).values(*rows.COLUMNS)
        assert expected
        assert printed(await rows.read(query)) == printed(expected)  # builds the shape
        assert printed(await rows.read(query)) == printed(expected)  # from the kept shape


async def test_a_kept_shape_is_sent_with_each_requests_own_values(crew):
    low = await crew.raise_finding("A plaque", severity="low")
    high = await crew.raise_finding("A caricature", severity="high")
    await rows.read(Finding.filter(severity="low"))
    kept = len(query_shapes._shapes)
    found = await rows.read(Finding.filter(severity="high"))
    assert [str(r["id"]) for r in found] == [high]
    assert len(query_shapes._shapes) == kept  # the same shape: nothing built again
    assert [str(r["id"]) for r in await rows.read(Finding.filter(severity="low"))] == [low]


async def test_on_postgresql_a_pages_limit_is_written_into_its_statement(crew, db):
    """So PostgreSQL keeps one plan for the page's statement instead of planning it again on every request."""
    await crew.raise_finding("A plaque")
    for _ in range(2):
        with counting_queries() as log:
            response = await crew["committee"].get("/api/findings", params={"limit": 7})
        assert response.status_code == 200 and response.json()["total"] == 1
        page = next(sql for sql in log.data if '"photos"' in sql)
        assert page.rstrip().endswith("LIMIT 8") == (db.kind == "postgres"), page[-60:]


async def test_a_count_in_the_page_counts_with_the_lists_own_joins(crew, walk):
    """The list's count comes in its page's statement (lists.py); filtered through a join (the space's name), it
    is written with that join every time, not only the first."""
    for title in ("A plaque", "A poster", "A portrait"):
        await crew.raise_finding(title)
    await crew.raise_finding("Elsewhere", space=1)
    query = Finding.filter(space__name=walk.spaces[0]["name"])
    for _ in range(3):
        found = await rows.read(query.annotate(total=query_shapes.CountOf(query)).limit(2), total=True)
        assert [r["total"] for r in found] == [3, 3]


def test_ids_read_as_text_are_what_uuid_prints():
    value = uuid.uuid4()
    for stored in (str(value), str(value).upper(), value.hex, value):
        assert str(query_shapes.uuid_text(stored)) == str(value)
    assert query_shapes.uuid_text(None) is None


def test_times_read_as_text_are_what_clock_iso_prints():
    """SQLite keeps a time as Tortoise wrote it (isoformat with a space); the list prints it as clock.iso does,
    with or without microseconds, whatever offset it was stored with, and from PostgreSQL's datetimes."""
    field = Finding._meta.fields_map["created_at"]
    as_text = query_shapes.AS_TEXT["time"](field.to_python_value)
    for moment in (datetime(2026, 3, 1, 9, 5, 7, 120, tzinfo=UTC), datetime(2026, 3, 1, 9, 5, 7, tzinfo=UTC),
                   datetime(2026, 3, 1, 23, 5, 7, 500000, tzinfo=timezone(timedelta(hours=-5)))):
        assert as_text(moment.isoformat(" ")) == clock.iso(moment)
        assert as_text(moment.isoformat()) == clock.iso(moment)
        assert as_text(moment) == clock.iso(moment)
    assert as_text(None) is None

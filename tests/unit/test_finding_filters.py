"""Filters of finding lists: parsed from text with a 422 naming the parameter, and written back as the same
query string (the dashboard's links depend on it)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from server.auth.permissions import Actor
from server.domain.findings.filters import Filters, age_bounds, parse_filters, query_string
from server.errors import Invalid
from server.reports.text import count_headings

ME = Actor("3f8d1b9e-8a61-4f0f-9d1e-2b5f6c7a8b9c", "me@x.example", "Me", frozenset({"committee"}))
ID = "0b6a1f3e-1d2c-4b5a-9e8f-7a6b5c4d3e2f"


def test_a_query_string_reads_back_as_the_same_filters():
    raw = {"status": "open,accepted", "campus": ID, "building": ID, "checklist": "portraits-honorifics",
           "category": "_none", "severity": "high", "audit": f"{ID},{ID}", "age": "30to90", "overdue": "1",
           "from": "2026-01-01", "to": "2026-03-31", "verified_from": "2026-02-01", "verified_to": "2026-02-28",
           "cycle": "2", "assignee": "me"}
    f = parse_filters(ME, raw)
    assert f.created_from == date(2026, 1, 1) and f.cycle == 2 and f.assignee == ME.user_id
    again = parse_filters(ME, dict(pair.split("=") for pair in query_string(f).split("&")))
    assert again == f
    assert query_string(Filters()) == "" and query_string(Filters(statuses=("open",), cycle=1)) == "status=open&cycle=1"


@pytest.mark.parametrize("name, value", [
    ("from", "2026-1-1"), ("from", "2026-02-30"), ("to", "20260101"), ("verified_to", "June"), ("age", "old"),
    ("cycle", "0"), ("cycle", "x"), ("audit", "a,b"), ("checklist", "Portraits"), ("campus", "LWD"),
    ("status", "closed"), ("severity", "huge"), ("overdue", "maybe"), ("queue", "all"),
])
def test_a_bad_value_is_refused_naming_its_parameter(name, value):
    with pytest.raises(Invalid) as refused:
        parse_filters(ME, {name: value})
    assert refused.value.field == name


def test_a_period_that_ends_before_it_starts_is_refused():
    with pytest.raises(Invalid, match="after to") as refused:
        parse_filters(ME, {"from": "2026-05-01", "to": "2026-04-30"})
    assert refused.value.field == "from"


def test_age_buckets_count_whole_days():
    on = date(2026, 6, 15)
    start, end = age_bounds("lt30", on)
    assert start == datetime(2026, 5, 17, tzinfo=UTC) and end is None  # raised 29 days ago: under 30
    assert age_bounds("30to90", on) == (datetime(2026, 3, 17, tzinfo=UTC), datetime(2026, 5, 17, tzinfo=UTC))
    assert age_bounds("gt90", on) == (None, datetime(2026, 3, 17, tzinfo=UTC))  # 3-17 is 90 days before 6-15


def test_inventory_column_headings():
    portraits = ["portrait-count", "portrait-count-women", "portrait-count-people-of-color",
                 "portrait-count-race-undocumented", "portrait-count-unidentified"]
    assert count_headings(portraits, "en") == [
        "Honored", "Women", "People of color", "Race not documented", "Unidentified"]
    assert count_headings(portraits, "es") == [
        "Personas honradas", "Mujeres", "Personas de color", "Raza no registrada", "Sin identificar"]
    assert count_headings(["how-many"], "es") == ["How many"]  # a checklist's own id: as it is
    assert count_headings(["art-count", "other-thing"], "en") == ["Art count", "Other thing"]

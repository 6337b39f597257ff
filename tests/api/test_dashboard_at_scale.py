"""The dashboard counts in the database: the number of SQL statements it runs does not grow with the findings,
and a period of 50 years (or one reaching the calendar's ends) gets a correct, bounded answer."""

from __future__ import annotations

import random
from collections import Counter
from typing import Any

import pytest
from query_count import counting_queries

from server import clock
from server.domain.reporting import tallies
from server.models import Finding, FindingEvent

from .report_data import NOW, Made, _events, _finding_items, _finding_record, _model, day, make_history

OPEN = {"open", "accepted", "assigned", "in_progress", "resolved", "reopened"}


async def _more(people: Any, made: Made, count: int, seed: int) -> None:
    """`count` more findings, with their events, over the same audits (as make_history makes them)."""
    rng = random.Random(seed)
    rows, events = [], []
    for n in range(count):
        audit = made.audits[n % len(made.audits)]
        record = _finding_record(rng, audit, 1000 + n, _finding_items(audit["cv"]), made)
        record.setdefault("due_date", None)
        events += _events(rng, record, people)
        made.findings.append(record)
        rows.append(_model(record, people, made))
    await Finding.bulk_create(rows)
    await FindingEvent.bulk_create(events)
    await tallies.rebuild()  # written in bulk, past flow.py: the dashboard's tallies are counted afresh


async def _statements(client: Any, params: dict[str, str] | None = None) -> tuple[dict[str, Any], list[str]]:
    with counting_queries() as log:
        response = await client.get("/api/dashboard", params=params or {})
    assert response.status_code == 200, response.text
    return response.json(), log.statements


@pytest.fixture
async def history(people, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return await make_history(people, findings=40)


async def test_the_dashboard_runs_as_many_statements_for_ten_times_the_findings(history, people, as_):
    committee = as_("committee")
    small, few = await _statements(committee)
    await _more(people, history, 400, seed=11)
    large, many = await _statements(committee)
    assert large["total"]["count"] > 5 * small["total"]["count"]
    assert len(many) == len(few), many
    # The session lookup, the filters, one pass for the counts by status, severity, source, age and overdue, and
    # a few grouped counts and names: a fixed number, whatever the data.
    assert len(many) <= 16, many
    filtered, statements = await _statements(committee, {"building": history.buildings[0]["id"],
                                                         "from": "2026-01-01", "to": "2026-05-31"})
    assert filtered["total"]["count"] > 0 and len(statements) <= len(many) + 1  # + checking the building exists


async def test_a_period_of_fifty_years_gets_its_latest_twenty_years_of_months(history, people, as_):
    await _more(people, history, 60, seed=12)
    body, statements = await _statements(as_("committee"), {"from": "2000-01-01", "to": "2049-12-31"})
    months = [m["month"] for m in body["trend_by_month"]]
    # No finding is raised after today: the months end this month, and go back 240 months (20 years).
    assert len(months) == 240 and months[-1] == "2026-06" and months[0] == "2006-07"
    counted = [f for f in history.findings if f["status"] != "withdrawn"]
    assert body["total"]["count"] == len(counted)  # every other number covers the whole period
    raised = Counter(day(f["created_at"]).strftime("%Y-%m") for f in counted)
    assert {m["month"]: m["raised"]["count"] for m in body["trend_by_month"] if m["raised"]["count"]} == raised
    _, plain = await _statements(as_("committee"))
    assert len(statements) == len(plain)


@pytest.mark.parametrize("params", [{"to": "9999-12-31"}, {"from": "0001-01-01"},
                                    {"from": "0001-01-01", "to": "9999-12-31"}])
async def test_the_calendars_ends_are_a_period_like_any_other(history, as_, params):
    body, _ = await _statements(as_("committee"), params)
    counted = [f for f in history.findings if f["status"] != "withdrawn"]
    assert body["total"]["count"] == len(counted)
    assert body["trend_by_month"][-1]["month"] == "2026-06" and len(body["trend_by_month"]) <= 240
    for month in body["trend_by_month"][-3:]:  # the months' own links list what they count
        listed = await as_("committee").get(f"/api/findings?{month['raised']['query']}&limit=1")
        assert listed.status_code == 200 and listed.json()["total"] == month["raised"]["count"]


async def test_the_numbers_agree_with_the_history_at_a_larger_scale(history, people, as_):
    """The one pass and the median picked by the database give what counting every finding gives."""
    await _more(people, history, 300, seed=13)
    body, _ = await _statements(as_("committee"))
    counted = [f for f in history.findings if f["status"] != "withdrawn"]
    today = NOW.date()
    ages: Counter[str] = Counter()
    for f in counted:
        if f["status"] in OPEN:
            age = (today - day(f["created_at"])).days
            ages["lt30" if age < 30 else "30to90" if age <= 90 else "gt90"] += 1
    assert {b["age"]: b["count"] for b in body["open_by_age"]} == {a: ages[a] for a in ("lt30", "30to90", "gt90")}
    waits = sorted((f["verified_at"] - f["created_at"]).total_seconds() / 86400 for f in counted if f["verified_at"])
    middle = waits[(len(waits) - 1) // 2: len(waits) // 2 + 1]
    median = body["median_days_to_verify"]
    assert (median["days"], median["count"]) == (round(sum(middle) / len(middle), 1), len(waits))
    assert body["overdue"]["count"] == sum(1 for f in counted if f["status"] in ("assigned", "in_progress")
                                           and f["due_date"] < today)

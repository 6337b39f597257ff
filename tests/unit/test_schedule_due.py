"""The due-date rule (server/domain/schedules/due.py): month ends, leap years, time zones, and the states."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from server import clock
from server.domain.schedules import due

NEW_YORK = timezone(timedelta(hours=-5))
TOKYO = timezone(timedelta(hours=9))


@pytest.mark.parametrize("start, months, expected", [
    (date(2026, 1, 31), 1, date(2026, 2, 28)),   # a short month: its last day
    (date(2028, 1, 31), 1, date(2028, 2, 29)),   # ...in a leap year, the 29th
    (date(2026, 3, 31), 1, date(2026, 4, 30)),
    (date(2026, 1, 30), 1, date(2026, 2, 28)),
    (date(2026, 1, 15), 1, date(2026, 2, 15)),
    (date(2024, 2, 29), 12, date(2025, 2, 28)),  # leap day + a year: the last day of February
    (date(2024, 2, 29), 48, date(2028, 2, 29)),  # ...four years: a leap day again
    (date(2026, 8, 31), 6, date(2027, 2, 28)),   # across the year end
    (date(2026, 12, 1), 1, date(2027, 1, 1)),
    (date(2026, 11, 30), 24, date(2028, 11, 30)),
    (date(2026, 5, 31), 120, date(2036, 5, 31)),
])
def test_add_months_keeps_the_day_or_takes_the_months_last(start, months, expected):
    assert due.add_months(start, months) == expected


def test_next_due_counts_from_the_utc_day_of_the_last_submission():
    # 23:30 in New York on 31 January is 04:30 on 1 February in UTC: the audit was submitted on 1 February.
    late_in_new_york = datetime(2026, 1, 31, 23, 30, tzinfo=NEW_YORK)
    assert due.next_due(1, last_submitted=late_in_new_york, created=late_in_new_york) == date(2026, 3, 1)
    # 08:00 in Tokyo on 1 March is 23:00 on 28 February in UTC.
    early_in_tokyo = datetime(2026, 3, 1, 8, 0, tzinfo=TOKYO)
    assert due.next_due(12, last_submitted=early_in_tokyo, created=early_in_tokyo) == date(2027, 2, 28)
    # A time without a zone is read as UTC, as the database stores it.
    assert due.next_due(6, last_submitted=datetime(2026, 1, 31, 23, 30), created=datetime(2026, 1, 1)) \
        == date(2026, 7, 31)


def test_a_pair_never_audited_is_due_on_the_day_its_schedule_was_created():
    created = datetime(2026, 4, 30, 22, 0, tzinfo=NEW_YORK)  # 1 May in UTC
    assert due.next_due(12, last_submitted=None, created=created) == date(2026, 5, 1)


def test_states_on_either_side_of_the_due_day():
    due_on = date(2026, 6, 30)
    on = {days: due.standing(due_on, due_on - timedelta(days=days)) for days in (61, 60, 31, 30, 1, 0, -1, -40)}
    assert {d: s.state for d, s in on.items()} == {
        61: "scheduled", 60: "due_soon", 31: "due_soon", 30: "due_soon", 1: "due_soon", 0: "due_soon",
        -1: "overdue", -40: "overdue"}
    assert {d: s.reminder for d, s in on.items()} == {
        61: None, 60: None, 31: None, 30: "soon", 1: "soon", 0: "soon", -1: "overdue", -40: "overdue"}
    assert on[-40].days_left == -40


def test_today_is_the_utc_calendar_day(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 31, 23, 59, tzinfo=UTC))
    assert due.today() == date(2026, 12, 31)
    monkeypatch.setattr(clock, "now", lambda: datetime(2026, 12, 31, 20, 0, tzinfo=NEW_YORK))  # 1 Jan, 01:00 UTC
    assert due.today() == date(2027, 1, 1)

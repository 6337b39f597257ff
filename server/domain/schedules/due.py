"""The due-date rule, in one place: when a scheduled audit is next due, and whether it is due soon or overdue.

Dates are calendar days in UTC, as everywhere in the app (server/clock.py): an audit submitted at 23:30 in
New York on 31 January was submitted on 1 February (UTC), and its next audit is counted from that day.

- Next due = the day the last audit of the (building, checklist) pair was submitted + the interval in months.
  A month later is the same day of the month, or the month's last day when it has fewer days:
  31 January + 1 month = 28 (or 29) February; 29 February 2024 + 12 months = 28 February 2025.
- A pair never audited is due on the day its schedule was created: the schedule exists because the
  committee wants that audit done, so it is listed as due at once and is overdue from the next day.
- An audit is overdue from the day after its due day (the due day itself is still on time).
- "Due soon" is the next 60 days (today included); the reminder goes 30 days before the due day.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime

from server import clock

INTERVAL_MIN, INTERVAL_MAX = 1, 120  # months: from monthly to every ten years
COMMON_INTERVALS = (6, 12, 24)
DUE_SOON_DAYS = 60
REMINDER_DAYS_BEFORE = 30


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day when it is shorter."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def utc_day(moment: datetime) -> date:
    """The calendar day (UTC) a moment falls on; a naive time is taken as UTC, as the database stores it."""
    if moment.tzinfo is None:
        return moment.date()
    return moment.astimezone(UTC).date()


def today() -> date:
    return utc_day(clock.now())


def next_due(interval_months: int, *, last_submitted: datetime | None, created: datetime) -> date:
    """The day the next audit of a pair is due (see the module's rule)."""
    if last_submitted is None:
        return utc_day(created)
    return add_months(utc_day(last_submitted), interval_months)


@dataclass(frozen=True)
class Standing:
    """Where one schedule stands on a given day."""

    due_on: date
    days_left: int  # negative: that many days overdue

    @property
    def state(self) -> str:
        """overdue, due_soon (due within DUE_SOON_DAYS days) or scheduled."""
        if self.days_left < 0:
            return "overdue"
        return "due_soon" if self.days_left <= DUE_SOON_DAYS else "scheduled"

    @property
    def reminder(self) -> str | None:
        """The reminder this day calls for, if any: "soon" in the 30 days before the due day (the due day
        included), "overdue" from the day after it. Each is sent once per due day (reminders.py)."""
        if self.days_left < 0:
            return "overdue"
        return "soon" if self.days_left <= REMINDER_DAYS_BEFORE else None


def standing(due_on: date, on: date) -> Standing:
    return Standing(due_on, (due_on - on).days)


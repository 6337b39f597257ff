"""How old a space's last audit is, in whole calendar months, across month ends and leap years."""

from __future__ import annotations

from datetime import date

import pytest

from server.domain.reporting.coverage import add_months, band, months_between


@pytest.mark.parametrize(("earlier", "later", "months"), [
    (date(2026, 1, 15), date(2026, 1, 15), 0),
    (date(2026, 1, 15), date(2026, 2, 14), 0),
    (date(2026, 1, 15), date(2026, 2, 15), 1),
    (date(2026, 1, 31), date(2026, 2, 27), 0),
    (date(2026, 1, 31), date(2026, 2, 28), 1),  # a shorter month is reached on its last day
    (date(2024, 1, 31), date(2024, 2, 28), 0),  # ...which in a leap year is the 29th
    (date(2024, 1, 31), date(2024, 2, 29), 1),
    (date(2024, 2, 29), date(2025, 2, 28), 12),
    (date(2024, 2, 29), date(2025, 2, 27), 11),
    (date(2025, 12, 31), date(2026, 1, 30), 0),
    (date(2025, 12, 31), date(2026, 1, 31), 1),
    (date(2020, 6, 1), date(2026, 5, 31), 71),
    (date(2026, 3, 1), date(2026, 2, 1), 0),  # in the future (a clock set wrong): never negative
])
def test_whole_months(earlier: date, later: date, months: int) -> None:
    assert months_between(earlier, later) == months


def test_adding_months_keeps_the_day_or_takes_the_last_one() -> None:
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert add_months(date(2024, 1, 31), 1) == date(2024, 2, 29)
    assert add_months(date(2026, 11, 30), 3) == date(2027, 2, 28)
    assert add_months(date(2026, 5, 15), 12) == date(2027, 5, 15)


@pytest.mark.parametrize(("months", "name"), [(None, "never"), (0, "recent"), (5, "recent"), (6, "months6"),
                                              (11, "months6"), (12, "year1"), (23, "year1"), (24, "years2"),
                                              (300, "years2")])
def test_bands(months: int | None, name: str) -> None:
    assert band(months) == name

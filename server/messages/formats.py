"""Numbers, days and times written the way each language writes them (Babel, from CLDR): "Mar 1, 2026, 2:05 PM
UTC" and "1 mar 2026, 14:05 UTC". The same locales the web app gives Intl ("en", "es"), so a date reads the
same on the screen and on paper. Times are in UTC, as everywhere in the app, and say so."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

from babel import Locale
from babel.dates import format_date, format_time, get_datetime_format
from babel.numbers import format_decimal


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


def number(value: float, lang: str) -> str:
    return format_decimal(value, locale=_locale(lang))


def plural(count: float, lang: str) -> str:
    """The CLDR plural category of `count` in the language: "one", "other"..."""
    return _locale(lang).plural_form(abs(count))


def _parsed(value: datetime | date | str) -> datetime | date:
    if isinstance(value, str):  # the API's ISO 8601 text ("2026-03-01T14:05:00Z", or a day "2026-03-01")
        return date.fromisoformat(value) if len(value) == 10 else datetime.fromisoformat(value.replace("Z", "+00:00"))
    return value


def day(value: datetime | date | str | None, lang: str, empty: str = "-") -> str:
    """A calendar day: "Mar 1, 2026" / "1 mar 2026" (a time is taken in UTC)."""
    if value is None or value == "":
        return empty
    found = _parsed(value)
    if isinstance(found, datetime):
        found = found.astimezone(UTC).date()
    return format_date(found, "medium", locale=_locale(lang))


def moment(value: datetime | str | None, lang: str, empty: str = "-") -> str:
    """A time in UTC with its day: "Mar 1, 2026, 2:05 PM UTC" / "1 mar 2026, 14:05 UTC"."""
    if value is None or value == "":
        return empty
    found = _parsed(value)
    if not isinstance(found, datetime):
        return day(found, lang, empty)
    found = found.astimezone(UTC)
    time = format_time(found, "short", tzinfo=UTC, locale=_locale(lang))
    joined = get_datetime_format("medium", locale=_locale(lang))
    return joined.replace("{1}", day(found, lang)).replace("{0}", time) + " UTC"

"""The current time, in one place so that expiry rules can be tested by moving it."""

from __future__ import annotations

from datetime import UTC, datetime


def now() -> datetime:
    return datetime.now(UTC)


def iso(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with a Z, the form the API uses for every time."""
    if value is None:
        return None
    return value.astimezone(UTC).isoformat().replace("+00:00", "Z")


def wall_clock_iso(value: datetime | None) -> str | None:
    """A camera's local time, with no zone (the file does not say one): stored as if UTC, shown without a Z."""
    if value is None:
        return None
    return value.astimezone(UTC).replace(tzinfo=None).isoformat()

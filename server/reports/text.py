"""How reports write times, places and a finding event's changed fields."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from server.reports import labels as L

FIELD = {"remedy": "remedy", "assignee": "assigned to", "due_date": "due", "priority": "priority",
         "resolved_by": "resolved by", "duplicate_of": "duplicate of"}


def when(iso: str | None) -> str:
    """An API time (ISO 8601, UTC) as people read it: 2026-03-01 14:05 UTC."""
    if not iso:
        return "-"
    return datetime.fromisoformat(iso.replace("Z", "+00:00")).strftime("%Y-%m-%d %H:%M UTC")


def place(space: dict[str, Any]) -> str:
    where = [f"floor {space['floor']}"] + ([f"room {space['room_number']}"] if space.get("room_number") else [])
    return f"{space['name']} ({', '.join(where)})"


def _value(name: str, value: Any) -> str:
    if value is None:
        return "none"
    if isinstance(value, dict):
        return str(value.get("name") or value.get("id") or "")
    if name == "remedy":
        return L.label(L.REMEDY, str(value))
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def changes_text(changes: dict[str, Any]) -> str:
    """{"remedy": [old, new], ...} as "remedy: Remove; due: 2026-04-01" (the new values)."""
    parts = []
    for name, pair in changes.items():
        if name in FIELD and isinstance(pair, list) and len(pair) == 2:
            parts.append(f"{FIELD[name]}: {_value(name, pair[1])}")
    return "; ".join(parts)

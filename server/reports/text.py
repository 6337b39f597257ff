"""How reports write times, places, a finding event's changed fields and the inventory's column headings, in
the reader's language (words from server/messages, labels of closed lists from server/vocabulary)."""

from __future__ import annotations

from typing import Any

from server.messages import say
from server.messages.formats import day, moment, number
from server.vocabulary import label

# The fields an event's changes name, as a history line writes them (any other change is not printed).
CHANGED = ("remedy", "assignee", "due_date", "priority", "resolved_by", "duplicate_of")
# Headings of the inventory's count items, by what follows the first item's id ("portrait-count", then
# "portrait-count-women"...): who is honored, broken down. Anything else is named by its id.
COUNT_SUFFIXES = ("", "women", "people-of-color", "race-undocumented", "unidentified")


def when(iso: str | None, lang: str) -> str:
    """An API time (ISO 8601, UTC) as people read it in the language: "Mar 1, 2026, 2:05 PM UTC"."""
    return moment(iso, lang)


def place(space: dict[str, Any], lang: str) -> str:
    if space.get("room_number"):
        return say("pdf.place_room", lang, name=space["name"], floor=space["floor"], room=space["room_number"])
    return say("pdf.place", lang, name=space["name"], floor=space["floor"])


def _value(name: str, value: Any, lang: str) -> str:
    if value is None:
        return say("pdf.change.none", lang)
    if isinstance(value, dict):
        return str(value.get("name") or value.get("id") or "")
    if name in ("remedy", "priority"):
        return label("remedies" if name == "remedy" else "priorities", str(value), lang)
    if name == "due_date" and isinstance(value, str):
        try:
            return day(value, lang)
        except ValueError:  # not a day after all: shown as it was recorded
            return value
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def changes_text(changes: dict[str, Any], lang: str) -> str:
    """{"remedy": [old, new], ...} as "remedy: Remove; due: Apr 1, 2026" (the new values)."""
    parts = []
    for name, pair in changes.items():
        if name in CHANGED and isinstance(pair, list) and len(pair) == 2:
            parts.append(say(f"pdf.change.{name}", lang, value=_value(name, pair[1], lang)))
    return "; ".join(parts)


def counted(kind: str, counts: dict[str, int], lang: str) -> str:
    """Counts by member of a closed list: "High 3, Medium 0" in the language; "-" when there are none."""
    return ", ".join(f"{label(kind, k, lang)} {number(n, lang)}" for k, n in counts.items()) or "-"


def count_headings(item_ids: list[str], lang: str) -> list[str]:
    first = item_ids[0] if item_ids else ""
    breakdown = first.endswith("-count") and any(item.startswith(f"{first}-") for item in item_ids)
    out = []
    for item in item_ids:
        suffix = item[len(first):].lstrip("-") if item.startswith(first) else None
        known = breakdown and suffix in COUNT_SUFFIXES
        out.append(say(f"pdf.count.{suffix or 'honored'}", lang) if known else item.replace("-", " ").capitalize())
    return out

"""Keyset paging: a page link is a signed cursor naming the sort key of the row it starts after (or before),
so a deep page costs what the first one does (OFFSET makes the database walk every row before the page).

A cursor is `<payload>.<signature>`, both base64url: the payload is JSON [direction, list, key values, total],
the signature an HMAC-SHA256 of it under the instance's key (server/auth/signing.py). `list` is a digest of
the list's filters and order, so a cursor is refused by any other list; `total` is the list's length as
counted for its first page, so deeper pages need not count every row again. A cursor cannot be forged or
edited: only the server makes them, so a signed one always names a real position (a list that shrank since
simply has nothing more after it: an empty page, no next link).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from tortoise.expressions import Q

from server.errors import DomainError

AFTER, BEFORE = "a", "b"
SIGNATURE_BYTES = 16
MAX_CURSOR = 1000  # characters; a real one is under 200


class CursorInvalid(DomainError):
    code = "cursor_invalid"


class CursorMismatch(DomainError):
    code = "cursor_mismatch"


@dataclass(frozen=True)
class Column:
    """One column of a list's order. Values are kept in cursors as text and read back by kind."""

    field: str
    kind: str = "text"  # text | uuid | datetime | date
    descending: bool = False


@dataclass(frozen=True)
class Position:
    direction: str  # AFTER: the page that follows the row; BEFORE: the page that precedes it
    values: tuple[Any, ...]
    total: int | None = None  # the list's length when its first page was read (carried, not counted again)


def list_digest(*parts: str) -> str:
    """What a cursor belongs to: the list's filters and order, as text."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:16]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def _sign(key: bytes, payload: str) -> str:
    return _b64(hmac.new(key, payload.encode(), hashlib.sha256).digest()[:SIGNATURE_BYTES])


def _text(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return None if value is None else str(value)


def _value(column: Column, text: Any) -> Any:
    if text is None:
        return None
    if column.kind == "datetime":
        return datetime.fromisoformat(text)
    if column.kind == "date":
        return date.fromisoformat(text)
    if column.kind == "uuid":
        return uuid.UUID(text)
    return str(text)


def make(key: bytes, digest: str, columns: Sequence[Column], row: dict[str, Any], direction: str = AFTER,
         total: int | None = None) -> str:
    payload = _b64(json.dumps([direction, digest, [_text(row[c.field]) for c in columns], total],
                              separators=(",", ":")).encode())
    return f"{payload}.{_sign(key, payload)}"


def read(key: bytes, digest: str, columns: Sequence[Column], cursor: str) -> Position:
    """The position a cursor names, or a 400 saying why it cannot be used (edited, or another list's)."""
    payload, _, signature = cursor.partition(".")
    if len(cursor) > MAX_CURSOR or not hmac.compare_digest(_sign(key, payload), signature):
        raise CursorInvalid(field="cursor")
    try:
        direction, made_for, texts, total = json.loads(_unb64(payload))
        if made_for != digest:
            raise CursorMismatch(field="cursor")
        if direction not in (AFTER, BEFORE) or len(texts) != len(columns) or not isinstance(total, int | None):
            raise ValueError(direction)
        return Position(direction, tuple(_value(c, t) for c, t in zip(columns, texts, strict=True)), total)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):  # signed by us, yet unreadable: old format
        raise CursorInvalid(field="cursor") from None


def _beyond(column: Column, value: Any, direction: str) -> Q:
    """Rows past `value` in this column, in the direction read. A NULL sorts first (as SQLite sorts it);
    the lists only page on nullable columns whose rows never hold NULL (due dates of work owed)."""
    later = (direction == AFTER) != column.descending
    if value is None:
        return Q(**{f"{column.field}__isnull": False}) if later else Q(pk__in=[])
    return Q(**{f"{column.field}__{'gt' if later else 'lt'}": value})


def where(columns: Sequence[Column], position: Position) -> Q:
    """The rows on the far side of the position: (a > x) or (a = x and b > y) or ..., led by a >= x (a range
    on the first column, which an index on it serves; the OR alone is not seen as one by SQLite)."""
    either: Q | None = None
    for i, column in enumerate(columns):
        same = {c.field if v is not None else f"{c.field}__isnull": v if v is not None else True
                for c, v in zip(columns[:i], position.values[:i], strict=False)}
        term = Q(**same) & _beyond(column, position.values[i], position.direction) if same else \
            _beyond(column, position.values[i], position.direction)
        either = term if either is None else either | term
    assert either is not None
    first, value = columns[0], position.values[0]
    if value is None:
        return either
    later = (position.direction == AFTER) != first.descending
    return Q(**{f"{first.field}__{'gte' if later else 'lte'}": value}) & either


def order(columns: Sequence[Column], direction: str = AFTER) -> list[str]:
    """The ORDER BY of reading in this direction (a page before a position is read backwards, then turned)."""
    flip = direction == BEFORE
    return [("-" if c.descending != flip else "") + c.field for c in columns]

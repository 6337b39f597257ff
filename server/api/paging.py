"""Paging parameters shared by list routes."""

from __future__ import annotations

import uuid
from typing import Any

from server.errors import Invalid, NotFound
from server.http.routing import Call, Param

PAGING = (Param("limit", "At most this many items (1 to 200, default 50).", "integer"),
          Param("offset", "Skip this many items first.", "integer"))


def _int(call: Call, name: str, default: int, low: int, high: int) -> int:
    raw = call.query(name, str(default))
    if not raw.isdigit() or not low <= int(raw) <= high:
        raise Invalid(f"{name} must be a whole number from {low} to {high}.", field=name)
    return int(raw)


def paging(call: Call) -> tuple[int, int]:
    return _int(call, "limit", 50, 1, 200), _int(call, "offset", 0, 0, 10**9)


def page(items: list[Any], total: int) -> dict[str, Any]:
    return {"items": items, "total": total}


def query_id(call: Call, name: str) -> str:
    """A UUID from the query string ("" when absent), or a 422 naming the parameter."""
    raw = call.query(name)
    if not raw:
        return ""
    try:
        return str(uuid.UUID(raw))
    except ValueError:
        raise Invalid(f"{name} must be an id (a UUID).", field=name) from None


def path_id(call: Call, name: str = "id") -> str:
    """A UUID from the path; anything else names nothing that exists, so 404."""
    try:
        return str(uuid.UUID(call.path(name)))
    except ValueError:
        raise NotFound("Nothing exists at this address.") from None

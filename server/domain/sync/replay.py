"""The rule every phone-made record follows when it is PUT on its UUID, so a replayed request changes nothing.

Same values as stored -> unchanged (even after the audit is submitted: a replay is not a change). A different
body is refused once the audit is submitted, and is applied only on top of the revision the phone last saw
(base_revision); otherwise the phone gets the server's current record (409) and nothing changes.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from server.errors import Conflict, Invalid


class AuditSubmitted(Conflict):
    code = "audit_submitted"


def submitted_error() -> AuditSubmitted:
    return AuditSubmitted("This audit has been submitted and can no longer be changed.")


async def check_change(stored: Mapping[str, Any], incoming: Mapping[str, Any], *, revision: int,
                       base_revision: int | None, submitted: bool,
                       current: Callable[[], Awaitable[dict[str, Any]]]) -> bool:
    """False for a replay; True when the change may be applied; raises for a submitted audit or a stale change."""
    if all(stored.get(key) == value for key, value in incoming.items()):
        return False
    if submitted:
        raise submitted_error()
    if base_revision != revision:
        raise Conflict("This record changed since you last saw it; here is the current version.",
                       current=await current())
    return True


def require_same_place(stored: Mapping[str, Any], incoming: Mapping[str, Any], what: str) -> None:
    """A record keeps the audit, space and item it was made for: anything else is a new record (a new id)."""
    place = ("audit_id", "space_id", "item_id")
    if any(stored[key] != incoming[key] for key in place):
        raise Invalid(f"A {what} cannot move to another audit, space or item; use a new id.", field="item_id")

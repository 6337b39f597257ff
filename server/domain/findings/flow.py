"""The one place a finding's status changes: each change is a conditional UPDATE (on the revision the change
was checked against) and its event, in one transaction.

The event log (FindingEvent) is the source of truth; `Finding.status` is its projection, kept as a column so
lists filter and page in SQL and so a race has a row to settle on: of two people moving the same finding at
once, the second UPDATE matches no row (the revision moved on), its transaction rolls back and it gets a 409
with the current finding. On PostgreSQL the second UPDATE waits for the first's row lock and then re-checks
its WHERE against the committed row; on SQLite writes are serialised by the database lock. Either way
exactly one wins, without any lock held between reading and writing.
"""

from __future__ import annotations

import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from tortoise.transactions import in_transaction

from server import clock
from server.domain.community import states as community_states
from server.domain.reporting import tallies
from server.errors import Conflict
from server.models import Finding, FindingEvent

Current = Callable[[str], Awaitable[dict[str, Any]]]


@dataclass
class Change:
    """One move of one finding, checked and ready to write."""

    finding: Finding
    to: str
    actor_id: str
    updates: dict[str, Any] = field(default_factory=dict)  # column values besides status and revision
    changes: dict[str, list[Any]] = field(default_factory=dict)  # for the event: {"field": [old, new]}
    note: str = ""
    photo_ids: list[str] = field(default_factory=list)


class _Lost(Exception):
    def __init__(self, finding_id: str) -> None:
        self.finding_id = finding_id


def shown(value: Any) -> Any:
    """A value as the event keeps it (JSON)."""
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    return value


async def _write(change: Change) -> FindingEvent:
    f, now = change.finding, clock.now()
    rows = await Finding.filter(id=f.id, revision=f.revision, status=f.status).update(
        status=change.to, revision=f.revision + 1, updated_at=now, **change.updates
    )
    if rows != 1:
        raise _Lost(str(f.id))
    event = await FindingEvent.create(
        finding_id=f.id,
        actor_id=change.actor_id,
        at=now,
        from_status=f.status,
        to_status=change.to,
        note=change.note,
        photo_ids=change.photo_ids,
        changes=change.changes,
    )
    # Community reports that follow this finding close with it, in the same transaction (their reporters'
    # last notice is sent after the commit: server/domain/community/mail.py).
    await community_states.close_for_finding(f.id, change.to, change.actor_id)
    for name, value in change.updates.items():
        setattr(f, name, value)
    f.status, f.revision, f.updated_at = change.to, f.revision + 1, now
    return event


async def commit(changes: list[Change], current: Current,
                 also: Callable[[], Awaitable[None]] | None = None) -> list[FindingEvent]:
    """Write every change or none; a finding changed by someone else meanwhile is a 409 with it as it is now.
    `also` writes what goes with the changes (a publication's row) in the same transaction."""
    try:
        async with in_transaction():
            before = [tallies.snapshot(change.finding) for change in changes]
            events = [await _write(change) for change in changes]
            # The dashboard's counts move with the findings, in the same transaction (reporting/tallies.py).
            await tallies.follow([c.finding for c in changes], list(before),
                                 [e.at if (e.from_status, e.to_status) == ("resolved", "verified") else None
                                  for e in events])
            if also is not None:
                await also()
            return events
    except _Lost as lost:
        raise Conflict(
            "Someone else changed this finding a moment ago; here it is now.",
            code="finding_changed",
            finding_id=lost.finding_id,
            current=await current(lost.finding_id),
        ) from None


async def create(actor_id: str, values: dict[str, Any], note: str = "") -> Finding:
    """A new finding (status open) and the first event of its history, together."""
    async with in_transaction():
        finding = await Finding.create(**values, status="open", created_by_id=actor_id)
        await FindingEvent.create(
            finding_id=finding.id,
            actor_id=actor_id,
            at=finding.created_at,
            from_status=None,
            to_status="open",
            note=note,
            photo_ids=finding.photo_ids,
        )
        await tallies.follow([finding], [None], [None])
    return finding

"""An audit's status: planned -> in progress -> submitted, the only moves it makes, each with its AuditEvent in the
same transaction. The first answer, skip or finding starts a planned audit; submitting needs every shown item
answered (or its space skipped)."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from server import clock
from server.auth.permissions import Actor
from server.checklists.rules import unanswered
from server.domain.audits.access import get_audit, require_walker
from server.domain.sync.replay import submitted_error
from server.errors import Conflict, Invalid
from server.models import Audit, AuditEvent, AuditSpace, Response

STATUSES = ("planned", "in_progress", "submitted")
TRANSITIONS = {("planned", "in_progress"), ("in_progress", "submitted")}


class AuditIncomplete(Invalid):
    code = "audit_incomplete"


async def move(actor: Actor, audit: Audit, to: str) -> Audit:
    """Apply one transition (a replay of the current state changes nothing)."""
    if audit.status == to:
        return audit
    if (audit.status, to) not in TRANSITIONS:
        if audit.status == "submitted":
            raise submitted_error()
        raise Conflict(f"An audit that is {audit.status.replace('_', ' ')} cannot move to {to.replace('_', ' ')}.",
                       code="invalid_transition")
    if to == "submitted":
        missing = await missing_answers(audit)
        if missing:
            raise AuditIncomplete(f"{len(missing)} item(s) are still unanswered.", unanswered=missing)
    async with in_transaction():
        previous = audit.status
        audit.status = to
        audit.revision += 1
        if to == "submitted":
            audit.submitted_at = clock.now()
        await audit.save()
        await AuditEvent.create(audit=audit, actor_id=actor.user_id, from_status=previous, to_status=to,
                                at=clock.now())
    return audit


async def transition(actor: Actor, audit_id: str, to: str) -> Audit:
    audit = await get_audit(actor, audit_id)
    await require_walker(actor, audit)
    return await move(actor, audit, to)


async def started(actor: Actor, audit: Audit) -> None:
    """The first answer, skip or finding starts a planned audit; a submitted one takes no more writes."""
    if audit.status == "submitted":
        raise submitted_error()
    if audit.status == "planned":
        await move(actor, audit, "in_progress")


async def answers_by_space(audit: Audit) -> dict[str, dict[str, Any]]:
    answers: dict[str, dict[str, Any]] = {}
    for r in await Response.filter(audit_id=audit.id):
        answers.setdefault(str(r.space_id), {})[r.item_id] = r.value  # type: ignore[attr-defined]
    return answers


async def missing_answers(audit: Audit) -> list[dict[str, str]]:
    content = audit.checklist.content
    answers = await answers_by_space(audit)
    missing = []
    for row in await AuditSpace.filter(audit_id=audit.id, skip_reason__isnull=True).order_by("position"):
        space_id = str(row.space_id)  # type: ignore[attr-defined]
        missing += [{"space_id": space_id, "item_id": item} for item in unanswered(content, answers.get(space_id, {}))]
    return missing

"""Who may see a finding: committee and admins all of them; auditors those of the audits they may see;
facilities those assigned to them. Someone who may not see a finding is told it does not exist."""

from __future__ import annotations

import uuid

from tortoise.expressions import Q

from server.auth.permissions import Actor
from server.errors import NotFound
from server.models import Audit, AuditMember, Finding

NOBODY = uuid.UUID(int=0)  # keeps an IN () list valid SQL when it would be empty


async def visible_audit_ids(actor: Actor) -> list[uuid.UUID]:
    if not actor.can("audit.read"):
        return []
    mine = await AuditMember.filter(user_id=actor.user_id).values_list("audit_id", flat=True)
    created = await Audit.filter(created_by_id=actor.user_id).values_list("id", flat=True)
    return [*mine, *created]


async def visible_audits(actor: Actor) -> tuple[uuid.UUID, ...] | None:
    """The audits whose findings the actor may see (besides those assigned to them); None when they may see all."""
    if actor.can("finding.read_all"):
        return None
    return tuple(await visible_audit_ids(actor))


def scope(actor: Actor, audits: tuple[uuid.UUID, ...] | None) -> Q | None:
    """A filter for the findings the actor may see, from visible_audits(); None when they may see all."""
    if audits is None:
        return None
    return Q(audit_id__in=[*audits, NOBODY]) | Q(assignee_id=actor.user_id)


async def visible(actor: Actor) -> Q | None:
    """A filter for the findings the actor may see; None when they may see all."""
    return scope(actor, await visible_audits(actor))


async def can_see(actor: Actor, finding: Finding) -> bool:
    if actor.can("finding.read_all"):
        return True
    if str(finding.assignee_id) == actor.user_id:  # type: ignore[attr-defined]
        return True
    return finding.audit_id in await visible_audit_ids(actor)  # type: ignore[attr-defined]


async def get_finding(actor: Actor, finding_id: str) -> Finding:
    finding = await Finding.get_or_none(id=finding_id)
    if finding is None or not await can_see(actor, finding):
        raise NotFound("There is no such finding.")
    return finding


async def require_readable(actor: Actor, finding_id: object, what: str) -> None:
    """A record of another finding is shown (in a conflict) only to someone who may see that finding."""
    finding = await Finding.get_or_none(id=finding_id)
    if finding is None or not await can_see(actor, finding):
        raise NotFound(f"There is no such {what}.")

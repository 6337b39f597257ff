"""Who may see, plan and walk an audit: the role's verbs (server/auth/permissions.py) plus the audit's team.
get_audit is how every other module reads an audit: one the caller may not see does not exist."""

from __future__ import annotations

from server.auth.permissions import Actor
from server.errors import Forbidden, NotFound
from server.models import Audit, AuditMember


async def is_member(actor: Actor, audit: Audit) -> bool:
    return await AuditMember.exists(audit_id=audit.id, user_id=actor.user_id)


async def require_visible(actor: Actor, audit: Audit) -> None:
    """Someone outside an audit is told it does not exist, not that it is forbidden."""
    if actor.can("audit.read_all") or str(audit.created_by_id) == actor.user_id:  # type: ignore[attr-defined]
        return
    if not await is_member(actor, audit):
        raise NotFound("There is no such audit.")


async def require_planner(actor: Actor, audit: Audit) -> None:
    await require_visible(actor, audit)
    if not (actor.can("audit.read_all") or str(audit.created_by_id) == actor.user_id):  # type: ignore[attr-defined]
        raise Forbidden("Only the person who planned this audit or the committee can change its plan.")


async def require_walker(actor: Actor, audit: Audit) -> None:
    """Answers, skips and findings: the audit's team (admins may step in)."""
    await require_visible(actor, audit)
    if not actor.can("audit.conduct"):
        raise Forbidden("Your roles do not allow walking audits.")
    if not (actor.can("audit.read_all") or await is_member(actor, audit)):
        raise Forbidden("Only the audit's team can record answers and findings.")


async def get_audit(actor: Actor, audit_id: str) -> Audit:
    """The audit with its checklist, building and planner, if the caller may see it; else 404."""
    audit = await Audit.get_or_none(id=audit_id).prefetch_related("checklist", "building", "created_by")
    if audit is None:
        raise NotFound("There is no such audit.")
    await require_visible(actor, audit)
    return audit


async def require_readable(actor: Actor, audit_id: object, what: str) -> None:
    """A record of another audit is shown (in a conflict) only to someone who may read that audit."""
    audit = await Audit.get_or_none(id=audit_id)
    if audit is None:
        raise NotFound(f"There is no such {what}.")
    try:
        await require_visible(actor, audit)
    except NotFound:
        raise NotFound(f"There is no such {what}.") from None

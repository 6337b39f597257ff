"""Who may see, plan and walk an audit: the role's verbs (server/auth/permissions.py) plus the audit's team.
get_audit is how every other module reads an audit: one the caller may not see does not exist.

Inside checked_once() (a batch of a phone's changes) an audit is read and its team looked up once, not once per
change: the batch's changes are one person's, applied in one transaction per audit."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

from server.auth.permissions import Actor
from server.errors import Forbidden, NotFound
from server.models import Audit, AuditMember, AuditSpace


@dataclass
class _Checked:
    """What one batch has already read: audits (as get_audit returns them), team membership, audit spaces."""

    audits: dict[str, Audit] = field(default_factory=dict)
    members: dict[tuple[str, str], bool] = field(default_factory=dict)
    spaces: dict[str, frozenset[str]] = field(default_factory=dict)


_checked: ContextVar[_Checked | None] = ContextVar("audit_checks", default=None)


@contextmanager
def checked_once() -> Iterator[None]:
    """Audits, team membership and audit spaces read at most once inside this block (one batch's transaction)."""
    token = _checked.set(_Checked())
    try:
        yield
    finally:
        _checked.reset(token)


def forget_checked() -> None:
    """A change was refused and its writes rolled back: what was read (an audit's status) may be stale."""
    if _checked.get() is not None:
        _checked.set(_Checked())


async def is_member(actor: Actor, audit: Audit) -> bool:
    cache = _checked.get()
    key = (str(audit.id), actor.user_id)
    if cache is not None and key in cache.members:
        return cache.members[key]
    member = await AuditMember.exists(audit_id=audit.id, user_id=actor.user_id)
    if cache is not None:
        cache.members[key] = member
    return member


async def space_ids(audit: Audit) -> frozenset[str]:
    """The ids of the audit's spaces (read once per batch)."""
    cache = _checked.get()
    if cache is not None and str(audit.id) in cache.spaces:
        return cache.spaces[str(audit.id)]
    ids = frozenset(str(i) for i in await AuditSpace.filter(audit_id=audit.id).values_list("space_id", flat=True))
    if cache is not None:
        cache.spaces[str(audit.id)] = ids
    return ids


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
    cache = _checked.get()
    audit = cache.audits.get(str(audit_id)) if cache is not None else None
    if audit is None:
        audit = await Audit.get_or_none(id=audit_id).prefetch_related("checklist", "building", "created_by")
        if audit is None:
            raise NotFound("There is no such audit.")
    await require_visible(actor, audit)
    if cache is not None:
        cache.audits[str(audit_id)] = audit
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

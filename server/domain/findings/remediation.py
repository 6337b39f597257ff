"""Moving findings through remediation: triage, assignment (one or many), work, verification, duplicates.

Each request is checked against the table (server/domain/findings/states.py) and its guards before anything
is written; then server/domain/findings/flow.py writes the move and its event in one transaction.
"""

from __future__ import annotations

from typing import Any

from server.auth.permissions import ROLES, Actor, require, verbs_for
from server.domain.findings import guards
from server.domain.findings.access import get_finding
from server.domain.findings.flow import Change, Current, commit, shown
from server.domain.findings.states import WALKER, Move, move_for
from server.domain.findings.views import detail_json
from server.domain.people.views import person
from server.errors import Conflict, Invalid
from server.models import Finding, FindingEvent, User, UserRole


class InvalidTransition(Conflict):
    code = "invalid_transition"


def _set(change: Change, name: str, value: Any) -> None:
    """Record a column update and, when it changes anything, its [old, new] for the event."""
    before = getattr(change.finding, name)
    change.updates[name] = value
    if before != value:
        change.changes[name.removesuffix("_id")] = [shown(before), shown(value)]


async def _set_person(change: Change, name: str, user: User | None) -> None:
    """The same for a person (assignee, resolved_by): the event keeps their name as it was then."""
    before_id = getattr(change.finding, f"{name}_id")
    change.updates[f"{name}_id"] = user.id if user else None
    if str(before_id) != str(user.id if user else None):
        before = await User.get_or_none(id=before_id) if before_id else None
        change.changes[name] = [person(before), person(user)]


async def _assign(change: Change, body: dict[str, Any]) -> None:
    f = change.finding
    current = f.assignee_id  # type: ignore[attr-defined]
    await _set_person(change, "assignee", await guards.assignee(body, str(current) if current else None))
    _set(change, "due_date", guards.due_date(body))
    _set(change, "priority", guards.priority(body, f.priority))


async def prepare(actor: Actor, finding: Finding, move: Move, body: dict[str, Any]) -> Change:
    """The change a move makes, once its role guard and required inputs are satisfied."""
    guards.require_allowed(actor, finding, move)
    guards.refuse_extras(move, body)
    change = Change(finding, move.to, actor.user_id, note=str(body.get("note") or "").strip())
    if "remedy" in move.needs:
        _set(change, "remedy", guards.remedy(body))
    if "note" in move.needs:
        change.note = guards.note(body, "say why" if move.to == "declined" else "give the reason")
    if "assignee" in move.needs:
        await _assign(change, body)
    if "photos" in move.needs:
        change.photo_ids = await guards.after_photos(finding, body)
        await _set_person(change, "resolved_by", await User.get(id=actor.user_id))
    if move.to == "reopened":  # the next resolution (and who may verify it) starts afresh
        await _set_person(change, "resolved_by", None)
    if "duplicate_of" in move.needs:
        target = await guards.duplicate_target(finding, body)
        _set(change, "duplicate_of_id", target.id)
    return change


def _move(finding: Finding, to: str) -> Move:
    move = move_for(finding.status, to)
    if move is None or move.who == WALKER:
        raise InvalidTransition(
            f"A finding that is {finding.status.replace('_', ' ')} cannot move to {to.replace('_', ' ')}.", field="to"
        )
    return move


def _current(actor: Actor) -> Current:
    async def current(finding_id: str) -> dict[str, Any]:
        return await detail_json(actor, finding_id)

    return current


async def transition(actor: Actor, finding_id: str, body: dict[str, Any]) -> tuple[dict[str, Any], list[FindingEvent]]:
    finding = await get_finding(actor, finding_id)
    current = _current(actor)
    base = body.get("base_revision")
    if base is not None and base != finding.revision:
        raise Conflict(
            "This finding changed since you last saw it; here it is now.",
            code="finding_changed",
            current=await current(finding_id),
        )
    try:
        move = _move(finding, body["to"])
    except InvalidTransition as exc:
        exc.extra["current"] = await current(finding_id)
        raise
    events = await commit([await prepare(actor, finding, move, body)], current)
    return await current(finding_id), events


async def assign_many(actor: Actor, body: dict[str, Any]) -> tuple[list[dict[str, Any]], list[FindingEvent]]:
    """Assign several accepted (or reopened) findings at once: all of them, each with its event, or none."""
    require(actor, "finding.assign")
    ids = body["finding_ids"]
    found = {str(f.id): f for f in await Finding.filter(id__in=ids)}
    changes = []
    for finding_id in ids:
        finding = found.get(finding_id)
        if finding is None:
            raise Invalid(f"finding_ids: there is no finding {finding_id}.", field="finding_ids")
        try:
            move = _move(finding, "assigned")
        except InvalidTransition as exc:
            raise InvalidTransition(
                f"{finding.title!r}: {exc.message}",
                field="finding_ids",
                finding_id=finding_id,
                current=await detail_json(actor, finding_id),
            ) from None
        changes.append(await prepare(actor, finding, move, body))
    events = await commit(changes, _current(actor))
    return [await detail_json(actor, i) for i in ids], events


async def assignees() -> list[dict[str, str]]:
    """Active people with the facilities role, by name: the choices for an assignment."""
    roles = [role for role in ROLES if "finding.work" in verbs_for([role])]
    ids = await UserRole.filter(role__in=roles).values_list("user_id", flat=True)
    people = await User.filter(id__in=list(set(ids)), disabled=False).order_by("name")
    return [{"id": str(u.id), "name": u.name} for u in people]

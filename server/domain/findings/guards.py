"""What each move of a finding needs (server/domain/findings/states.py: Move.needs), checked before anything
is written: each refusal names the field that is missing or wrong."""

from __future__ import annotations

from datetime import date
from typing import Any

from server import clock
from server.auth.permissions import Actor, verbs_for
from server.domain.findings.states import ASSIGNEE, FINDING_REMEDIES, KEEP, PRIORITIES, WALKER, Move
from server.errors import Forbidden, Invalid
from server.models import Finding, Photo, User, UserRole

# The body field that carries each input a move may need (Move.needs).
INPUT_OF = {
    "remedy": "remedy",
    "assignee": "assignee_id",
    "due_date": "due_date",
    "duplicate_of": "duplicate_of",
    "photos": "photo_ids",
    "note": "note",
}
INPUTS = ("remedy", "assignee_id", "due_date", "priority", "duplicate_of", "photo_ids")


def today() -> date:
    """Due dates are calendar days in UTC (the server's clock)."""
    return clock.now().date()


def require_allowed(actor: Actor, finding: Finding, move: Move) -> None:
    """The role guard of one move (403 naming who may make it)."""
    if move.who == WALKER or not actor.can(move.verb):
        raise Forbidden(f"Your roles do not allow moving a finding from {move.source} to {move.to}.")
    if move.who == ASSIGNEE and str(finding.assignee_id) != actor.user_id:  # type: ignore[attr-defined]
        raise Forbidden("Only the person this finding is assigned to can do this.")
    if move.to == "verified" and str(finding.resolved_by_id) == actor.user_id:  # type: ignore[attr-defined]
        raise Forbidden("Someone other than the person who resolved this finding must verify it.")


def allowed(actor: Actor, finding: Finding, move: Move) -> bool:
    try:
        require_allowed(actor, finding, move)
    except Forbidden:
        return False
    return True


def refuse_extras(move: Move, body: dict[str, Any]) -> None:
    """An input the move does not use is refused, not silently dropped. A note goes with any move."""
    used = {INPUT_OF[need] for need in move.needs} | ({"priority"} if "assignee" in move.needs else set())
    for field in INPUTS:
        if field in body and field not in used:
            raise Invalid(f"{field} does not apply to a move to {move.to}.", field=field)


def note(body: dict[str, Any], why: str) -> str:
    text = str(body.get("note") or "").strip()
    if not text:
        raise Invalid(f"note is required: {why}.", field="note")
    return text


def remedy(body: dict[str, Any]) -> str:
    chosen = body.get("remedy")
    if chosen not in FINDING_REMEDIES:
        raise Invalid(f"remedy is required: one of {', '.join(FINDING_REMEDIES)}.", field="remedy")
    return str(chosen)


async def assignee(body: dict[str, Any], current: str | None) -> User:
    """An active person with the facilities role; a reassignment may keep the current one."""
    chosen = str(body.get("assignee_id") or current or "")
    if not chosen:
        raise Invalid("assignee_id is required: the facilities person who will do the work.", field="assignee_id")
    user = await User.get_or_none(id=chosen, disabled=False)
    roles = await UserRole.filter(user_id=chosen).values_list("role", flat=True) if user else []
    if user is None or "finding.work" not in verbs_for(roles):
        raise Invalid("assignee_id must be an active person with the facilities role.", field="assignee_id")
    return user


def due_date(body: dict[str, Any]) -> date:
    due = body.get("due_date")
    if due is None:
        raise Invalid("due_date is required (YYYY-MM-DD).", field="due_date")
    if due < today():
        raise Invalid(f"due_date must be today ({today().isoformat()}) or later.", field="due_date")
    return due  # type: ignore[no-any-return]


def priority(body: dict[str, Any], current: str) -> str:
    chosen = body.get("priority", current)
    if chosen not in PRIORITIES:
        raise Invalid(f"priority must be one of: {', '.join(PRIORITIES)}.", field="priority")
    return str(chosen)


async def after_photos(finding: Finding, body: dict[str, Any]) -> list[str]:
    """Resolving needs an after-photo of this finding, unless the remedy is to keep it with a rationale."""
    ids = [str(i) for i in body.get("photo_ids") or []]
    if finding.remedy == KEEP:
        note(body, "a finding kept with a rationale is resolved with that rationale")
    elif not ids:
        raise Invalid(
            "photo_ids: resolving needs at least one after-photo (upload it with kind=after first).", field="photo_ids"
        )
    found = await Photo.filter(id__in=ids, finding_id=finding.id, kind="after").values_list("id", flat=True)
    after = {str(f) for f in found}
    missing = [i for i in ids if i not in after]
    if missing:
        raise Invalid(
            f"photo_ids: {missing[0]} is not an after-photo of this finding (upload it first).", field="photo_ids"
        )
    return ids


async def duplicate_target(finding: Finding, body: dict[str, Any]) -> Finding:
    """Another finding, and not one that (through its own links) is a duplicate of this one."""
    target_id = str(body.get("duplicate_of") or "")
    if not target_id:
        raise Invalid("duplicate_of is required: the finding this one repeats.", field="duplicate_of")
    if target_id == str(finding.id):
        raise Invalid("duplicate_of: a finding cannot be a duplicate of itself.", field="duplicate_of")
    target = await Finding.get_or_none(id=target_id)
    if target is None:
        raise Invalid("duplicate_of: there is no such finding.", field="duplicate_of")
    seen, step = {str(finding.id)}, target
    while step.duplicate_of_id is not None:  # type: ignore[attr-defined]
        if str(step.duplicate_of_id) in seen:  # type: ignore[attr-defined]
            raise Invalid(
                "duplicate_of: that finding is already a duplicate of this one (a cycle).", field="duplicate_of"
            )
        seen.add(str(step.id))
        step = await Finding.get(id=step.duplicate_of_id)  # type: ignore[attr-defined]
    return target

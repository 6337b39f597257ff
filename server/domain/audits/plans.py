"""Audits: planning (building, pinned checklist, team, spaces), the status machine, skips, and how they read."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from server import clock
from server.auth.permissions import Actor, verbs_for
from server.checklists.rules import SKIP_REASONS, unanswered
from server.domain.audits.access import require_planner, require_visible, require_walker
from server.domain.audits.views import audit_json
from server.domain.checklists import store as store
from server.domain.sync.replay import check_change, submitted_error
from server.errors import Conflict, Invalid, NotFound
from server.models import Audit, AuditEvent, AuditMember, AuditSpace, Building, Response, Space, User, UserRole
from server.schema import CONTROL_CHARS

STATUSES = ("planned", "in_progress", "submitted")
# The only moves an audit makes; each one writes an AuditEvent in the same transaction.
TRANSITIONS = {("planned", "in_progress"), ("in_progress", "submitted")}


class AuditIncomplete(Invalid):
    code = "audit_incomplete"


async def get_audit(actor: Actor, audit_id: str) -> Audit:
    audit = await Audit.get_or_none(id=audit_id).prefetch_related("checklist", "building", "created_by")
    if audit is None:
        raise NotFound("There is no such audit.")
    await require_visible(actor, audit)
    return audit


async def _members(ids: list[str]) -> list[User]:
    users = {str(u.id): u for u in await User.filter(id__in=ids, disabled=False)}
    roles: dict[str, set[str]] = {}
    for row in await UserRole.filter(user_id__in=ids):
        roles.setdefault(str(row.user_id), set()).add(row.role)  # type: ignore[attr-defined]
    for member_id in ids:
        if member_id not in users or "audit.conduct" not in verbs_for(roles.get(member_id, set())):
            raise Invalid(f"member_ids: {member_id} is not an active user who can walk audits (an auditor).",
                          field="member_ids")
    return [users[i] for i in ids]


async def _spaces(building: Building, ids: list[str]) -> list[Space]:
    found = {str(s.id): s for s in await Space.filter(id__in=ids, building_id=building.id)}
    for space_id in ids:
        if space_id not in found:
            raise Invalid(f"space_ids: {space_id} is not a space of building {building.code}.", field="space_ids")
    return [found[i] for i in ids]


async def _plan_values(audit: Audit) -> dict[str, Any]:
    members = await AuditMember.filter(audit_id=audit.id).values_list("user_id", flat=True)
    spaces = await AuditSpace.filter(audit_id=audit.id).order_by("position").values_list("space_id", flat=True)
    return {"building_id": str(audit.building_id), "checklist_id": audit.checklist.checklist_id,  # type: ignore[attr-defined]
            "title": audit.title, "member_ids": sorted(str(m) for m in members),
            "space_ids": [str(s) for s in spaces]}


async def put_audit(actor: Actor, audit_id: str, body: dict[str, Any]) -> tuple[Audit, bool]:
    """Create or change an audit's plan. Returns (audit, created)."""
    incoming = {"building_id": str(body["building_id"]), "checklist_id": body["checklist_id"],
                "title": body["title"], "member_ids": sorted(body["member_ids"]), "space_ids": body["space_ids"]}
    existing = await Audit.get_or_none(id=audit_id).prefetch_related("checklist")
    if existing is None:
        return await _create(actor, audit_id, incoming), True
    await require_planner(actor, existing)
    stored = await _plan_values(existing)

    async def current() -> dict[str, Any]:
        return await audit_json(await get_audit(actor, audit_id))

    if not await check_change(stored, incoming, revision=existing.revision, base_revision=body.get("base_revision"),
                              submitted=existing.status == "submitted", current=current):
        return await get_audit(actor, audit_id), False
    for key in ("building_id", "checklist_id"):
        if incoming[key] != stored[key]:
            raise Invalid(f"{key} cannot change once an audit is planned; plan a new audit instead.", field=key)
    await _update(existing, incoming)
    return await get_audit(actor, audit_id), False


async def _create(actor: Actor, audit_id: str, values: dict[str, Any]) -> Audit:
    building = await Building.get_or_none(id=values["building_id"])
    if building is None:
        raise Invalid("building_id: there is no such building.", field="building_id")
    checklist = await store.current_version(values["checklist_id"])
    if checklist is None:
        raise Invalid(f"checklist_id: there is no checklist {values['checklist_id']!r}.", field="checklist_id")
    members = await _members(values["member_ids"])
    spaces = await _spaces(building, values["space_ids"])
    async with in_transaction():
        audit = await Audit.create(id=audit_id, title=values["title"], building=building, checklist=checklist,
                                   created_by_id=actor.user_id)
        await AuditMember.bulk_create([AuditMember(audit=audit, user=u) for u in members])
        await AuditSpace.bulk_create([AuditSpace(audit=audit, space=s, position=i) for i, s in enumerate(spaces)])
        await AuditEvent.create(audit=audit, actor_id=actor.user_id, from_status=None, to_status="planned",
                                at=clock.now())
    return await get_audit(actor, audit_id)


async def _update(audit: Audit, values: dict[str, Any]) -> None:
    building = await Building.get(id=audit.building_id)  # type: ignore[attr-defined]
    members = await _members(values["member_ids"])
    spaces = await _spaces(building, values["space_ids"])
    answered = set(await Response.filter(audit_id=audit.id).values_list("space_id", flat=True))
    dropped = [s for s in answered if str(s) not in values["space_ids"]]
    if dropped:
        raise Invalid("space_ids: a space that already has answers cannot be taken out of the audit.",
                      field="space_ids")
    old_skips = {str(a.space_id): a for a in await AuditSpace.filter(audit_id=audit.id)}  # type: ignore[attr-defined]
    async with in_transaction():
        await AuditMember.filter(audit_id=audit.id).delete()
        await AuditMember.bulk_create([AuditMember(audit=audit, user=u) for u in members])
        await AuditSpace.filter(audit_id=audit.id).delete()
        await AuditSpace.bulk_create([
            AuditSpace(audit=audit, space=s, position=i,
                       skip_reason=old_skips[str(s.id)].skip_reason if str(s.id) in old_skips else None,
                       skip_note=old_skips[str(s.id)].skip_note if str(s.id) in old_skips else "")
            for i, s in enumerate(spaces)])
        audit.title = values["title"]
        audit.revision += 1
        await audit.save()


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


async def set_skip(actor: Actor, audit_id: str, space_id: str, skipped: Any) -> AuditSpace:
    audit = await get_audit(actor, audit_id)
    await require_walker(actor, audit)
    row = await AuditSpace.get_or_none(audit_id=audit.id, space_id=space_id)
    if row is None:
        raise NotFound("This space is not part of the audit.")
    reason, note = _skip_values(skipped)
    if (row.skip_reason, row.skip_note) == (reason, note):
        return row
    async with in_transaction():  # a skip that cannot be saved leaves the audit as it was (not started)
        await started(actor, audit)
        row.skip_reason, row.skip_note = reason, note
        await row.save()
    return row


def _skip_values(skipped: Any) -> tuple[str | None, str]:
    if skipped is None:
        return None, ""
    if not isinstance(skipped, dict) or set(skipped) - {"reason", "note"}:
        raise Invalid("skipped must be null or {\"reason\", \"note\"}.", field="skipped")
    reason, note = skipped.get("reason"), skipped.get("note", "")
    if reason not in SKIP_REASONS:
        raise Invalid(f"skipped.reason must be one of: {', '.join(SKIP_REASONS)}.", field="skipped.reason")
    if not isinstance(note, str) or len(note.strip()) > 500 or CONTROL_CHARS.search(note):
        raise Invalid("skipped.note must be text of at most 500 characters, without control characters.",
                      field="skipped.note")
    if reason == "other" and not note.strip():
        raise Invalid("Say why the space was skipped.", field="skipped.note")
    return reason, note.strip()


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


async def list_audits(actor: Actor, status: str) -> list[Audit]:
    query = Audit.all().prefetch_related("checklist", "building", "created_by").order_by("-created_at")
    if status:
        query = query.filter(status=status)
    if not actor.can("audit.read_all"):
        mine = await AuditMember.filter(user_id=actor.user_id).values_list("audit_id", flat=True)
        query = query.filter(Q(id__in=[*mine, uuid.UUID(int=0)]) | Q(created_by_id=actor.user_id))
    return await query


async def auditors() -> list[dict[str, str]]:
    """Active people whose roles let them walk audits, by name: the choices for an audit's team."""
    roles = [role for role in ("admin", "auditor") if "audit.conduct" in verbs_for([role])]
    ids = await UserRole.filter(role__in=roles).values_list("user_id", flat=True)
    people = await User.filter(id__in=list(set(ids)), disabled=False).order_by("name")
    return [{"id": str(u.id), "name": u.name} for u in people]

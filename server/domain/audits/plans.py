"""Planning audits (building, pinned checklist, team, spaces), reading one, and listing those the caller may see.
Their status is status.py; skipped spaces are skips.py."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from server import clock
from server.auth.permissions import Actor, verbs_for
from server.domain.audits.access import get_audit, require_planner
from server.domain.audits.status import STATUSES
from server.domain.audits.views import audit_json
from server.domain.checklists import store
from server.domain.list_filters import Filter, one_of
from server.domain.sync.replay import check_change
from server.errors import Invalid
from server.models import Audit, AuditEvent, AuditMember, AuditSpace, Building, Response, Space, User, UserRole


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


# GET /api/audits: what list_audits takes, read from the query string.
FILTERS = (Filter("status", "Only audits in this state.", one_of(STATUSES)),)


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

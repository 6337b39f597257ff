"""Findings an auditor records: from an item's answer (with the item's defaults) or on their own. Every change
is a move of server/domain/findings/flow.py, so it writes its event; after triage the walk can no longer change it."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from server.auth.permissions import Actor
from server.checklists.rules import find_item
from server.domain.audits.access import get_audit, require_walker
from server.domain.audits.answers import require_space
from server.domain.audits.status import started
from server.domain.findings import access, flow
from server.domain.findings.views import walk_json
from server.domain.sync.replay import check_change, require_same_place, submitted_error
from server.errors import Conflict, Invalid, NotFound
from server.models import Audit, Finding, User

FIELDS = ("title", "description", "severity", "remedies", "photo_ids")
WALK_STATES = ("open", "withdrawn")


class FindingTriaged(Conflict):
    code = "finding_triaged"


def _section_for(audit: Audit, item_id: str | None, photo_ids: list[str]) -> str | None:
    if item_id is None:
        return None
    found = find_item(audit.checklist.content, item_id)
    if found is None:
        raise Invalid(f"item_id: {item_id!r} is not an item of this audit's checklist.", field="item_id")
    section_id, item = found
    rule = item.get("finding")
    if rule is None:
        raise Invalid(f"item_id: item {item_id!r} never raises a finding; record it without an item.",
                      field="item_id")
    if rule.get("photo_required") and not photo_ids:
        raise Invalid("photo_ids: this finding needs at least one photo.", field="photo_ids")
    return section_id


async def put_finding(actor: Actor, finding_id: str, body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    audit = await get_audit(actor, str(body["audit_id"]))
    await require_walker(actor, audit)
    space_id = str(body["space_id"])
    await require_space(audit, space_id)
    item_id = body.get("item_id")
    if item_id is not None and not isinstance(item_id, str):
        raise Invalid("item_id must be an item id or null.", field="item_id")
    section_id = _section_for(audit, item_id, body["photo_ids"])
    incoming = {"audit_id": str(audit.id), "space_id": space_id, "item_id": item_id,
                **{key: body.get(key, "") for key in FIELDS}}
    existing = await Finding.get_or_none(id=finding_id).prefetch_related("created_by")
    if existing is None:
        if audit.status == "submitted":
            raise submitted_error()
        async with in_transaction():  # the audit is started only if its first finding is saved
            await started(actor, audit)
            created = await flow.create(actor.user_id, {
                "id": finding_id, "audit_id": audit.id, "space_id": space_id, "item_id": item_id,
                "section_id": section_id, **{key: incoming[key] for key in FIELDS}})
        return walk_json(created, audit, await User.get(id=actor.user_id)), True
    if existing.audit_id != audit.id:  # type: ignore[attr-defined]
        await access.require_readable(actor, existing.id, "finding")
    stored = walk_json(existing, audit)

    async def current() -> dict[str, Any]:
        return stored

    if not await check_change(stored, incoming, revision=existing.revision, base_revision=body.get("base_revision"),
                              submitted=audit.status == "submitted", current=current):
        return stored, False
    require_same_place(stored, incoming, "finding")
    _require_walk_state(existing, stored)
    # A changed finding that had been withdrawn is raised again (withdrawn -> open); an open one stays open.
    changed = {key: [stored[key], incoming[key]] for key in FIELDS if stored[key] != incoming[key]}
    change = flow.Change(existing, "open", actor.user_id, updates={key: incoming[key] for key in FIELDS},
                         changes=changed)
    await flow.commit([change], _walk_view(audit))
    return walk_json(existing, audit), False


def _require_walk_state(finding: Finding, stored: dict[str, Any]) -> None:
    """The walk changes a finding only until the committee has taken it up; then the phone is shown why."""
    if finding.status not in WALK_STATES:
        raise FindingTriaged(f"This finding is now {finding.status.replace('_', ' ')}: the committee has taken it "
                             "up, so it can no longer be changed from the walk.", current=stored)


def _walk_view(audit: Audit) -> flow.Current:
    async def current(finding_id: str) -> dict[str, Any]:
        return walk_json(await Finding.get(id=finding_id).prefetch_related("created_by"), audit)

    return current


async def withdraw(actor: Actor, finding_id: str) -> None:
    finding = await Finding.get_or_none(id=finding_id).prefetch_related("created_by")
    if finding is None:
        raise NotFound("There is no such finding.")
    if finding.audit_id is None:  # type: ignore[attr-defined]
        await access.require_readable(actor, finding.id, "finding")
        raise FindingTriaged("This finding came from a community report, not a walk: the committee declines it "
                             "instead of withdrawing it.")
    audit = await get_audit(actor, str(finding.audit_id))  # type: ignore[attr-defined]
    await require_walker(actor, audit)
    if finding.status == "withdrawn":
        return
    if audit.status == "submitted":
        raise submitted_error()
    _require_walk_state(finding, walk_json(finding, audit))
    await flow.commit([flow.Change(finding, "withdrawn", actor.user_id)], _walk_view(audit))

"""Spaces of an audit skipped on the walk (locked, under renovation, no access, or another reason said in a
note): a skipped space needs no answers for the audit to be submitted."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from server.auth.permissions import Actor
from server.checklists.rules import SKIP_REASONS
from server.domain.audits.access import get_audit, require_walker
from server.domain.audits.status import started
from server.errors import Invalid, NotFound
from server.models import AuditSpace
from server.schema import CONTROL_CHARS


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

"""What the committee does with a community report: answer the reporter, turn the report into a finding,
attach it to an existing finding (the reporter then follows that finding), decline it with a reason the
reporter reads, or mark it as spam (hidden, never counted).

Turning a report into a finding makes the finding through server/domain/findings/flow.py (so its history
starts with its first event), carries over the space, the category (as section) and the photos (the same
stored JPEGs, as evidence photos of the finding), and links the report, all in one transaction.
"""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server.auth.permissions import Actor
from server.domain.community import states, views
from server.domain.community.codes import display
from server.domain.findings import flow as finding_flow
from server.domain.findings.states import FINAL_STATES
from server.errors import Conflict, Invalid, NotFound
from server.models import CommunityMessage, CommunityPhoto, CommunityReport, Finding, Photo

TARGETS = ("under_review", "finding", "joined", "declined", "spam")
# The body fields each move uses; any other is refused rather than silently dropped. A note goes with any.
INPUTS = {"finding": ("title", "severity", "remedies"), "joined": ("finding_id",)}
SEVERITY = "medium"  # a report says nothing of severity: the committee may choose, or triage it later


async def get_report(report_id: Any) -> CommunityReport:
    report = await CommunityReport.get_or_none(id=report_id).prefetch_related("finding")
    if report is None:
        raise NotFound("There is no such report.")
    return report


async def _replayed(existing: CommunityMessage, report: CommunityReport, actor: Actor, text: str) -> dict[str, Any]:
    await existing.fetch_related("author")
    same = (str(existing.report_id), existing.sender, str(existing.author_id), existing.text)  # type: ignore[attr-defined]
    if same != (str(report.id), "committee", actor.user_id, text):
        raise Conflict("A different message was already saved under this id.", field="id")
    return views.message_json(existing)


async def reply(actor: Actor, report_id: str, message_id: str, text: str) -> tuple[dict[str, Any], bool]:
    """A message to the reporter (they read it on their follow-up page); the same id again is a replay.
    Returns (message, created). A reply to a report nobody had looked at yet puts it under review."""
    report = await get_report(report_id)
    existing = await CommunityMessage.get_or_none(id=message_id)
    if existing is not None:
        return await _replayed(existing, report, actor, text), False
    if report.closed_on is not None or report.status == "spam":
        raise states.ReportClosed("This report is closed: the reporter can no longer read or answer messages.")
    for _ in range(5):  # two messages at once may pick the same position: the loser takes the next
        try:
            async with in_transaction():
                last = await CommunityMessage.filter(report_id=report.id).order_by("-position").first()
                message = await CommunityMessage.create(
                    id=message_id, report_id=report.id, sender="committee", author_id=actor.user_id, text=text,
                    on=states.today(), position=(last.position if last else 0) + 1)
                await CommunityReport.filter(id=report.id).update(updated_on=states.today())
                if report.status == "received":
                    await states.move(report, "under_review", actor.user_id, note="Replied to the reporter.")
            break
        except IntegrityError:
            existing = await CommunityMessage.get_or_none(id=message_id)
            if existing is not None:  # the same message raced itself
                return await _replayed(existing, report, actor, text), False
    else:
        raise Conflict("Too many messages at once on this report; send it again.", field="id")
    await message.fetch_related("author")
    return views.message_json(message), True


def _refuse_extras(to: str, body: dict[str, Any]) -> None:
    for name in ("title", "severity", "remedies", "finding_id"):
        if body.get(name) is not None and name not in INPUTS.get(to, ()):
            raise Invalid(f"{name} does not apply to a move to {to.replace('_', ' ')}.", field=name)


async def _join_target(body: dict[str, Any]) -> Finding:
    finding_id = body.get("finding_id")
    if not finding_id:
        raise Invalid("finding_id is required: the finding this report is about.", field="finding_id")
    finding = await Finding.get_or_none(id=finding_id)
    if finding is None:
        raise Invalid("finding_id: there is no such finding.", field="finding_id")
    if finding.status in FINAL_STATES:
        raise Invalid(f"finding_id: that finding is {finding.status}; decline the report with a reason, or turn "
                      "it into a new finding.", field="finding_id")
    return finding


async def _make_finding(actor: Actor, report: CommunityReport, body: dict[str, Any]) -> Finding:
    """The finding a report becomes, with the report's photos as its evidence (inside the caller's transaction)."""
    photos = await CommunityPhoto.filter(report_id=report.id).order_by("id")
    photo_ids = [uuid.uuid4() for _ in photos]
    finding = await finding_flow.create(actor.user_id, {
        "id": uuid.uuid4(), "audit_id": None, "source": "community", "space_id": report.space_id,  # type: ignore[attr-defined]
        "item_id": None, "section_id": report.category,
        "title": (body.get("title") or "").strip() or states.category_title(report.category),
        "description": report.description, "severity": body.get("severity") or SEVERITY,
        "remedies": body.get("remedies") or [], "photo_ids": [str(i) for i in photo_ids],
    }, note=f"From community report {display(report.tracking_code)}")
    for photo_id, p in zip(photo_ids, photos, strict=True):
        # The same stored JPEGs (by content hash); no capture time, as the report kept none.
        await Photo.create(id=photo_id, finding=finding, kind="evidence", upload_sha256=p.upload_sha256,
                           evidence=p.evidence, display=p.display, thumb=p.thumb, width=p.width, height=p.height,
                           taken_at=None, uploaded_by_id=actor.user_id)
    return finding


async def transition(actor: Actor, report_id: str, body: dict[str, Any]) -> CommunityReport:
    """One committee action, checked before anything is written. A report still marked received passes
    through under review on its way to a finding, a join or a decline (each step with its event)."""
    report = await get_report(report_id)
    to = body["to"]
    _refuse_extras(to, body)
    note = str(body.get("note") or "").strip()
    passing = to in ("finding", "joined", "declined") and report.status == "received"
    states.require_move(report, "under_review" if passing else to)
    target = await _join_target(body) if to == "joined" else None
    if to == "declined" and not note:
        raise Invalid("note is required: the reason the reporter will read.", field="note")
    async with in_transaction():
        if passing:
            await states.move(report, "under_review", actor.user_id)
        if to == "finding":
            made = await _make_finding(actor, report, body)
            await states.move(report, "finding", actor.user_id, note, finding_id=made.id)
        elif to == "joined":
            await states.move(report, "joined", actor.user_id, note, finding_id=target.id)  # type: ignore[union-attr]
        elif to == "declined":
            await states.move(report, "declined", actor.user_id, note, decline_reason=note)
        else:
            await states.move(report, to, actor.user_id, note)
    return report

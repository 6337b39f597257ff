"""What a reporter reads on the follow-up page: the report's status and its steps, dated to the day (the
page's JSON is views.follow_json).

The steps come from the report's own events (received, under review, became a finding, joined a finding,
declined) and, once the report is linked to a finding, from that finding's events mapped to plain words:
accepted; assigned, started or reopened -> being fixed; resolved -> fixed (waiting for verification);
verified -> verified fixed; declined -> declined, with the committee's note. A finding marked a duplicate is
followed into the finding it duplicates. Spam is never called spam: the reporter reads "closed".
Nothing here names a committee member.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from server.models import CommunityEvent, CommunityReport, Finding, FindingEvent

REPORT_STEPS = ("received", "under_review", "finding", "joined", "declined")
FINDING_STEPS = {"accepted": "accepted", "assigned": "being_fixed", "in_progress": "being_fixed",
                 "reopened": "being_fixed", "resolved": "fixed", "verified": "verified",
                 "declined": "finding_declined"}
CLOSED_STATUSES = ("declined", "spam")
FOLLOWED_DUPLICATES = 5  # how far a chain of duplicates is followed (each link is one committee decision)


@dataclass(frozen=True)
class Step:
    step: str
    on: date
    note: str = ""


def is_closed(report: CommunityReport) -> bool:
    """Closed reports take no more messages or addresses (server/domain/community/states.py closes them)."""
    return report.closed_on is not None or report.status in CLOSED_STATUSES


def public_status(report: CommunityReport) -> str:
    return "closed" if report.status == "spam" else report.status


def _collapse(steps: list[Step]) -> list[Step]:
    """One step per stretch: assigned then started is one "being fixed"."""
    out: list[Step] = []
    for step in steps:
        if not out or out[-1].step != step.step:
            out.append(step)
    return out


async def _finding_steps(finding_id: Any, since: date) -> list[Step]:
    """The finding's steps from the day the report was linked to it: where it stood that day, then each change;
    into the finding it duplicates, if it was marked one."""
    steps: list[Step] = []
    for _ in range(FOLLOWED_DUPLICATES):
        segment: list[Step] = []
        before: Step | None = None
        duplicate_on: date | None = None
        for event in await FindingEvent.filter(finding_id=finding_id).order_by("at", "id"):
            day = event.at.date()
            if event.to_status == "duplicate":
                duplicate_on = day
                continue
            name = FINDING_STEPS.get(event.to_status)
            if name is None:
                continue
            step = Step(name, day, event.note if name == "finding_declined" else "")
            if day < since:
                before = step
            else:
                segment.append(step)
        if before is not None:  # where it stood on the day the report was linked to it
            segment.insert(0, Step(before.step, since, before.note))
        steps += segment
        if duplicate_on is None:
            break
        finding = await Finding.get_or_none(id=finding_id)
        if finding is None or finding.duplicate_of_id is None:  # type: ignore[attr-defined]
            break
        finding_id, since = finding.duplicate_of_id, max(since, duplicate_on)  # type: ignore[attr-defined]
    return steps


async def steps(report: CommunityReport) -> list[Step]:
    events = await CommunityEvent.filter(report_id=report.id).order_by("id")
    out = [Step(e.to_status, e.on, e.note if e.to_status == "declined" else "") for e in events
           if e.to_status in REPORT_STEPS and e.from_status != e.to_status]
    if report.finding_id is not None:  # type: ignore[attr-defined]
        linked = next((s.on for s in reversed(out) if s.step in ("finding", "joined")), report.updated_on)
        out += await _finding_steps(report.finding_id, linked)  # type: ignore[attr-defined]
    return _collapse(out)


def decline_reason(report: CommunityReport, done: list[Step]) -> str:
    if report.status == "declined":
        return report.decline_reason or next((s.note for s in done if s.step == "declined"), "")
    return next((s.note for s in reversed(done) if s.step == "finding_declined"), "")

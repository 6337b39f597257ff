"""A community report's statuses and the only moves between them, as data, and the one place they change.

received -> under_review -> finding | joined | declined; an open report (received or under review) -> spam.
Each move is a conditional UPDATE (on the status it was checked against) and its CommunityEvent, in one
transaction, so of two committee members acting at once exactly one wins. A report is closed when declined
or spam, or when the finding it became (or joined) is verified, declined or marked a duplicate. Closing
deletes the address the reporter left for updates: right after the last notice to it has been prepared
(server/domain/community/mail.py: farewell), and, should a process die in between, by the next sweep.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from tortoise.expressions import Subquery
from tortoise.transactions import in_transaction

from server import clock
from server.errors import Conflict
from server.languages import DEFAULT
from server.models import CommunityEvent, CommunityReport, ReporterContact

STATUSES = ("received", "under_review", "finding", "joined", "declined", "spam")
OPEN = ("received", "under_review")
MOVES = frozenset({
    ("received", "under_review"),
    ("under_review", "finding"),
    ("under_review", "joined"),
    ("under_review", "declined"),
    *((state, "spam") for state in OPEN),
})
CLOSING = ("declined", "spam")  # moves that close the report themselves
# A linked finding moving to one of these closes the reports that follow it (see close_for_finding).
FINDING_CLOSES = ("verified", "declined", "duplicate")

SOURCES = ("walk", "community")


class InvalidMove(Conflict):
    code = "invalid_transition"


class ReportChanged(Conflict):
    code = "report_changed"


class ReportClosed(Conflict):
    code = "report_closed"


def today() -> date:
    """Report dates are calendar days (UTC): a precise time could single a reporter out."""
    return clock.now().date()


def category_title(category: str | None, lang: str = DEFAULT) -> str:
    """What the reporter saw, as the committee reads it (the section of a finding made from a report)."""
    from server.vocabulary import label  # the vocabulary gathers this module's lists: imported when used

    return label("report_category_titles", category, lang, empty="") if category else ""


def require_move(report: CommunityReport, to: str) -> None:
    if report.closed_on is not None or (report.status, to) not in MOVES:
        state = "closed" if report.closed_on is not None else report.status.replace("_", " ")
        raise InvalidMove(f"A report that is {state} cannot move to {to.replace('_', ' ')}.", field="to")


async def move(report: CommunityReport, to: str, actor_id: str | None, note: str = "",
               **updates: Any) -> CommunityEvent:
    """Move a report (checked against the table) and write its event; a closing move dates the closing."""
    require_move(report, to)
    on = today()
    closes = to in CLOSING
    values = {"status": to, "updated_on": on, **updates, **({"closed_on": on} if closes else {})}
    async with in_transaction():
        rows = await CommunityReport.filter(id=report.id, status=report.status, closed_on=None).update(**values)
        if rows != 1:
            raise ReportChanged("Someone else acted on this report a moment ago; open it again to see it now.")
        event = await CommunityEvent.create(report_id=report.id, actor_id=actor_id, from_status=report.status,
                                            to_status=to, note=note, on=on)
    for name, value in values.items():
        setattr(report, name, value)
    return event


async def close_for_finding(finding_id: Any, finding_status: str, actor_id: str) -> list[str]:
    """Close the reports that follow a finding which has just become final, each with its event (called
    inside the finding's own transaction by server/domain/findings/flow.py). Returns their ids."""
    if finding_status not in FINDING_CLOSES:
        return []
    on, closed = today(), []
    why = {"verified": "its finding was verified fixed", "declined": "its finding was declined",
           "duplicate": "its finding was marked a duplicate"}[finding_status]
    for report in await CommunityReport.filter(finding_id=finding_id, closed_on=None, status__in=("finding", "joined")):
        await CommunityReport.filter(id=report.id, closed_on=None).update(closed_on=on, updated_on=on)
        await CommunityEvent.create(report_id=report.id, actor_id=actor_id, from_status=report.status,
                                    to_status=report.status, note=f"Closed: {why}.", on=on)
        closed.append(str(report.id))
    return closed


async def forget_contacts(report_ids: list[str]) -> int:
    """Delete the addresses left for these (closed) reports."""
    return await ReporterContact.filter(report_id__in=report_ids).delete() if report_ids else 0


async def forget_closed_contacts() -> int:
    """The sweep: any address still kept for a closed report (its process died before deleting it)."""
    closed = CommunityReport.filter(closed_on__isnull=False).values("id")
    return await ReporterContact.filter(report_id__in=Subquery(closed)).delete()

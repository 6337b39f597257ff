"""Findings after the walk: lists and queues, a finding's page, its moves (one or many), comments, the inbox.

The walk's own routes (PUT and DELETE /findings/{id}) are in server/api/audits.py.
"""

from __future__ import annotations

import logging
from typing import Any

from starlette.responses import Response as HttpResponse

from server import mail
from server.api.paging import PAGING, page, paging, path_id
from server.auth.signing import instance_key
from server.domain.community import mail as community_mail
from server.domain.findings import comments, filters, lists, remediation
from server.domain.findings import mail as finding_mail
from server.domain.findings.access import get_finding
from server.domain.findings.states import FINDING_REMEDIES, PRIORITIES, TRANSITION_TARGETS
from server.domain.findings.views import detail_json
from server.http.routing import ApiRoute, Call, Param, json_response, query_params
from server.models import FindingEvent
from server.schema import Body, Date, Int, OneOf, Str, Uuid, UuidList

log = logging.getLogger("spaces_audit.mail")
ASSIGN = {
    "assignee_id": Uuid(required=False),
    "due_date": Date(required=False),
    "priority": OneOf(PRIORITIES, required=False),
}
TRANSITION = Body(
    {
        "to": OneOf(TRANSITION_TARGETS),
        "note": Str(max_length=4000, required=False),
        "remedy": OneOf(FINDING_REMEDIES, required=False),
        **ASSIGN,
        "duplicate_of": Uuid(required=False),
        "photo_ids": UuidList(max_items=20, required=False),
        "base_revision": Int(low=1, required=False),
    }
)
ASSIGNMENT = Body(
    {"finding_ids": UuidList(min_items=1, max_items=200), **ASSIGN, "note": Str(max_length=4000, required=False)}
)
COMMENT = Body({"id": Uuid(), "text": Str(min_length=1, max_length=4000)})
ID = (Param("id", "The finding's id.", "path"),)
CURSOR = Param("cursor", "A page's link: next_cursor or previous_cursor of the page before (keyset paging; "
               "offset still works, but every page deeper costs more).")


async def _notify(call: Call, events: list[FindingEvent]) -> None:
    """Mail for what was just committed; sent in the background, so a mail server never fails a change."""
    # Community reports that closed with their finding: the reporters' last notice, then their addresses go.
    await community_mail.after_finding_events(call.settings, events)
    if not call.settings.smtp.enabled:
        return
    base_url = call.settings.public_url or str(call.request.base_url).rstrip("/")
    try:
        mail.send_later(call.settings.smtp, await finding_mail.mails_for(events, base_url))
    except Exception:  # the change is committed: a failure to prepare its mail must not turn into an error
        log.exception("Could not prepare notifications for %d finding event(s)", len(events))


async def list_findings(call: Call) -> dict[str, Any]:
    limit, offset = paging(call)
    how = lists.Paging(limit, offset, call.query("cursor"), instance_key(call.settings))
    return await lists.list_findings(call.me, dict(call.request.query_params), how)


async def show_finding(call: Call) -> dict[str, Any]:
    finding = await get_finding(call.me, path_id(call))
    return await detail_json(call.me, str(finding.id))


async def transition(call: Call) -> dict[str, Any]:
    finding, events = await remediation.transition(call.me, path_id(call), call.body)
    await _notify(call, events)
    return finding


async def assign(call: Call) -> dict[str, Any]:
    findings, events = await remediation.assign_many(call.me, call.body)
    await _notify(call, events)
    return page(findings, len(findings))


async def comment(call: Call) -> HttpResponse:
    saved, created = await comments.add_comment(call.me, path_id(call), str(call.body["id"]), call.body["text"])
    return json_response(saved, 201 if created else 200)


async def list_assignees(call: Call) -> dict[str, Any]:
    items = await remediation.assignees()
    return page(items, len(items))


async def list_categories(call: Call) -> dict[str, Any]:
    items = await lists.categories(call.lang)
    return page(items, len(items))


async def inbox(call: Call) -> dict[str, Any]:
    return await lists.inbox(call.me)


WRITES = (404, 409, 422)
ROUTES = [
    ApiRoute(
        "GET",
        "/findings",
        list_findings,
        "The findings the caller may see, filtered, or a queue.",
        "finding.read",
        response="FindingList",
        query=(*query_params(filters.FILTERS), *PAGING, CURSOR),
        errors=(400, 422),
    ),
    ApiRoute(
        "GET",
        "/findings/categories",
        list_categories,
        "The checklist sections findings can be filtered by (id and title).",
        "finding.read",
        response="CategoryList",
    ),
    ApiRoute(
        "POST",
        "/findings/assignments",
        assign,
        "Assign several findings to one person at once (all or none).",
        "finding.assign",
        body=ASSIGNMENT,
        response="FindingDetailList",
        errors=WRITES,
    ),
    ApiRoute(
        "GET",
        "/findings/{id}",
        show_finding,
        "A finding with its photos, timeline and duplicates.",
        "finding.read",
        response="FindingDetail",
        query=ID,
        errors=(404,),
    ),
    ApiRoute(
        "POST",
        "/findings/{id}/transitions",
        transition,
        "Move a finding on: triage, assign, start, resolve, verify, reopen, or mark it a duplicate.",
        "finding.transition",
        body=TRANSITION,
        response="FindingDetail",
        query=ID,
        errors=WRITES,
    ),
    ApiRoute(
        "POST",
        "/findings/{id}/comments",
        comment,
        "Comment on a finding (the same comment id again: a replay).",
        "finding.comment",
        body=COMMENT,
        response="FindingComment",
        status=201,
        query=ID,
        errors=WRITES,
    ),
    ApiRoute(
        "GET",
        "/assignees",
        list_assignees,
        "Active facilities staff (to assign findings to).",
        "finding.assign",
        response="PersonList",
    ),
    ApiRoute(
        "GET",
        "/inbox",
        inbox,
        "What needs the caller: assigned, due soon, overdue, to verify, reopened.",
        "finding.read",
        response="Inbox",
    ),
]

"""Audits, answers and findings. Records made on the phone are PUT on their UUIDs (see docs/API.md)."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response as HttpResponse

from server.api.paging import page, path_id
from server.checklists.rules import REMEDIES, SEVERITIES
from server.domain.audits import answers, plans, skips, status
from server.domain.audits.access import get_audit
from server.domain.audits.views import audit_json
from server.domain.checklists.views import content_json
from server.domain.findings import walk
from server.domain.list_filters import parse
from server.errors import Invalid
from server.http.routing import ApiRoute, Call, Param, json_response, query_params
from server.schema import AnyJson, Body, Choices, Int, OneOf, Str, Uuid, UuidList

BASE = {"base_revision": Int(low=1, required=False)}
AUDIT = Body({"building_id": Uuid(), "checklist_id": Str(max_length=80, min_length=1),
              "title": Str(min_length=1), "member_ids": UuidList(min_items=1, max_items=50),
              "space_ids": UuidList(min_items=1, max_items=500), **BASE})
TRANSITION = Body({"to": OneOf(("in_progress", "submitted"))})
SKIP = Body({"skipped": AnyJson('null, or {"reason": locked|renovation|no_access|other, "note": text}',
                                required=False)})
RESPONSE = Body({"audit_id": Uuid(), "space_id": Uuid(), "item_id": Str(max_length=80, min_length=1),
                 "answer": AnyJson("By item type: see docs/API.md; \"not_applicable\" for any item."),
                 "note": Str(max_length=2000, required=False), **BASE})
FINDING = Body({"audit_id": Uuid(), "space_id": Uuid(),
                "item_id": Str(max_length=80, min_length=1, required=False),
                "title": Str(min_length=1), "description": Str(max_length=4000, required=False),
                "severity": OneOf(SEVERITIES), "remedies": Choices(REMEDIES),
                "photo_ids": UuidList(max_items=20), **BASE})
ID = (Param("id", "The record's id (a UUID made on the phone).", "path"),)
# A phone opening an audit it has never seen would otherwise ask for its checklist only once the audit has
# named it: two round trips one after the other before the walk can draw.
WITH = Param("with", "checklist: the answer also carries the audit's checklist version as checklist_content (what "
                     "GET /checklists/{id}/versions/{version} answers), so one request opens the walk.")


def _saved(data: dict[str, Any], created: bool) -> HttpResponse:
    return json_response(data, 201 if created else 200)


async def list_audits(call: Call) -> dict[str, Any]:
    found = await plans.list_audits(call.me, **parse(plans.FILTERS, call.request.query_params))
    items = [await audit_json(a) for a in found]
    return page(items, len(items))


async def list_auditors(call: Call) -> dict[str, Any]:
    items = await plans.auditors()
    return page(items, len(items))


async def put_audit(call: Call) -> HttpResponse:
    audit, created = await plans.put_audit(call.me, path_id(call), dict(call.body))
    return _saved(await audit_json(audit), created)


async def show_audit(call: Call) -> dict[str, Any]:
    extra = call.query("with")
    if extra not in ("", "checklist"):
        raise Invalid("with may only be checklist.", field="with")
    audit = await get_audit(call.me, path_id(call))
    data = await audit_json(audit, full=True)
    if extra:
        data["checklist_content"] = content_json(audit.checklist)
    return data


async def transition(call: Call) -> dict[str, Any]:
    return await audit_json(await status.transition(call.me, path_id(call), call.body["to"]))


async def skip_space(call: Call) -> dict[str, Any]:
    space_id = path_id(call, "space_id")
    await skips.set_skip(call.me, path_id(call), space_id, call.body.get("skipped"))
    audit = await get_audit(call.me, path_id(call))
    return next(s for s in (await audit_json(audit))["spaces"] if s["id"] == space_id)


async def put_response(call: Call) -> HttpResponse:
    return _saved(*await answers.put_response(call.me, path_id(call), dict(call.body)))


async def show_response(call: Call) -> dict[str, Any]:
    return await answers.response_history(call.me, path_id(call))


async def put_finding(call: Call) -> HttpResponse:
    return _saved(*await walk.put_finding(call.me, path_id(call), dict(call.body)))


async def withdraw_finding(call: Call) -> HttpResponse:
    await walk.withdraw(call.me, path_id(call))
    return HttpResponse(status_code=204)


WRITES = (404, 409, 422)
ROUTES = [
    ApiRoute("GET", "/audits", list_audits, "The audits the caller may see.", "audit.read",
             response="AuditList", query=query_params(plans.FILTERS)),
    ApiRoute("GET", "/auditors", list_auditors, "Active people who can walk audits (to choose a team).",
             "audit.create", response="PersonList"),
    ApiRoute("PUT", "/audits/{id}", put_audit, "Plan an audit, or change its plan.", "audit.create", body=AUDIT,
             response="Audit", status=201, query=ID, errors=WRITES),
    ApiRoute("GET", "/audits/{id}", show_audit, "One audit with its answers and findings.", "audit.read",
             response="AuditFull", query=(*ID, WITH), errors=(404, 422)),
    ApiRoute("POST", "/audits/{id}/transitions", transition, "Start or submit an audit.", "audit.conduct",
             body=TRANSITION, response="Audit", query=ID, errors=WRITES),
    ApiRoute("PUT", "/audits/{id}/spaces/{space_id}", skip_space, "Skip a space with a reason, or un-skip it.",
             "audit.conduct", body=SKIP, response="AuditSpace", errors=WRITES,
             query=(*ID, Param("space_id", "The space's id.", "path"))),
    ApiRoute("PUT", "/responses/{id}", put_response, "Answer a checklist item in a space.", "audit.conduct",
             body=RESPONSE, response="Response", status=201, query=ID, errors=WRITES),
    ApiRoute("GET", "/responses/{id}", show_response, "One answer with every earlier state of it (who, when).",
             "audit.read", response="ResponseHistory", query=ID, errors=(404,)),
    ApiRoute("PUT", "/findings/{id}", put_finding, "Record or change a finding.", "audit.conduct", body=FINDING,
             response="Finding", status=201, query=ID, errors=WRITES),
    ApiRoute("DELETE", "/findings/{id}", withdraw_finding, "Withdraw a finding (before submission).",
             "audit.conduct", query=ID, status=204, errors=WRITES),
]

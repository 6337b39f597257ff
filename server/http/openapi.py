"""The OpenAPI 3.1 document, built from the route declarations and the response shapes below."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from server import __version__
from server.auth.permissions import ROLES
from server.domain.findings.states import FINDING_REMEDIES, PRIORITIES, STATES
from server.http.routing import LOGGED_IN, PUBLIC, ApiRoute

S = {"type": "string"}
TIME = {"type": "string", "format": "date-time"}
ID = {"type": "string", "format": "uuid"}
INT = {"type": "integer", "minimum": 0}


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def _obj(props: dict[str, Any], *, required: Sequence[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props,
            "required": list(props) if required is None else list(required)}


def _list_of(name: str) -> dict[str, Any]:
    return _obj({"items": {"type": "array", "items": _ref(name)}, "total": INT})


_COUNTS = _obj({"created": INT, "updated": INT, "unchanged": INT})
_USER = {"id": ID, "email": {"type": "string", "format": "email"}, "name": S,
         "roles": {"type": "array", "items": {"type": "string", "enum": list(ROLES)}},
         "disabled": {"type": "boolean"}, "has_password": {"type": "boolean"}, "created_at": TIME,
         "last_login_at": {"type": ["string", "null"], "format": "date-time"}}

_AUDIT = {"id": ID, "title": S, "status": {"type": "string", "enum": ["planned", "in_progress", "submitted"]},
          "revision": INT, "building": _obj({"id": ID, "code": S, "name": S}),
          "checklist": _obj({"id": S, "version": INT, "title": S}), "created_by": _ref("Person"),
          "members": {"type": "array", "items": _ref("Person")},
          "spaces": {"type": "array", "items": _ref("AuditSpace")},
          "progress": _obj({"answered": INT, "total": INT, "spaces_done": INT, "spaces_total": INT}),
          "history": {"type": "array", "items": _obj({"at": TIME, "by": _ref("Person"),
                                                       "from": {"type": ["string", "null"]}, "to": S})},
          "created_at": TIME, "updated_at": TIME, "submitted_at": {"type": ["string", "null"], "format": "date-time"}}

_FINDING = {"id": ID, "audit_id": ID, "space_id": ID, "item_id": {"type": ["string", "null"]},
            "section_id": {"type": ["string", "null"]}, "checklist": _obj({"id": S, "version": INT}),
            "title": S, "description": S, "severity": {"type": "string", "enum": ["low", "medium", "high"]},
            "remedies": {"type": "array", "items": S}, "photo_ids": {"type": "array", "items": ID},
            "status": {"type": "string", "enum": list(STATES)}, "revision": INT,
            "created_by": _ref("Person"), "created_at": TIME, "updated_at": TIME}

_NULL_PERSON = {"oneOf": [_ref("Person"), {"type": "null"}]}
_NULL_S = {"type": ["string", "null"]}
_LINK = _obj({"id": ID, "title": S, "status": {"type": "string", "enum": list(STATES)}})
_FINDING_ITEM = {
    "id": ID, "title": S, "severity": {"type": "string", "enum": ["low", "medium", "high"]},
    "status": {"type": "string", "enum": list(STATES)}, "revision": INT,
    "remedy": {"type": ["string", "null"], "enum": [*FINDING_REMEDIES, None]},
    "priority": {"type": "string", "enum": list(PRIORITIES)},
    "due_date": {"type": ["string", "null"], "format": "date"},
    "overdue": {"type": "boolean"}, "section_id": _NULL_S, "category": _obj({"id": _NULL_S, "title": _NULL_S}),
    "after_thumbnail_url": _NULL_S, "building": _obj({"id": ID, "code": S, "name": S}),
    "space": _obj({"id": ID, "name": S, "floor": S, "room_number": S}),
    "source": {"type": "string", "enum": ["walk", "community"]},
    # A finding from a community report has no audit, and names the report by its tracking code only.
    "audit": {"oneOf": [{"type": "null"}, _obj({"id": ID, "title": S, "status": S})]},
    "community_report": {"oneOf": [{"type": "null"}, _obj({"id": ID, "tracking_code_display": S})]},
    "assignee": _NULL_PERSON, "thumbnail_url": _NULL_S,
    "created_at": TIME, "updated_at": TIME}
_TIMELINE_ENTRY = _obj({"type": {"type": "string", "enum": ["event", "comment"]}, "id": {}, "at": TIME,
                        "by": _ref("Person"), "from": _NULL_S, "to": S, "note": S,
                        "photo_ids": {"type": "array", "items": ID},
                        "changes": {"type": "object", "description": '{"field": [old, new]}'}, "text": S},
                       required=["type", "id", "at", "by"])
_BUCKET = _obj({"count": INT, "items": {"type": "array", "items": _ref("FindingItem")}})

_NUMBER_PROPS = {"count": INT, "query": {"type": "string", "description": "The query string of GET /api/findings "
                                                                          "that lists the findings counted."}}
_NUMBER = _obj(_NUMBER_PROPS)


def _counted(props: dict[str, Any]) -> dict[str, Any]:
    """A count (with the query that lists what it counts) and what it is a count of, as one object: one flat
    shape, which a client (or a validator) can check field by field."""
    return _obj({**_NUMBER_PROPS, **props})

_REF = _obj({"id": ID, "name": S})
_BUILDING_REF = _obj({"id": ID, "code": S, "name": S})
_COUNT = _obj({"total": INT, "answered": INT, "unknown": INT})
_FIGURES = _obj({"spaces": INT, "counts": {"type": "object", "additionalProperties": _COUNT,
                                          "description": "By count item id: the sum of the numbers given, and in "
                                                         "how many spaces a number or unknown was given."}})
_NULL_DATE = {"type": ["string", "null"], "format": "date"}
_FILTERS = _obj({"campus": _NULL_S, "building": _NULL_S, "checklist": _NULL_S, "from": _NULL_DATE, "to": _NULL_DATE,
                 "source": {"type": ["string", "null"], "enum": ["walk", "community", None]}})
_WALKED = {"oneOf": [{"type": "null"}, _obj({"audit": _obj({"id": ID, "title": S, "submitted_at": _NULL_S,
                                                           "cycle": INT}),
                                               "spaces": INT, "counts": {"type": "object"}})]}
_INVENTORY_TABLES = {
    "items": {"type": "array", "items": _obj({"id": S, "prompt": S})},
    "totals": _obj({"current": _FIGURES, "previous": _FIGURES}),
    "campuses": {"type": "array", "items": _obj({"id": ID, "name": S, "current": _FIGURES, "previous": _FIGURES})},
    "buildings": {"type": "array", "items": _obj({"id": ID, "code": S, "name": S, "campus": _REF,
                                                   "current": _FIGURES, "previous": _FIGURES})},
    "spaces": {"type": "array", "items": _obj({"id": ID, "name": S, "floor": S, "room_number": S, "kind": S,
                                                "building": _BUILDING_REF, "campus": _REF, "current": _WALKED,
                                                "previous": _WALKED})},
}
_HISTORY_ENTRY = _obj({"at": TIME, "by": _ref("Person"), "from": _NULL_S, "to": S, "note": S,
                       "changes": {"type": "object"}})
_REPORT_FINDING = _obj({
    "number": INT, "id": ID, "title": S, "description": S, "severity": S, "status": S, "remedy": _NULL_S,
    "suggested_remedies": {"type": "array", "items": S}, "priority": S, "due_date": _NULL_DATE,
    "section": {"oneOf": [{"type": "null"}, _obj({"id": S, "title": S})]},
    "item": {"oneOf": [{"type": "null"}, _obj({"id": S, "prompt": S})]},
    "space": _obj({"id": ID, "name": S, "floor": S, "room_number": S, "kind": S}), "created_by": _NULL_PERSON,
    "created_at": TIME, "assignee": _NULL_PERSON, "resolved_by": _NULL_PERSON, "verified_at": _NULL_S,
    "duplicate_of": _NULL_S, "photos": _obj({"evidence": {"type": "array", "items": _ref("Photo")},
                                             "after": {"type": "array", "items": _ref("Photo")}}),
    "history": {"type": "array", "items": _HISTORY_ENTRY}})

SCHEMAS: dict[str, Any] = {
    "Error": _obj({"error": _obj({"code": S, "message": S, "field": {"type": ["string", "null"]},
                                  "line": INT, "problems": {"type": "array", "items": _obj(
                                      {"line": INT, "field": {"type": ["string", "null"]}, "message": S})},
                                  "retry_after": INT,
                                  "current": {"description": "409: the record as the server holds it now (the "
                                                             "shape its own GET or PUT answers)."},
                                  "finding_id": {**ID, "description": "409 for one of several findings: which."},
                                  "unanswered": {"type": "array", "items": _obj({"space_id": ID, "item_id": S})}},
                                 required=["code", "message", "field"])}),
    "Health": _obj({"status": {"type": "string", "enum": ["ok", "unavailable"]}}),
    "User": _obj(_USER),
    "Me": _obj({**_USER, "verbs": {"type": "array", "items": S}}),
    "UserList": _list_of("User"),
    "LoggedIn": _obj({"user": _ref("Me")}),
    "Invitation": _obj({"url": {"type": "string", "format": "uri"},
                        "purpose": {"type": "string", "enum": ["invite", "reset"]}, "expires_at": TIME}),
    "InvitationInfo": _obj({"email": S, "name": S, "purpose": {"type": "string", "enum": ["invite", "reset"]},
                            "expires_at": TIME}),
    "UserCreated": _obj({"user": _ref("User"), "invitation": _ref("Invitation")}),
    "CampusRef": _obj({"id": ID, "name": S, "community_reports": {"type": "boolean"}}),
    "Campus": _obj({"id": ID, "name": S, "community_reports": {"type": "boolean"}, "building_count": INT},
                   required=["id", "name", "community_reports"]),
    "CampusList": _list_of("Campus"),
    "Building": _obj({"id": ID, "campus": _ref("CampusRef"), "code": S, "name": S,
                      "community_reports": {"type": ["boolean", "null"], "description": "null: as its campus says"},
                      "community_reports_effective": {"type": "boolean"}, "space_count": INT},
                     required=["id", "campus", "code", "name", "community_reports", "community_reports_effective"]),
    "BuildingList": _list_of("Building"),
    "Space": _obj({"id": ID, "building": _ref("Building"), "floor": S, "room_number": S, "name": S,
                   "kind": S, "public_code": {"type": ["string", "null"], "description": "Its poster code (K7P-3QX)"},
                   "created_at": TIME, "updated_at": TIME}),
    "SpaceList": _list_of("Space"),
    "SpaceKind": _obj({"id": S, "label": S}),
    "SpaceKindList": _list_of("SpaceKind"),
    "ChecklistSummary": _obj({"id": S, "version": INT, "title": S, "description": S, "sections": INT,
                              "items": INT}),
    "ChecklistList": _list_of("ChecklistSummary"),
    "Checklist": _obj({"id": S, "version": INT, "title": S, "description": S,
                       "sections": {"type": "array", "items": _obj({"id": S, "title": S, "items": {
                           "type": "array", "items": {"type": "object"}}}, required=["id", "title", "items"])}}),
    "Person": _obj({"id": ID, "name": S}),
    "PersonList": _list_of("Person"),
    "AuditSpace": _obj({"id": ID, "name": S, "floor": S, "room_number": S, "kind": S,
                        "skipped": {"type": ["object", "null"], "properties": {"reason": S, "note": S}}}),
    "Audit": _obj(_AUDIT),
    "AuditList": _list_of("Audit"),
    "AuditFull": _obj({**_AUDIT, "responses": {"type": "array", "items": _ref("Response")},
                       "findings": {"type": "array", "items": _ref("AuditFinding")}}),
    "Response": _obj({"id": ID, "audit_id": ID, "space_id": ID, "item_id": S, "answer": {}, "note": S,
                      "revision": INT, "answered_by": _ref("Person"), "updated_at": TIME}),
    "ResponseHistory": _obj({"id": ID, "audit_id": ID, "space_id": ID, "item_id": S, "answer": {}, "note": S,
                             "revision": INT, "answered_by": _ref("Person"), "updated_at": TIME,
                             "history": {"type": "array", "items": _obj({"revision": INT, "answer": {}, "note": S,
                                                                          "at": TIME, "by": _ref("Person")})}}),
    "Finding": _obj(_FINDING),
    # A finding in its audit (GET /api/audits/{id}): with its photos' urls and captions, for any device that
    # lacks them.
    "AuditFinding": _obj({**_FINDING, "photos": {"type": "array", "items": _ref("Photo")}}),
    "Photo": _obj({"id": ID, "finding_id": ID, "kind": {"type": "string", "enum": ["evidence", "after"]},
                   "caption": S, "width": INT, "height": INT, "taken_at": {"type": ["string", "null"]},
                   "redacted": {"type": "boolean"}, "urls": _obj({"thumb": S, "display": S, "evidence": S}),
                   "uploaded_by": _ref("Person"), "created_at": TIME}),
    "FindingItem": _obj(_FINDING_ITEM),
    "FindingList": _list_of("FindingItem"),
    "FindingDetail": _obj({**_FINDING_ITEM, "description": S, "item_id": _NULL_S,
                           "checklist": {"oneOf": [{"type": "null"}, _obj({"id": S, "version": INT})]},
                           "suggested_remedies": {"type": "array", "items": S}, "created_by": _ref("Person"),
                           "resolved_by": _NULL_PERSON, "duplicate_of": {"oneOf": [_LINK, {"type": "null"}]},
                           "duplicates": {"type": "array", "items": _LINK},
                           "photos": _obj({"evidence": {"type": "array", "items": _ref("Photo")},
                                           "after": {"type": "array", "items": _ref("Photo")}}),
                           "timeline": {"type": "array", "items": _TIMELINE_ENTRY},
                           "actions": {"type": "array", "items": {"type": "string", "enum": list(STATES)}}}),
    "FindingDetailList": _list_of("FindingDetail"),
    "Category": _obj({"id": S, "title": S}),
    "CategoryList": _list_of("Category"),
    "FindingComment": _obj({"type": {"type": "string", "enum": ["comment"]}, "id": ID, "at": TIME,
                            "by": _ref("Person"), "text": S}),
    "Inbox": _obj({"assigned": _BUCKET, "due_soon": _BUCKET, "overdue": _BUCKET, "to_verify": _BUCKET,
                   "reopened": _BUCKET}, required=["assigned", "due_soon", "overdue", "reopened"]),
    "BatchResult": _obj({"results": {"type": "array", "items": _obj({"id": ID, "status": INT, "body": {}})}}),
    "Dashboard": _obj({
        "filters": _FILTERS, "as_of": {"type": "string", "format": "date"}, "total": _NUMBER,
        "by_status": {"type": "array", "items": _counted({"status": S})},
        "by_severity": {"type": "array", "items": _counted({"severity": S})},
        "by_source": {"type": "array", "items": _counted({"source": {"type": "string",
                                                                     "enum": ["walk", "community"]}})},
        "by_category": {"type": "array", "items": _counted({
            "checklist": {"oneOf": [{"type": "null"}, _obj({"id": S, "title": S})],
                          "description": "null: findings from community reports (section: the report's category)"},
            "section": {"oneOf": [{"type": "null"}, _obj({"id": S, "title": S})]}})},
        "by_building": {"type": "array", "items": _counted({"building": _BUILDING_REF, "campus": _REF})},
        "open_by_age": {"type": "array", "items": _counted({
            "age": {"type": "string", "enum": ["lt30", "30to90", "gt90"]}})},
        "open": _NUMBER, "overdue": _NUMBER,
        "median_days_to_verify": _counted({"days": {"type": ["number", "null"]}}),
        "trend_by_month": {"type": "array", "items": _obj({"month": S, "raised": _NUMBER, "verified": _NUMBER})},
        "trend_by_cycle": {"type": "array", "items": _counted({
            "cycle": INT, "audits": {"type": "array", "items": _counted({
                "id": ID, "title": S, "status": S, "building": _BUILDING_REF, "checklist": _obj({"id": S}),
                "created_at": TIME, "submitted_at": _NULL_S})}})},
    }),
    "Inventory": _obj({"filters": _FILTERS, "checklist": _obj({"id": S, "version": INT, "title": S}),
                       **_INVENTORY_TABLES}),
    "AuditReport": _obj({
        "audit": _obj({"id": ID, "title": S, "status": S, "building": _BUILDING_REF, "campus": _REF,
                       "checklist": _obj({"id": S, "version": INT, "title": S}),
                       "team": {"type": "array", "items": _ref("Person")}, "planned_by": _NULL_PERSON,
                       "created_at": TIME, "started_at": _NULL_S, "submitted_at": _NULL_S}),
        "generated_at": TIME,
        "summary": _obj({"spaces": INT, "spaces_walked": INT, "spaces_skipped": INT, "answers": INT,
                         "findings": INT, "withdrawn": INT, "by_status": {"type": "object"},
                         "by_severity": {"type": "object"}}),
        "skipped_spaces": {"type": "array", "items": _obj({"id": ID, "name": S, "floor": S, "room_number": S,
                                                            "kind": S, "reason": S, "note": S})},
        "findings": {"type": "array", "items": _REPORT_FINDING},
        "inventory": {"oneOf": [{"type": "null"}, _obj(_INVENTORY_TABLES)]},
    }),
    "Archive": _obj({"format": S, "version": INT, "exported_at": TIME,
                     "tables": {"type": "object", "description": "Each table's rows, by table name.",
                                "additionalProperties": {"type": "array", "items": {"type": "object"}}},
                     "counts": {"type": "object", "description": "How many rows each table has.",
                                "additionalProperties": INT}}),
    "ImportResult": _obj({"dry_run": {"type": "boolean"}, "rows": INT, "campuses": _COUNTS,
                          "buildings": _COUNTS, "spaces": _COUNTS}),
}

# Community reports, the public side (server/api/public.py): what a reporter's page reads. No ids but its own.
_DAY = {"type": "string", "format": "date"}
_PUBLIC_SPACE = _obj({"name": S, "floor": S, "room_number": S, "building": S, "campus": S})
_PUBLIC_MESSAGE = {"from": {"type": "string", "enum": ["reporter", "committee"]}, "text": S, "on": _DAY}
SCHEMAS.update({
    "PublicSpace": _obj({"code": S, "code_display": S, "space": _PUBLIC_SPACE, "accepting": {"type": "boolean"}}),
    "PublicPhoto": _obj({"id": ID}),
    "PublicReportSent": _obj({"tracking_code": S, "tracking_code_display": S, "key": S, "follow_url": S}),
    "PublicMessage": _obj({"id": ID, **_PUBLIC_MESSAGE}),
    "PublicFollow": _obj({
        "tracking_code_display": S, "space": _PUBLIC_SPACE, "category": S, "received_on": _DAY,
        "status": {"type": "string", "enum": ["received", "under_review", "finding", "joined", "declined", "closed"]},
        "closed": {"type": "boolean"}, "decline_reason": S,
        "progress": {"type": "array", "items": _obj({"step": {"type": "string", "enum": [
            "received", "under_review", "finding", "joined", "declined", "accepted", "being_fixed", "fixed",
            "verified", "finding_declined"]}, "on": _DAY})},
        "messages": {"type": "array", "items": _obj(_PUBLIC_MESSAGE)}, "email_on_file": {"type": "boolean"}}),
})

# Community reports, the committee's side (server/api/community.py): explicit fields, nothing of the reporter.
_REPORT_STATUS = {"type": "string", "enum": ["received", "under_review", "finding", "joined", "declined", "spam"]}
_REPORT = {
    "id": ID, "tracking_code_display": S,
    "space": _obj({"id": ID, "name": S, "floor": S, "room_number": S, "building": _BUILDING_REF, "campus": _REF}),
    "category": {"type": "string", "enum": ["portrait", "name_plaque", "art_mural", "poster_sign", "other"]},
    "description": S, "impact": S, "status": _REPORT_STATUS, "received_on": _DAY, "updated_on": _DAY,
    "closed": {"type": "boolean"}, "decline_reason": S, "finding": {"oneOf": [{"type": "null"}, _LINK]},
    "photos": {"type": "array", "items": _obj({"id": ID, "urls": _obj({"thumb": S, "display": S, "evidence": S})})},
    "messages_count": INT}
_COMMUNITY_MESSAGE = {"id": ID, "from": {"type": "string", "enum": ["reporter", "committee"]}, "text": S,
                      "on": _DAY, "author": _NULL_PERSON}
SCHEMAS.update({
    "CommunityReport": _obj(_REPORT),
    "CommunityReportList": _list_of("CommunityReport"),
    "CommunityMessage": _obj(_COMMUNITY_MESSAGE),
    "CommunityReportDetail": _obj({
        **_REPORT, "messages": {"type": "array", "items": _ref("CommunityMessage")},
        "events": {"type": "array", "items": _obj({"from": {"oneOf": [{"type": "null"}, _REPORT_STATUS]},
                                                    "to": _REPORT_STATUS, "note": S, "on": _DAY,
                                                    "by": _NULL_PERSON})}}),
    "CommunitySummary": _obj({"open": INT, "received": INT}),
    "PublicCode": _obj({"code": S, "public_code": S, "url": S}),
})

ERROR_TEXT = {400: "Malformed request", 401: "Not logged in", 403: "Not allowed", 404: "Not found",
              409: "Conflict", 413: "Too large", 415: "Unsupported media type", 422: "Invalid input",
              429: "Too many attempts", 503: "Unavailable"}


# Handlers that also answer 200 when the record already exists (a replay), besides PUT on a phone-made id.
SAME_ID_AGAIN = {"comment", "public_message", "reply"}


def _access(route: ApiRoute) -> str:
    if route.access == PUBLIC:
        return "Public."
    if route.access == LOGGED_IN:
        return "Any logged-in user."
    return f"Needs the verb `{route.access}`."


def _parameters(route: ApiRoute) -> list[dict[str, Any]]:
    params = []
    for p in route.query:
        where = "path" if p.type == "path" else "query"
        schema = {"type": "integer"} if p.type == "integer" else {"type": "string"}
        params.append({"name": p.name, "in": where, "required": where == "path", "description": p.description,
                       "schema": schema})
    return params


def _operation(route: ApiRoute) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": route.summary, "description": _access(route),
                          "operationId": route.handler.__name__, "parameters": _parameters(route)}
    if route.access == PUBLIC:
        op.update(tags=["public"], security=[])  # callable without an account: no session needed
    if route.body is not None:
        op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": route.body.json_schema(partial=route.partial)}}}
    elif route.raw_body:
        op["requestBody"] = {"required": True, "content": {
            route.raw_body: {"schema": {"type": "string"}},
            "multipart/form-data": {"schema": _obj({"file": {"type": "string", "format": "binary"}})}}}
    ok: dict[str, Any] = {"description": "Success"}
    if route.response:
        ok["content"] = {"application/json": {"schema": _ref(route.response)}}
    elif route.produces:
        ok["content"] = {route.produces: {"schema": {"type": "string", "format": "binary"}}}
    responses: dict[str, Any] = {str(route.status): ok}
    if (route.method, route.status) == ("PUT", 201) or route.handler.__name__ in SAME_ID_AGAIN:
        # A record made on an id the phone chose: the same id again changes it or replays it, and answers 200.
        responses["200"] = {"description": "Changed, or the same request again (nothing changed)",
                            "content": ok.get("content", {})}
    responses.update({str(code): {"description": ERROR_TEXT[code],
                                  "content": {"application/json": {"schema": _ref("Error")}}}
                      for code in sorted(_error_codes(route))})
    op["responses"] = responses
    return op


def _error_codes(route: ApiRoute) -> set[int]:
    """The errors a route declares, and those every route of its kind can answer before its handler runs."""
    codes = set(route.errors)
    codes.add(422)  # any route: a query parameter carrying a control character (server/http/json_input.py)
    if re.search(r"\{(\w+_)?id(:\w+)?\}", route.path):
        codes.add(404)  # a path id that is not a UUID names nothing (server/api/paging.py path_id)
    if route.body is not None:
        codes |= {400, 413, 415}  # not JSON, too large, not sent as JSON (and 422: not the declared shape)
    if route.raw_body:
        codes |= {400, 413, 415}  # a malformed multipart form, too large, not an accepted type
    if route.method in ("POST", "PUT", "PATCH", "DELETE"):
        codes.add(403)  # a request from another site (cross_origin: server/http/security.py)
        if route.access != PUBLIC:
            codes.add(400)  # an Idempotency-Key that is not a UUID
    if route.access != PUBLIC:
        codes |= {401} if route.access == LOGGED_IN else {401, 403}
    return codes


def document(routes: Sequence[ApiRoute], prefix: str = "/api") -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        path = prefix + re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", route.path)
        paths.setdefault(path, {})[route.method.lower()] = _operation(route)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Spaces Audit API", "version": __version__,
                 "description": "The JSON API of Spaces Audit. Errors share one shape: see Error."},
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sa_session"}},
        },
    }

"""The response shapes of the JSON API: the components/schemas of the OpenAPI document."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from server.auth.permissions import ROLES
from server.domain.finding_states import FINDING_REMEDIES, PRIORITIES, STATES

S = {"type": "string"}
TIME = {"type": "string", "format": "date-time"}
ID = {"type": "string", "format": "uuid"}
INT = {"type": "integer", "minimum": 0}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(props: dict[str, Any], *, required: Sequence[str] | None = None) -> dict[str, Any]:
    return {"type": "object", "properties": props,
            "required": list(props) if required is None else list(required)}


def list_of(name: str) -> dict[str, Any]:
    return obj({"items": {"type": "array", "items": ref(name)}, "total": INT})


_COUNTS = obj({"created": INT, "updated": INT, "unchanged": INT})
_USER = {"id": ID, "email": {"type": "string", "format": "email"}, "name": S,
         "roles": {"type": "array", "items": {"type": "string", "enum": list(ROLES)}},
         "disabled": {"type": "boolean"}, "has_password": {"type": "boolean"}, "created_at": TIME,
         "last_login_at": {"type": ["string", "null"], "format": "date-time"}}

_AUDIT = {"id": ID, "title": S, "status": {"type": "string", "enum": ["planned", "in_progress", "submitted"]},
          "revision": INT, "building": obj({"id": ID, "code": S, "name": S}),
          "checklist": obj({"id": S, "version": INT, "title": S}), "created_by": ref("Person"),
          "members": {"type": "array", "items": ref("Person")},
          "spaces": {"type": "array", "items": ref("AuditSpace")},
          "progress": obj({"answered": INT, "total": INT, "spaces_done": INT, "spaces_total": INT}),
          "history": {"type": "array", "items": obj({"at": TIME, "by": ref("Person"),
                                                       "from": {"type": ["string", "null"]}, "to": S})},
          "created_at": TIME, "updated_at": TIME, "submitted_at": {"type": ["string", "null"], "format": "date-time"}}

_FINDING = {"id": ID, "audit_id": ID, "space_id": ID, "item_id": {"type": ["string", "null"]},
            "section_id": {"type": ["string", "null"]}, "checklist": obj({"id": S, "version": INT}),
            "title": S, "description": S, "severity": {"type": "string", "enum": ["low", "medium", "high"]},
            "remedies": {"type": "array", "items": S}, "photo_ids": {"type": "array", "items": ID},
            "status": {"type": "string", "enum": list(STATES)}, "revision": INT,
            "created_by": ref("Person"), "created_at": TIME, "updated_at": TIME}

_NULL_PERSON = {"oneOf": [ref("Person"), {"type": "null"}]}
_NULL_S = {"type": ["string", "null"]}
_LINK = obj({"id": ID, "title": S, "status": {"type": "string", "enum": list(STATES)}})
_FINDING_ITEM = {
    "id": ID, "title": S, "severity": {"type": "string", "enum": ["low", "medium", "high"]},
    "status": {"type": "string", "enum": list(STATES)}, "revision": INT,
    "remedy": {"type": ["string", "null"], "enum": [*FINDING_REMEDIES, None]},
    "priority": {"type": "string", "enum": list(PRIORITIES)},
    "due_date": {"type": ["string", "null"], "format": "date"},
    "overdue": {"type": "boolean"}, "section_id": _NULL_S, "category": obj({"id": _NULL_S, "title": _NULL_S}),
    "after_thumbnail_url": _NULL_S, "building": obj({"id": ID, "code": S, "name": S}),
    "space": obj({"id": ID, "name": S, "floor": S, "room_number": S}),
    "source": {"type": "string", "enum": ["walk", "community"]},
    # A finding from a community report has no audit, and names the report by its tracking code only.
    "audit": {"oneOf": [{"type": "null"}, obj({"id": ID, "title": S, "status": S})]},
    "community_report": {"oneOf": [{"type": "null"}, obj({"id": ID, "tracking_code_display": S})]},
    "assignee": _NULL_PERSON, "thumbnail_url": _NULL_S,
    "created_at": TIME, "updated_at": TIME}
_TIMELINE_ENTRY = obj({"type": {"type": "string", "enum": ["event", "comment"]}, "id": {}, "at": TIME,
                        "by": ref("Person"), "from": _NULL_S, "to": S, "note": S,
                        "photo_ids": {"type": "array", "items": ID},
                        "changes": {"type": "object", "description": '{"field": [old, new]}'}, "text": S},
                       required=["type", "id", "at", "by"])
_BUCKET = obj({"count": INT, "items": {"type": "array", "items": ref("FindingItem")}})

_NUMBER_PROPS = {"count": INT, "query": {"type": "string", "description": "The query string of GET /api/findings "
                                                                          "that lists the findings counted."}}
_NUMBER = obj(_NUMBER_PROPS)


def _counted(props: dict[str, Any]) -> dict[str, Any]:
    """A count (with the query that lists what it counts) and what it is a count of, as one object: one flat
    shape, which a client (or a validator) can check field by field."""
    return obj({**_NUMBER_PROPS, **props})

_REF = obj({"id": ID, "name": S})
_BUILDING_REF = obj({"id": ID, "code": S, "name": S})
_COUNT = obj({"total": INT, "answered": INT, "unknown": INT})
_FIGURES = obj({"spaces": INT, "counts": {"type": "object", "additionalProperties": _COUNT,
                                          "description": "By count item id: the sum of the numbers given, and in "
                                                         "how many spaces a number or unknown was given."}})
_NULL_DATE = {"type": ["string", "null"], "format": "date"}
_FILTERS = obj({"campus": _NULL_S, "building": _NULL_S, "checklist": _NULL_S, "from": _NULL_DATE, "to": _NULL_DATE,
                 "source": {"type": ["string", "null"], "enum": ["walk", "community", None]}})
_WALKED = {"oneOf": [{"type": "null"}, obj({"audit": obj({"id": ID, "title": S, "submitted_at": _NULL_S,
                                                           "cycle": INT}),
                                               "spaces": INT, "counts": {"type": "object"}})]}
_INVENTORY_TABLES = {
    "items": {"type": "array", "items": obj({"id": S, "prompt": S})},
    "totals": obj({"current": _FIGURES, "previous": _FIGURES}),
    "campuses": {"type": "array", "items": obj({"id": ID, "name": S, "current": _FIGURES, "previous": _FIGURES})},
    "buildings": {"type": "array", "items": obj({"id": ID, "code": S, "name": S, "campus": _REF,
                                                   "current": _FIGURES, "previous": _FIGURES})},
    "spaces": {"type": "array", "items": obj({"id": ID, "name": S, "floor": S, "room_number": S, "kind": S,
                                                "building": _BUILDING_REF, "campus": _REF, "current": _WALKED,
                                                "previous": _WALKED})},
}
_HISTORY_ENTRY = obj({"at": TIME, "by": ref("Person"), "from": _NULL_S, "to": S, "note": S,
                       "changes": {"type": "object"}})
_REPORT_FINDING = obj({
    "number": INT, "id": ID, "title": S, "description": S, "severity": S, "status": S, "remedy": _NULL_S,
    "suggested_remedies": {"type": "array", "items": S}, "priority": S, "due_date": _NULL_DATE,
    "section": {"oneOf": [{"type": "null"}, obj({"id": S, "title": S})]},
    "item": {"oneOf": [{"type": "null"}, obj({"id": S, "prompt": S})]},
    "space": obj({"id": ID, "name": S, "floor": S, "room_number": S, "kind": S}), "created_by": _NULL_PERSON,
    "created_at": TIME, "assignee": _NULL_PERSON, "resolved_by": _NULL_PERSON, "verified_at": _NULL_S,
    "duplicate_of": _NULL_S, "photos": obj({"evidence": {"type": "array", "items": ref("Photo")},
                                             "after": {"type": "array", "items": ref("Photo")}}),
    "history": {"type": "array", "items": _HISTORY_ENTRY}})

SCHEMAS: dict[str, Any] = {
    "Error": obj({"error": obj({"code": S, "message": S, "field": {"type": ["string", "null"]},
                                  "line": INT, "problems": {"type": "array", "items": obj(
                                      {"line": INT, "field": {"type": ["string", "null"]}, "message": S})},
                                  "retry_after": INT,
                                  "current": {"description": "409: the record as the server holds it now (the "
                                                             "shape its own GET or PUT answers)."},
                                  "finding_id": {**ID, "description": "409 for one of several findings: which."},
                                  "unanswered": {"type": "array", "items": obj({"space_id": ID, "item_id": S})}},
                                 required=["code", "message", "field"])}),
    "Health": obj({"status": {"type": "string", "enum": ["ok", "unavailable"]}}),
    "User": obj(_USER),
    "Me": obj({**_USER, "verbs": {"type": "array", "items": S}}),
    "UserList": list_of("User"),
    "LoggedIn": obj({"user": ref("Me")}),
    "Invitation": obj({"url": {"type": "string", "format": "uri"},
                        "purpose": {"type": "string", "enum": ["invite", "reset"]}, "expires_at": TIME}),
    "InvitationInfo": obj({"email": S, "name": S, "purpose": {"type": "string", "enum": ["invite", "reset"]},
                            "expires_at": TIME}),
    "UserCreated": obj({"user": ref("User"), "invitation": ref("Invitation")}),
    "CampusRef": obj({"id": ID, "name": S, "community_reports": {"type": "boolean"}}),
    "Campus": obj({"id": ID, "name": S, "community_reports": {"type": "boolean"}, "building_count": INT},
                   required=["id", "name", "community_reports"]),
    "CampusList": list_of("Campus"),
    "Building": obj({"id": ID, "campus": ref("CampusRef"), "code": S, "name": S,
                      "community_reports": {"type": ["boolean", "null"], "description": "null: as its campus says"},
                      "community_reports_effective": {"type": "boolean"}, "space_count": INT},
                     required=["id", "campus", "code", "name", "community_reports", "community_reports_effective"]),
    "BuildingList": list_of("Building"),
    "Space": obj({"id": ID, "building": ref("Building"), "floor": S, "room_number": S, "name": S,
                   "kind": S, "public_code": {"type": ["string", "null"], "description": "Its poster code (K7P-3QX)"},
                   "created_at": TIME, "updated_at": TIME}),
    "SpaceList": list_of("Space"),
    "SpaceKind": obj({"id": S, "label": S}),
    "SpaceKindList": list_of("SpaceKind"),
    "ChecklistSummary": obj({"id": S, "version": INT, "title": S, "description": S, "sections": INT,
                              "items": INT}),
    "ChecklistList": list_of("ChecklistSummary"),
    "Checklist": obj({"id": S, "version": INT, "title": S, "description": S,
                       "sections": {"type": "array", "items": obj({"id": S, "title": S, "items": {
                           "type": "array", "items": {"type": "object"}}}, required=["id", "title", "items"])}}),
    "Person": obj({"id": ID, "name": S}),
    "PersonList": list_of("Person"),
    "AuditSpace": obj({"id": ID, "name": S, "floor": S, "room_number": S, "kind": S,
                        "skipped": {"type": ["object", "null"], "properties": {"reason": S, "note": S}}}),
    "Audit": obj(_AUDIT),
    "AuditList": list_of("Audit"),
    "AuditFull": obj({**_AUDIT, "responses": {"type": "array", "items": ref("Response")},
                       "findings": {"type": "array", "items": ref("AuditFinding")}}),
    "Response": obj({"id": ID, "audit_id": ID, "space_id": ID, "item_id": S, "answer": {}, "note": S,
                      "revision": INT, "answered_by": ref("Person"), "updated_at": TIME}),
    "ResponseHistory": obj({"id": ID, "audit_id": ID, "space_id": ID, "item_id": S, "answer": {}, "note": S,
                             "revision": INT, "answered_by": ref("Person"), "updated_at": TIME,
                             "history": {"type": "array", "items": obj({"revision": INT, "answer": {}, "note": S,
                                                                          "at": TIME, "by": ref("Person")})}}),
    "Finding": obj(_FINDING),
    # A finding in its audit (GET /api/audits/{id}): with its photos' urls and captions, for any device that
    # lacks them.
    "AuditFinding": obj({**_FINDING, "photos": {"type": "array", "items": ref("Photo")}}),
    "Photo": obj({"id": ID, "finding_id": ID, "kind": {"type": "string", "enum": ["evidence", "after"]},
                   "caption": S, "width": INT, "height": INT, "taken_at": {"type": ["string", "null"]},
                   "redacted": {"type": "boolean"}, "urls": obj({"thumb": S, "display": S, "evidence": S}),
                   "uploaded_by": ref("Person"), "created_at": TIME}),
    "FindingItem": obj(_FINDING_ITEM),
    "FindingList": list_of("FindingItem"),
    "FindingDetail": obj({**_FINDING_ITEM, "description": S, "item_id": _NULL_S,
                           "checklist": {"oneOf": [{"type": "null"}, obj({"id": S, "version": INT})]},
                           "suggested_remedies": {"type": "array", "items": S}, "created_by": ref("Person"),
                           "resolved_by": _NULL_PERSON, "duplicate_of": {"oneOf": [_LINK, {"type": "null"}]},
                           "duplicates": {"type": "array", "items": _LINK},
                           "photos": obj({"evidence": {"type": "array", "items": ref("Photo")},
                                           "after": {"type": "array", "items": ref("Photo")}}),
                           "timeline": {"type": "array", "items": _TIMELINE_ENTRY},
                           "actions": {"type": "array", "items": {"type": "string", "enum": list(STATES)}}}),
    "FindingDetailList": list_of("FindingDetail"),
    "Category": obj({"id": S, "title": S}),
    "CategoryList": list_of("Category"),
    "FindingComment": obj({"type": {"type": "string", "enum": ["comment"]}, "id": ID, "at": TIME,
                            "by": ref("Person"), "text": S}),
    "Inbox": obj({"assigned": _BUCKET, "due_soon": _BUCKET, "overdue": _BUCKET, "to_verify": _BUCKET,
                   "reopened": _BUCKET}, required=["assigned", "due_soon", "overdue", "reopened"]),
    "BatchResult": obj({"results": {"type": "array", "items": obj({"id": ID, "status": INT, "body": {}})}}),
    "Dashboard": obj({
        "filters": _FILTERS, "as_of": {"type": "string", "format": "date"}, "total": _NUMBER,
        "by_status": {"type": "array", "items": _counted({"status": S})},
        "by_severity": {"type": "array", "items": _counted({"severity": S})},
        "by_source": {"type": "array", "items": _counted({"source": {"type": "string",
                                                                     "enum": ["walk", "community"]}})},
        "by_category": {"type": "array", "items": _counted({
            "checklist": {"oneOf": [{"type": "null"}, obj({"id": S, "title": S})],
                          "description": "null: findings from community reports (section: the report's category)"},
            "section": {"oneOf": [{"type": "null"}, obj({"id": S, "title": S})]}})},
        "by_building": {"type": "array", "items": _counted({"building": _BUILDING_REF, "campus": _REF})},
        "open_by_age": {"type": "array", "items": _counted({
            "age": {"type": "string", "enum": ["lt30", "30to90", "gt90"]}})},
        "open": _NUMBER, "overdue": _NUMBER,
        "median_days_to_verify": _counted({"days": {"type": ["number", "null"]}}),
        "trend_by_month": {"type": "array", "items": obj({"month": S, "raised": _NUMBER, "verified": _NUMBER})},
        "trend_by_cycle": {"type": "array", "items": _counted({
            "cycle": INT, "audits": {"type": "array", "items": _counted({
                "id": ID, "title": S, "status": S, "building": _BUILDING_REF, "checklist": obj({"id": S}),
                "created_at": TIME, "submitted_at": _NULL_S})}})},
    }),
    "Inventory": obj({"filters": _FILTERS, "checklist": obj({"id": S, "version": INT, "title": S}),
                       **_INVENTORY_TABLES}),
    "AuditReport": obj({
        "audit": obj({"id": ID, "title": S, "status": S, "building": _BUILDING_REF, "campus": _REF,
                       "checklist": obj({"id": S, "version": INT, "title": S}),
                       "team": {"type": "array", "items": ref("Person")}, "planned_by": _NULL_PERSON,
                       "created_at": TIME, "started_at": _NULL_S, "submitted_at": _NULL_S}),
        "generated_at": TIME,
        "summary": obj({"spaces": INT, "spaces_walked": INT, "spaces_skipped": INT, "answers": INT,
                         "findings": INT, "withdrawn": INT, "by_status": {"type": "object"},
                         "by_severity": {"type": "object"}}),
        "skipped_spaces": {"type": "array", "items": obj({"id": ID, "name": S, "floor": S, "room_number": S,
                                                            "kind": S, "reason": S, "note": S})},
        "findings": {"type": "array", "items": _REPORT_FINDING},
        "inventory": {"oneOf": [{"type": "null"}, obj(_INVENTORY_TABLES)]},
    }),
    "Archive": obj({"format": S, "version": INT, "exported_at": TIME,
                     "tables": {"type": "object", "description": "Each table's rows, by table name.",
                                "additionalProperties": {"type": "array", "items": {"type": "object"}}},
                     "counts": {"type": "object", "description": "How many rows each table has.",
                                "additionalProperties": INT}}),
    "ImportResult": obj({"dry_run": {"type": "boolean"}, "rows": INT, "campuses": _COUNTS,
                          "buildings": _COUNTS, "spaces": _COUNTS}),
}

# Community reports, the public side (server/api/public.py): what a reporter's page reads. No ids but its own.
_DAY = {"type": "string", "format": "date"}
_PUBLIC_SPACE = obj({"name": S, "floor": S, "room_number": S, "building": S, "campus": S})
_PUBLIC_MESSAGE = {"from": {"type": "string", "enum": ["reporter", "committee"]}, "text": S, "on": _DAY}
SCHEMAS.update({
    "PublicSpace": obj({"code": S, "code_display": S, "space": _PUBLIC_SPACE, "accepting": {"type": "boolean"}}),
    "PublicPhoto": obj({"id": ID}),
    "PublicReportSent": obj({"tracking_code": S, "tracking_code_display": S, "key": S, "follow_url": S}),
    "PublicMessage": obj({"id": ID, **_PUBLIC_MESSAGE}),
    "PublicFollow": obj({
        "tracking_code_display": S, "space": _PUBLIC_SPACE, "category": S, "received_on": _DAY,
        "status": {"type": "string", "enum": ["received", "under_review", "finding", "joined", "declined", "closed"]},
        "closed": {"type": "boolean"}, "decline_reason": S,
        "progress": {"type": "array", "items": obj({"step": {"type": "string", "enum": [
            "received", "under_review", "finding", "joined", "declined", "accepted", "being_fixed", "fixed",
            "verified", "finding_declined"]}, "on": _DAY})},
        "messages": {"type": "array", "items": obj(_PUBLIC_MESSAGE)}, "email_on_file": {"type": "boolean"}}),
})

# Community reports, the committee's side (server/api/community.py): explicit fields, nothing of the reporter.
_REPORT_STATUS = {"type": "string", "enum": ["received", "under_review", "finding", "joined", "declined", "spam"]}
_REPORT = {
    "id": ID, "tracking_code_display": S,
    "space": obj({"id": ID, "name": S, "floor": S, "room_number": S, "building": _BUILDING_REF, "campus": _REF}),
    "category": {"type": "string", "enum": ["portrait", "name_plaque", "art_mural", "poster_sign", "other"]},
    "description": S, "impact": S, "status": _REPORT_STATUS, "received_on": _DAY, "updated_on": _DAY,
    "closed": {"type": "boolean"}, "decline_reason": S, "finding": {"oneOf": [{"type": "null"}, _LINK]},
    "photos": {"type": "array", "items": obj({"id": ID, "urls": obj({"thumb": S, "display": S, "evidence": S})})},
    "messages_count": INT}
_COMMUNITY_MESSAGE = {"id": ID, "from": {"type": "string", "enum": ["reporter", "committee"]}, "text": S,
                      "on": _DAY, "author": _NULL_PERSON}
SCHEMAS.update({
    "CommunityReport": obj(_REPORT),
    "CommunityReportList": list_of("CommunityReport"),
    "CommunityMessage": obj(_COMMUNITY_MESSAGE),
    "CommunityReportDetail": obj({
        **_REPORT, "messages": {"type": "array", "items": ref("CommunityMessage")},
        "events": {"type": "array", "items": obj({"from": {"oneOf": [{"type": "null"}, _REPORT_STATUS]},
                                                    "to": _REPORT_STATUS, "note": S, "on": _DAY,
                                                    "by": _NULL_PERSON})}}),
    "CommunitySummary": obj({"open": INT, "received": INT}),
    "PublicCode": obj({"code": S, "public_code": S, "url": S}),
})

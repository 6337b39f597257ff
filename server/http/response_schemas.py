"""The response shapes of the JSON API: the components/schemas of the OpenAPI document, by resource.

Objects are closed: each lists every field a handler returns and no other may appear, so a field added to a
handler without being described here fails the API tests (tests/api_contract.py checks every response).
Value sets come from the tables the server itself uses (states, severities, categories), never copies.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from server.auth.permissions import ROLES
from server.checklists.rules import REMEDIES, SEVERITIES, SKIP_REASONS
from server.domain.audits.status import STATUSES as AUDIT_STATUSES
from server.domain.community.progress import FINDING_STEPS, REPORT_STEPS
from server.domain.community.public import CATEGORIES
from server.domain.community.states import SOURCES
from server.domain.community.states import STATUSES as REPORT_STATUSES
from server.domain.findings.states import FINDING_REMEDIES, PRIORITIES, STATES
from server.domain.reporting.coverage import BANDS as COVERAGE_BANDS
from server.domain.schedules.views import PAUSE_REASONS
from server.domain.schedules.views import STATES as SCHEDULE_STATES
from server.errors import PROBLEMS
from server.languages import LANGUAGES, SOURCE_LANGUAGE

# Building blocks ---------------------------------------------------------------------------------------------

S = {"type": "string"}
INT = {"type": "integer", "minimum": 0}
BOOL = {"type": "boolean"}
ID = {"type": "string", "format": "uuid"}
TIME = {"type": "string", "format": "date-time"}
DAY = {"type": "string", "format": "date"}
ANY: dict[str, Any] = {}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(props: dict[str, Any], *, required: Sequence[str] | None = None) -> dict[str, Any]:
    """An object of these fields and no others (all of them present unless `required` says which): a field a
    handler adds is documented here first, or the API tests' contract check refuses it."""
    return {"type": "object", "properties": props,
            "required": list(props) if required is None else list(required), "additionalProperties": False}


def enum(values: Iterable[str]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "type" not in schema or schema["type"] in ("object", "array"):
        return {"oneOf": [{"type": "null"}, schema]}
    out = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        out["enum"] = [*schema["enum"], None]
    return out


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def map_of(values: dict[str, Any], description: str, keys: Iterable[str] | None = None) -> dict[str, Any]:
    """An object used as a table: any keys (or those given), each holding a value of one shape."""
    schema = {"type": "object", "additionalProperties": values, "description": description}
    return schema if keys is None else {**schema, "propertyNames": enum(keys)}


def list_of(name: str) -> dict[str, Any]:
    return obj({"items": array(ref(name)), "total": INT})


NULL_S = nullable(S)
NULL_TIME = nullable(TIME)
NULL_DAY = nullable(DAY)
PERSON = ref("Person")
NULL_PERSON = nullable(PERSON)
STATUS = enum(STATES)  # a finding's
SEVERITY = enum(SEVERITIES)
AUDIT_STATUS = enum(AUDIT_STATUSES)
REPORT_STATUS = enum(REPORT_STATUSES)
CHANGES = map_of(array(ANY), 'What an event changed: {"field": [old, new]}.')
REF = obj({"id": ID, "name": S})  # a campus, or anything else known by its name
BUILDING_REF = obj({"id": ID, "code": S, "name": S})
SPACE_FIELDS = {"id": ID, "name": S, "floor": S, "room_number": S}
SPACE_REF = obj({**SPACE_FIELDS, "kind": S})
CHECKLIST_PIN = obj({"id": S, "version": INT})
CHECKLIST_REF = obj({"id": S, "version": INT, "title": S})
SECTION_REF = nullable(obj({"id": S, "title": S}))

SCHEMAS: dict[str, Any] = {
    "Error": obj({"error": obj({
        "code": {**enum(list(PROBLEMS)), "description": "Declared once, with its status, in server/errors.py."},
        "message": S, "field": NULL_S, "line": INT,
        "problems": array(obj({"line": INT, "field": NULL_S, "message": S})), "retry_after": INT,
        "current": {"description": "409: the record as the server holds it now (the shape its own GET or PUT "
                                   "answers)."},
        "finding_id": {**ID, "description": "409 for one of several findings: which."},
        "unanswered": array(obj({"space_id": ID, "item_id": S}))}, required=["code", "message", "field"])}),
    "OpenApi": obj({"openapi": S, "info": obj({"title": S, "version": S, "description": S}),
                    "paths": map_of(ANY, "By path: its operations."),
                    "components": map_of(ANY, "Schemas and security schemes.")}),
    "Health": obj({"status": enum(["ok", "unavailable"])}),
}

# People and sessions (server/api/session.py, users.py) ---------------------------------------------------------

_USER = {"id": ID, "email": {"type": "string", "format": "email"}, "name": S, "roles": array(enum(ROLES)),
         "disabled": BOOL, "has_password": BOOL, "created_at": TIME, "last_login_at": NULL_TIME,
         "lang": {**nullable(enum(LANGUAGES)), "description": "The language the person chose; null: not chosen "
                                                             "(the app follows the browser, mail is in English)."}}
_PURPOSE = enum(["invite", "reset"])
SCHEMAS.update({
    "Person": obj({"id": ID, "name": S}),
    "PersonList": list_of("Person"),
    "User": obj(_USER),
    "Me": obj({**_USER, "verbs": array(S)}),
    "UserList": list_of("User"),
    "LoggedIn": obj({"user": ref("Me")}),
    "SessionState": obj({"user": nullable(ref("Me"))}),
    "Invitation": obj({"url": {"type": "string", "format": "uri"}, "purpose": _PURPOSE, "expires_at": TIME}),
    "InvitationInfo": obj({"email": S, "name": S, "purpose": _PURPOSE, "expires_at": TIME}),
    "UserCreated": obj({"user": ref("User"), "invitation": ref("Invitation")}),
})

# Campuses, buildings, spaces (server/api/sites.py, imports.py); the lists add how many each holds -------------

_CAMPUS = {"id": ID, "name": S, "community_reports": BOOL}
_COUNTS = obj({"created": INT, "updated": INT, "unchanged": INT})
SCHEMAS.update({
    "CampusRef": obj(_CAMPUS),
    "Campus": obj({**_CAMPUS, "building_count": INT}, required=list(_CAMPUS)),
    "CampusList": list_of("Campus"),
    "Building": obj({"id": ID, "campus": ref("CampusRef"), "code": S, "name": S,
                     "community_reports": {**nullable(BOOL), "description": "null: as its campus says"},
                     "community_reports_effective": BOOL, "space_count": INT},
                    required=["id", "campus", "code", "name", "community_reports", "community_reports_effective"]),
    "BuildingList": list_of("Building"),
    "Space": obj({**SPACE_FIELDS, "building": ref("Building"), "kind": S,
                  "public_code": {**NULL_S, "description": "Its poster code (K7P-3QX)"},
                  "created_at": TIME, "updated_at": TIME}),
    "SpaceList": list_of("Space"),
    "SpaceKind": obj({"id": S, "label": S}),
    "SpaceKindList": list_of("SpaceKind"),
    "ImportResult": obj({"dry_run": BOOL, "rows": INT, "campuses": _COUNTS, "buildings": _COUNTS,
                         "spaces": _COUNTS}),
})

# Checklists (server/api/checklists.py) ---------------------------------------------------------------------------

_ITEM = {"type": "object", "required": ["id", "prompt", "type"],
         "description": "An item as its checklist file declares it (see checklists/README.md)."}
_LANGS = [code for code in LANGUAGES if code != SOURCE_LANGUAGE]
_TEXTS = obj({"title": S, "description": S}, required=[])
_ITEM_TEXTS = obj({"prompt": S, "look_for": S, "why": S, "choices": map_of(S, "Choice id -> its label.")},
                  required=[])
_TRANSLATION = obj({"title": S, "description": S, "sections": map_of(_TEXTS, "Section id -> its text."),
                    "items": map_of(_ITEM_TEXTS, "Item id -> its text.")}, required=[])
SCHEMAS.update({
    "ChecklistSummary": obj({"id": S, "version": INT, "title": S, "description": S, "sections": INT, "items": INT,
                             "translations": map_of(_TEXTS, "Language -> the title and description in it.", _LANGS)}),
    "ChecklistList": list_of("ChecklistSummary"),
    "Checklist": obj({"id": S, "version": INT, "title": S, "description": S,
                      "sections": array(obj({"id": S, "title": S, "description": S, "items": array(_ITEM)},
                                            required=["id", "title", "items"])),
                      "translations": map_of(_TRANSLATION, "Language -> the checklist's text in it, keyed by the "
                                             "English ids; a text left out is shown in English (checklists/"
                                             "README.md, Translations).", _LANGS)}),
})

# Audits and their answers (server/api/audits.py) ------------------------------------------------------------------

_AUDIT = {"id": ID, "title": S, "status": AUDIT_STATUS, "revision": INT, "building": BUILDING_REF,
          "checklist": CHECKLIST_REF, "created_by": PERSON, "members": array(PERSON),
          "spaces": array(ref("AuditSpace")),
          "progress": obj({"answered": INT, "total": INT, "spaces_done": INT, "spaces_total": INT}),
          "history": array(obj({"at": TIME, "by": PERSON, "from": nullable(AUDIT_STATUS), "to": AUDIT_STATUS})),
          "created_at": TIME, "updated_at": TIME, "submitted_at": NULL_TIME}
_ANSWER = {"id": ID, "audit_id": ID, "space_id": ID, "item_id": S, "answer": ANY, "note": S, "revision": INT,
           "answered_by": PERSON, "updated_at": TIME}
SCHEMAS.update({
    "AuditSpace": obj({**SPACE_FIELDS, "kind": S,
                       "skipped": nullable(obj({"reason": enum(SKIP_REASONS), "note": S}))}),
    "Audit": obj(_AUDIT),
    "AuditList": list_of("Audit"),
    "AuditFull": obj({**_AUDIT, "responses": array(ref("Response")), "findings": array(ref("AuditFinding")),
                      "answer_photos": array(ref("Photo")), "checklist_content": ref("Checklist")},
                     required=[*_AUDIT, "responses", "findings", "answer_photos"]),
    "Response": obj(_ANSWER),
    "ResponseHistory": obj({**_ANSWER, "history": array(obj({"revision": INT, "answer": ANY, "note": S,
                                                             "at": TIME, "by": PERSON}))}),
})

# Photos (server/api/photos.py) -----------------------------------------------------------------------------------

PHOTO_URLS = obj({"thumb": S, "display": S, "evidence": S})
PHOTOS_BY_KIND = obj({"evidence": array(ref("Photo")), "after": array(ref("Photo"))})
# A finding's photo names its finding; an answer's photo (kind answer) its audit, space and checklist item.
SCHEMAS["Photo"] = obj({"id": ID, "finding_id": nullable(ID), "kind": enum(["evidence", "after", "answer"]),
                        "audit_id": nullable(ID), "space_id": nullable(ID), "item_id": NULL_S, "caption": S,
                        "width": INT, "height": INT, "taken_at": NULL_S, "redacted": BOOL, "urls": PHOTO_URLS,
                        "uploaded_by": PERSON, "created_at": TIME})

# Findings: as the walk writes them (audits.py), and as remediation lists and follows them (findings.py) ---------

_FINDING = {"id": ID, "audit_id": ID, "space_id": ID, "item_id": NULL_S, "section_id": NULL_S,
            "checklist": CHECKLIST_PIN, "title": S, "description": S, "severity": SEVERITY,
            "remedies": array(enum(REMEDIES)), "photo_ids": array(ID), "status": STATUS, "revision": INT,
            "created_by": PERSON, "created_at": TIME, "updated_at": TIME}
_LINK = obj({"id": ID, "title": S, "status": STATUS})
_FINDING_ITEM = {
    "id": ID, "title": S, "severity": SEVERITY, "status": STATUS, "revision": INT,
    "remedy": nullable(enum(FINDING_REMEDIES)), "priority": enum(PRIORITIES), "due_date": NULL_DAY,
    "overdue": BOOL, "section_id": NULL_S, "category": obj({"id": NULL_S, "title": NULL_S}),
    "after_thumbnail_url": NULL_S, "building": BUILDING_REF, "space": obj(SPACE_FIELDS), "source": enum(SOURCES),
    # A finding from a community report has no audit, and names the report by its tracking code only.
    "audit": nullable(obj({"id": ID, "title": S, "status": AUDIT_STATUS})),
    "community_report": nullable(obj({"id": ID, "tracking_code_display": S})),
    "assignee": NULL_PERSON, "thumbnail_url": NULL_S, "created_at": TIME, "updated_at": TIME}
_EVENT = {"at": TIME, "by": PERSON, "from": nullable(STATUS), "to": STATUS, "note": S}
_COMMENT = {"type": enum(["comment"]), "id": ID, "at": TIME, "by": PERSON, "text": S}
_TIMELINE_ENTRY = {"oneOf": [obj({"type": enum(["event"]), "id": INT, **_EVENT, "photo_ids": array(ID),
                                  "changes": CHANGES}), obj(_COMMENT)]}
_BUCKET = obj({"count": INT, "items": array(ref("FindingItem"))})
SCHEMAS.update({
    "Finding": obj(_FINDING),
    # A finding in its audit (GET /api/audits/{id}): with its photos' urls and captions, for any device that
    # lacks them.
    "AuditFinding": obj({**_FINDING, "photos": array(ref("Photo"))}),
    "FindingItem": obj(_FINDING_ITEM),
    # Keyset paging: each page links to the next and the previous (signed cursors; null at either end).
    "FindingList": obj({"items": array(ref("FindingItem")), "total": INT, "next_cursor": NULL_S,
                        "previous_cursor": NULL_S}),
    "FindingDetail": obj({**_FINDING_ITEM, "description": S, "item_id": NULL_S, "checklist": nullable(CHECKLIST_PIN),
                          "suggested_remedies": array(enum(REMEDIES)), "created_by": PERSON,
                          "resolved_by": NULL_PERSON, "duplicate_of": nullable(_LINK), "duplicates": array(_LINK),
                          "photos": PHOTOS_BY_KIND, "timeline": array(_TIMELINE_ENTRY), "actions": array(STATUS)}),
    "FindingDetailList": list_of("FindingDetail"),
    "Category": obj({"id": S, "title": S}),
    "CategoryList": list_of("Category"),
    "FindingComment": obj(_COMMENT),
    # to_verify: only for those who may verify.
    "Inbox": obj({"assigned": _BUCKET, "due_soon": _BUCKET, "overdue": _BUCKET, "to_verify": _BUCKET,
                  "reopened": _BUCKET}, required=["assigned", "due_soon", "overdue", "reopened"]),
    "BatchResult": obj({"results": array(obj({
        "id": ID, "status": INT,
        "body": {"description": "What the operation would have answered alone (null for 204)."}}))}),
})

# Reporting: the dashboard, the inventory, an audit's report, the archive (server/api/reports.py, archive.py) -----

_FILTERS = obj({"campus": NULL_S, "building": NULL_S, "checklist": NULL_S, "from": NULL_DAY, "to": NULL_DAY,
                "source": nullable(enum(SOURCES))})
_NUMBER_PROPS = {"count": INT, "query": {**S, "description": "The query string of GET /api/findings that lists "
                                                             "the findings counted."}}
_NUMBER = obj(_NUMBER_PROPS)


def _counted(props: dict[str, Any]) -> dict[str, Any]:
    """A count (with the query that lists what it counts) and what it is a count of, as one object: one flat
    shape, which a client (or a validator) can check field by field."""
    return obj({**_NUMBER_PROPS, **props})


_COUNTED_AUDIT = _counted({"id": ID, "title": S, "status": AUDIT_STATUS, "building": BUILDING_REF,
                           "checklist": obj({"id": S}), "created_at": TIME, "submitted_at": NULL_TIME})
SCHEMAS["Dashboard"] = obj({
    "filters": _FILTERS, "as_of": DAY, "total": _NUMBER,
    "by_status": array(_counted({"status": STATUS})),
    "by_severity": array(_counted({"severity": SEVERITY})),
    "by_source": array(_counted({"source": enum(SOURCES)})),
    "by_category": array(_counted({
        "checklist": {**nullable(obj({"id": S, "title": S})),
                      "description": "null: findings from community reports (section: the report's category)"},
        "section": SECTION_REF})),
    "by_building": array(_counted({"building": BUILDING_REF, "campus": REF})),
    "open_by_age": array(_counted({"age": enum(["lt30", "30to90", "gt90"])})),
    "open": _NUMBER, "overdue": _NUMBER,
    "median_days_to_verify": _counted({"days": {"type": ["number", "null"]}}),
    "trend_by_month": array(obj({"month": S, "raised": _NUMBER, "verified": _NUMBER})),
    "trend_by_cycle": array(_counted({"cycle": INT, "audits": array(_COUNTED_AUDIT)})),
})

_FIGURE_PROPS = {"spaces": INT, "counts": map_of(
    obj({"total": INT, "answered": INT, "unknown": INT}),
    "By count item id: the sum of the numbers given, and in how many spaces a number or unknown was given.")}
_FIGURES = obj(_FIGURE_PROPS)
_CURRENT_AND_PREVIOUS = {"current": _FIGURES, "previous": _FIGURES}
# A space's figures come from one audit, the latest to walk it (previous: the one before; null if none).
_WALKED = nullable(obj({"audit": obj({"id": ID, "title": S, "submitted_at": NULL_TIME, "cycle": INT}),
                        **_FIGURE_PROPS}))
_INVENTORY_TABLES = {
    "items": array(obj({"id": S, "prompt": S})),
    "totals": obj(_CURRENT_AND_PREVIOUS),
    "campuses": array(obj({"id": ID, "name": S, **_CURRENT_AND_PREVIOUS})),
    "buildings": array(obj({"id": ID, "code": S, "name": S, "campus": REF, **_CURRENT_AND_PREVIOUS})),
    "spaces": array(obj({**SPACE_FIELDS, "kind": S, "building": BUILDING_REF, "campus": REF, "current": _WALKED,
                         "previous": _WALKED})),
}
SCHEMAS["Inventory"] = obj({"filters": _FILTERS, "checklist": CHECKLIST_REF, **_INVENTORY_TABLES})

_REPORT_FINDING = obj({
    "number": INT, "id": ID, "title": S, "description": S, "severity": SEVERITY, "status": STATUS,
    "remedy": nullable(enum(FINDING_REMEDIES)), "suggested_remedies": array(enum(REMEDIES)),
    "priority": enum(PRIORITIES), "due_date": NULL_DAY, "section": SECTION_REF,
    "item": nullable(obj({"id": S, "prompt": S})), "space": SPACE_REF, "created_by": NULL_PERSON,
    "created_at": TIME, "assignee": NULL_PERSON, "resolved_by": NULL_PERSON, "verified_at": NULL_TIME,
    "duplicate_of": nullable(ID), "photos": PHOTOS_BY_KIND, "history": array(obj({**_EVENT, "changes": CHANGES}))})
# Cycle over cycle (server/domain/reporting/comparison.py): this audit beside the previous submitted one.
_SHARES = obj({"spaces": INT, "whole": obj({"id": S, "total": INT}),
               "parts": array(obj({"id": S, "total": INT, "share": {"type": ["number", "null"], "minimum": 0,
                                                                 "description": "total / whole; null: no whole"}}))})
_CYCLE = obj({"audit": obj({"id": ID, "title": S, "cycle": INT, "status": AUDIT_STATUS, "submitted_at": NULL_TIME}),
              "spaces_walked": INT, "findings": INT,
              "by_severity": map_of(INT, "Findings raised, by severity.", SEVERITIES),
              "remedied": INT, "verified": INT, "inventory": nullable(_SHARES)})
_COMPARISON = obj({"current": _CYCLE, "previous": nullable(_CYCLE),
                   "categories": array(obj({"id": NULL_S, "title": NULL_S, "current": INT,
                                            "previous": nullable(INT)})),
                   "inventory_items": array(obj({"id": S, "prompt": S}))})
SCHEMAS["AuditReport"] = obj({
    "audit": obj({"id": ID, "title": S, "status": AUDIT_STATUS, "building": BUILDING_REF, "campus": REF,
                  "checklist": CHECKLIST_REF, "team": array(PERSON), "planned_by": NULL_PERSON,
                  "created_at": TIME, "started_at": NULL_TIME, "submitted_at": NULL_TIME}),
    "generated_at": TIME,
    "summary": obj({"spaces": INT, "spaces_walked": INT, "spaces_skipped": INT, "answers": INT, "findings": INT,
                    "withdrawn": INT, "by_status": map_of(INT, "How many findings are in each state.", STATES),
                    "by_severity": map_of(INT, "How many findings have each severity.", SEVERITIES)}),
    "skipped_spaces": array(obj({**SPACE_FIELDS, "kind": S, "reason": enum(SKIP_REASONS), "note": S})),
    "findings": array(_REPORT_FINDING),
    # The answers to photo items, with their photos on the server (space by space, item by item).
    "photo_answers": array(obj({"space": SPACE_REF, "item": obj({"id": S, "prompt": S}),
                                "photos": array(ref("Photo"))})),
    "inventory": nullable(obj(_INVENTORY_TABLES)),
    "comparison": _COMPARISON,
})

# A building's coverage (server/domain/reporting/coverage.py): when each space was last audited. -------------------

_BANDS = [name for name, _ in COVERAGE_BANDS]
_COVERED_SPACE = obj({
    **SPACE_FIELDS, "kind": S, "last_audited": NULL_DAY,
    "months": {**nullable(INT), "description": "Whole months since it was last audited; null: never."},
    "band": enum([*_BANDS, "never"]),
    "checklists": array(obj({"id": S, "last_audited": DAY}))})
SCHEMAS["Coverage"] = obj({
    "building": obj({**BUILDING_REF["properties"], "campus": REF}), "today": DAY, "checklist": NULL_S,
    "months": INT, "checklists": array(obj({"id": S, "title": S})),
    "bands": array(obj({"id": enum(_BANDS), "from_months": INT})),
    "floors": array(obj({"floor": S, "spaces": array(_COVERED_SPACE)})),
    "never": array(ID), "older": array(ID)})

SCHEMAS["Archive"] = obj({"format": S, "version": INT, "exported_at": TIME,
                          "tables": map_of(array({"type": "object"}), "Each table's rows, by table name."),
                          "counts": map_of(INT, "How many rows each table has.")})

# Community reports, the public side (server/api/public.py): what a reporter's page reads. No ids but its own. ----

_PUBLIC_SPACE = obj({"name": S, "floor": S, "room_number": S, "building": S, "campus": S})
_PUBLIC_MESSAGE = {"from": enum(["reporter", "committee"]), "text": S, "on": DAY}
_STEPS = (*REPORT_STEPS, *dict.fromkeys(FINDING_STEPS.values()))
SCHEMAS.update({
    "PublicSpace": obj({"code": S, "code_display": S, "space": _PUBLIC_SPACE, "accepting": BOOL}),
    "PublicPhoto": obj({"id": ID}),
    "PublicReportSent": obj({"tracking_code": S, "tracking_code_display": S, "key": S, "follow_url": S}),
    "PublicMessage": obj({"id": ID, **_PUBLIC_MESSAGE}),
    "PublicFollow": obj({
        "tracking_code_display": S, "space": _PUBLIC_SPACE, "category": enum(CATEGORIES), "received_on": DAY,
        "status": enum([*REPORT_STEPS, "closed"]), "closed": BOOL, "decline_reason": S,
        "progress": array(obj({"step": enum(_STEPS), "on": DAY})),
        "messages": array(obj(_PUBLIC_MESSAGE)), "email_on_file": BOOL}),
})

# Community reports, the committee's side (server/api/community.py): explicit fields, nothing of the reporter. ---

_REPORT = {
    "id": ID, "tracking_code_display": S,
    "space": obj({**SPACE_FIELDS, "building": BUILDING_REF, "campus": REF}),
    "category": enum(CATEGORIES), "description": S, "impact": S, "status": REPORT_STATUS, "received_on": DAY,
    "updated_on": DAY, "closed": BOOL, "decline_reason": S, "finding": nullable(_LINK),
    "photos": array(obj({"id": ID, "urls": PHOTO_URLS})), "messages_count": INT}
SCHEMAS.update({
    "CommunityReport": obj(_REPORT),
    "CommunityReportList": list_of("CommunityReport"),
    "CommunityMessage": obj({"id": ID, **_PUBLIC_MESSAGE, "author": NULL_PERSON}),
    "CommunityReportDetail": obj({
        **_REPORT, "messages": array(ref("CommunityMessage")),
        "events": array(obj({"from": nullable(REPORT_STATUS), "to": REPORT_STATUS, "note": S, "on": DAY,
                             "by": NULL_PERSON}))}),
    "CommunitySummary": obj({"open": INT, "received": INT}),
    "PublicCode": obj({"code": S, "public_code": S, "url": S}),
})

# Audit schedules (server/api/schedules.py): where each stands is worked out when asked (server/domain/schedules).

_SCHEDULE = {
    "id": ID, "building": BUILDING_REF, "campus": REF, "checklist": obj({"id": S, "title": S}),
    "interval_months": {"type": "integer", "minimum": 1, "maximum": 120}, "responsible": PERSON,
    "created_at": TIME, "state": enum(SCHEDULE_STATES),
    "paused_reason": {**nullable(enum(PAUSE_REASONS)), "description": "Why a paused schedule is not due."},
    "due_on": {**NULL_DAY, "description": "The day the next audit is due (UTC calendar day); null when paused."},
    "days_left": {"type": ["integer", "null"], "description": "Days until due_on; negative: days overdue."},
    "last_audit": nullable(obj({"id": ID, "title": S, "submitted_on": DAY}))}
SCHEMAS.update({
    "Schedule": obj(_SCHEDULE),
    "ScheduleList": list_of("Schedule"),
    "ScheduleDetail": obj({**_SCHEDULE, "plan": obj({"building_id": ID, "checklist_id": S,
                                                     "space_ids": array(ID), "member_ids": array(ID)})}),
    "SchedulesDue": obj({"today": DAY, "due_soon_days": INT, "overdue": array(ref("Schedule")),
                         "due_soon": array(ref("Schedule"))}),
})
# The public progress page (server/api/progress.py): counts from 1 to 4 are "<5" (server/domain/progress/small.py).

_HIDDEN = {"const": "<5"}
_COUNT = {"anyOf": [INT, _HIDDEN], "description": "A count, or \"<5\" for 1 to 4."}
_SHARE = {"anyOf": [{"type": "number"}, _HIDDEN, {"type": "null"}],
          "description": "A percentage; \"<5\" when a count it is made of is 1 to 4; null when there is no whole."}
_PAIR_PHOTO = obj({"photo_id": ID, "url": S, "width": INT, "height": INT})
_PUBLICATION = {"published": BOOL, "before_photo_id": ID, "after_photo_id": ID, "changed_at": TIME}
SCHEMAS.update({
    "ProgressSettings": obj({"enabled": BOOL, "changed_at": NULL_TIME, "changed_by": NULL_PERSON, "address": S}),
    "Publication": obj(_PUBLICATION),
    "PublicationList": list_of("PublicationItem"),
    "PublicationItem": obj({"finding": _LINK, "building": BUILDING_REF, **_PUBLICATION}),
    "PublicProgress": obj({
        "as_of": DAY, "cycle": obj({"months": INT, "from": DAY, "to": DAY}), "small_number": INT, "hidden": S,
        "campuses": array(obj({
            "name": S,
            "spaces": obj({"total": _COUNT, "audited": _COUNT, "coverage": _SHARE}),
            "findings": array(obj({"category": S, "raised": _COUNT, "remedied": _COUNT, "verified": _COUNT})),
            "median_days_to_verified": obj({"fixes": _COUNT, "days": _SHARE}),
            "inventory": nullable(obj({
                "people": obj({"current": _COUNT, "previous": _COUNT}),
                "shares": array(obj({"item": S, "label": S, "current": _SHARE, "previous": _SHARE}))})),
            "community": obj({"received": _COUNT, "answered": _COUNT, "acted_on": _COUNT})})),
        "pairs": array(obj({"id": ID, "campus": S, "building": S, "category": S,
                            "remedy": nullable(enum(FINDING_REMEDIES)), "verified_on": NULL_DAY,
                            "before": _PAIR_PHOTO, "after": _PAIR_PHOTO}))}),
})
# A finding's page shows whether its pair is published (null: never).
SCHEMAS["FindingDetail"]["properties"]["publication"] = nullable(ref("Publication"))
SCHEMAS["FindingDetail"]["required"].append("publication")

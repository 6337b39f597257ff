"""The response shapes of the JSON API: the components/schemas of the OpenAPI document, for the resources people
work on (people, sites, checklists, audits, photos, findings); report_schemas.py has the reports and public pages.

Objects are closed: each lists every field a handler returns and no other may appear, so a field added to a
handler without being described here fails the API tests (tests/api_contract.py checks every response).
Value sets come from the tables the server itself uses (states, severities, categories), never copies.
"""

from __future__ import annotations

from typing import Any

from server.auth.permissions import ROLES
from server.checklists.rules import REMEDIES, SKIP_REASONS
from server.domain.community.states import SOURCES
from server.domain.findings.states import FINDING_REMEDIES, PRIORITIES
from server.errors import PROBLEMS
from server.http.schema_parts import (
    ANY,
    AUDIT_STATUS,
    BOOL,
    BUILDING_REF,
    CHANGES,
    CHECKLIST_PIN,
    CHECKLIST_REF,
    ID,
    INT,
    NULL_DAY,
    NULL_PERSON,
    NULL_S,
    NULL_TIME,
    PERSON,
    SEVERITY,
    SPACE_FIELDS,
    STATUS,
    TIME,
    S,
    array,
    enum,
    list_of,
    map_of,
    nullable,
    obj,
    ref,
)
from server.languages import LANGUAGES, SOURCE_LANGUAGE

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
FINDING_LINK = obj({"id": ID, "title": S, "status": STATUS})
_FINDING_ITEM = {
    "id": ID, "title": S, "severity": SEVERITY, "status": STATUS, "revision": INT,
    "remedy": nullable(enum(FINDING_REMEDIES)), "priority": enum(PRIORITIES), "due_date": NULL_DAY,
    "overdue": BOOL, "section_id": NULL_S, "category": obj({"id": NULL_S, "title": NULL_S}),
    "after_thumbnail_url": NULL_S, "building": BUILDING_REF, "space": obj(SPACE_FIELDS), "source": enum(SOURCES),
    # A finding from a community report has no audit, and names the report by its tracking code only.
    "audit": nullable(obj({"id": ID, "title": S, "status": AUDIT_STATUS})),
    "community_report": nullable(obj({"id": ID, "tracking_code_display": S})),
    "assignee": NULL_PERSON, "thumbnail_url": NULL_S, "created_at": TIME, "updated_at": TIME}
EVENT = {"at": TIME, "by": PERSON, "from": nullable(STATUS), "to": STATUS, "note": S}
_COMMENT = {"type": enum(["comment"]), "id": ID, "at": TIME, "by": PERSON, "text": S}
_TIMELINE_ENTRY = {"oneOf": [obj({"type": enum(["event"]), "id": INT, **EVENT, "photo_ids": array(ID),
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
                          "resolved_by": NULL_PERSON, "duplicate_of": nullable(FINDING_LINK),
                          "duplicates": array(FINDING_LINK),
                          "photos": PHOTOS_BY_KIND, "timeline": array(_TIMELINE_ENTRY), "actions": array(STATUS),
                          # Whether the fix's before/after pair is on the public progress page (null: never).
                          "publication": nullable(ref("Publication"))}),
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

"""The response shapes of the reports, coverage, schedules, community reports and the public progress page, in
the same closed form as response_schemas.py (whose SCHEMAS these join in the OpenAPI document)."""

from __future__ import annotations

from typing import Any

from server.checklists.rules import REMEDIES, SEVERITIES, SKIP_REASONS
from server.domain.community.progress import FINDING_STEPS, REPORT_STEPS
from server.domain.community.public import CATEGORIES
from server.domain.community.states import SOURCES
from server.domain.findings.states import FINDING_REMEDIES, PRIORITIES, STATES
from server.domain.reporting.coverage import BANDS as COVERAGE_BANDS
from server.domain.schedules.views import PAUSE_REASONS
from server.domain.schedules.views import STATES as SCHEDULE_STATES
from server.http.response_schemas import EVENT, FINDING_LINK, PHOTO_URLS, PHOTOS_BY_KIND
from server.http.schema_parts import (
    AUDIT_STATUS,
    BOOL,
    BUILDING_REF,
    CHANGES,
    CHECKLIST_REF,
    DAY,
    ID,
    INT,
    NULL_DAY,
    NULL_PERSON,
    NULL_S,
    NULL_TIME,
    PERSON,
    REF,
    REPORT_STATUS,
    SECTION_REF,
    SEVERITY,
    SPACE_FIELDS,
    SPACE_REF,
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

SCHEMAS: dict[str, Any] = {}

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
    "duplicate_of": nullable(ID), "photos": PHOTOS_BY_KIND, "history": array(obj({**EVENT, "changes": CHANGES}))})
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
    "updated_on": DAY, "closed": BOOL, "decline_reason": S, "finding": nullable(FINDING_LINK),
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
    "PublicationItem": obj({"finding": FINDING_LINK, "building": BUILDING_REF, **_PUBLICATION}),
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

"""Everything an audit's report shows, as data: the printable page renders it as it is, the PDF builder
(server/reports/audit_pdf.py) lays the same data out on paper.

Findings withdrawn during the walk were never raised, so the report leaves them out (and counts them).
Photo answers (the answers to checklist items of type photo) are shown with their photos, space by space in
walking order and item by item in checklist order.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from server import clock
from server.auth.permissions import Actor
from server.checklists import localize
from server.checklists.rules import SEVERITIES, all_items, find_item
from server.domain.audits.access import get_audit
from server.domain.audits.views import answer_photos, space_json
from server.domain.checklists.store import section_titles
from server.domain.findings.states import STATES
from server.domain.findings.views import photos_json
from server.domain.people.views import person
from server.domain.photos.views import photo_json
from server.domain.reporting.comparison import comparison
from server.domain.reporting.inventory import audit_inventory
from server.domain.sites.views import building_ref, campus_ref
from server.languages import SOURCE_LANGUAGE
from server.models import Audit, AuditEvent, AuditMember, AuditSpace, Finding, FindingEvent, Photo, Response

REPORTED = tuple(s for s in STATES if s != "withdrawn")


@dataclass
class AuditReport:
    data: dict[str, Any]
    # photo id -> the stored display JPEG's digest: what the PDF embeds. Kept out of `data`, which is
    # served as JSON: stored file names are the server's business.
    display: dict[str, str]


def _audit(audit: Audit, team: list[dict[str, Any]], events: list[AuditEvent]) -> dict[str, Any]:
    started = next((e.at for e in events if e.to_status == "in_progress"), None)
    cv, building = audit.checklist, audit.building
    return {"id": str(audit.id), "title": audit.title, "status": audit.status,
            "building": building_ref(building), "campus": campus_ref(building.campus),
            "checklist": {"id": cv.checklist_id, "version": cv.version, "title": cv.title},
            "team": team, "planned_by": person(audit.created_by), "created_at": clock.iso(audit.created_at),
            "started_at": clock.iso(started), "submitted_at": clock.iso(audit.submitted_at)}


def _event(e: FindingEvent) -> dict[str, Any]:
    return {"at": clock.iso(e.at), "by": person(e.actor), "from": e.from_status, "to": e.to_status,
            "note": e.note, "changes": e.changes}


def _finding(number: int, f: Finding, audit: Audit, photos: list[Photo], events: list[FindingEvent],
             lang: str) -> dict[str, Any]:
    content = localize(audit.checklist.content, lang)
    found = find_item(content, f.item_id) if f.item_id else None
    titles = section_titles(audit.checklist, lang)
    verified = next((e.at for e in events if e.to_status == "verified"), None)
    return {
        "number": number, "id": str(f.id), "title": f.title, "description": f.description,
        "severity": f.severity, "status": f.status, "remedy": f.remedy, "suggested_remedies": f.remedies,
        "priority": f.priority, "due_date": f.due_date.isoformat() if f.due_date else None,
        "section": {"id": f.section_id, "title": titles.get(f.section_id, f.section_id)} if f.section_id else None,
        "item": {"id": f.item_id, "prompt": found[1]["prompt"]} if found else None,
        "space": space_json(f.space), "created_by": person(f.created_by), "created_at": clock.iso(f.created_at),
        "assignee": person(f.assignee), "resolved_by": person(f.resolved_by), "verified_at": clock.iso(verified),
        "duplicate_of": str(f.duplicate_of_id) if f.duplicate_of_id else None,  # type: ignore[attr-defined]
        "photos": photos_json(f, photos),
        "history": [_event(e) for e in events],
    }


async def _photo_answers(audit: Audit, rows: list[AuditSpace], lang: str) -> tuple[list[dict[str, Any]], list[Photo]]:
    """Each photo answer that has photos on the server: where, which item (in `lang`), and its photos."""
    responses = await Response.filter(audit_id=audit.id)
    photos = await answer_photos(audit, responses)
    if not photos:
        return [], []
    by_place: dict[tuple[str, str], list[Photo]] = {}
    for photo in photos:
        by_place.setdefault((str(photo.space_id), str(photo.item_id)), []).append(photo)  # type: ignore[attr-defined]
    content = localize(audit.checklist.content, lang)
    order = {item["id"]: n for n, (_, item) in enumerate(all_items(content))}
    prompts = {item["id"]: item["prompt"] for _, item in all_items(content)}
    spaces = {str(row.space_id): row for row in rows}  # type: ignore[attr-defined]
    places = sorted((key for key in by_place if key[0] in spaces),
                    key=lambda key: (spaces[key[0]].position, order.get(key[1], len(order))))
    return [{"space": space_json(spaces[space_id].space),
             "item": {"id": item_id, "prompt": prompts.get(item_id, item_id)},
             "photos": [photo_json(p) for p in by_place[(space_id, item_id)]]}
            for space_id, item_id in places], photos


async def audit_report(actor: Actor, audit_id: str, lang: str = SOURCE_LANGUAGE) -> AuditReport:
    """Everything about one audit, with its checklist's text in `lang` (the reader's language)."""
    audit = await get_audit(actor, audit_id)
    await audit.fetch_related("building__campus")
    rows = await AuditSpace.filter(audit_id=audit.id).order_by("position").prefetch_related("space")
    members = await AuditMember.filter(audit_id=audit.id).prefetch_related("user")
    team = sorted((person(m.user) for m in members), key=lambda p: p["name"].lower())
    audit_events = await AuditEvent.filter(audit_id=audit.id).order_by("id")
    position = {str(row.space_id): row.position for row in rows}  # type: ignore[attr-defined]
    findings = await Finding.filter(audit_id=audit.id).prefetch_related(
        "space", "created_by", "assignee", "resolved_by")
    withdrawn = sum(1 for f in findings if f.status == "withdrawn")
    findings = sorted((f for f in findings if f.status != "withdrawn"),
                      key=lambda f: (position.get(str(f.space_id), 0), f.created_at, str(f.id)))  # type: ignore[attr-defined]
    ids = [f.id for f in findings]
    photos: dict[str, list[Photo]] = {}
    for photo in await Photo.filter(finding_id__in=ids).order_by("created_at", "id").prefetch_related("uploaded_by"):
        photos.setdefault(str(photo.finding_id), []).append(photo)  # type: ignore[attr-defined]
    events: dict[str, list[FindingEvent]] = {}
    for event in await FindingEvent.filter(finding_id__in=ids).order_by("id").prefetch_related("actor"):
        events.setdefault(str(event.finding_id), []).append(event)  # type: ignore[attr-defined]
    skipped = [row for row in rows if row.skip_reason is not None]
    answered, answered_photos = await _photo_answers(audit, rows, lang)
    statuses, severities = Counter(f.status for f in findings), Counter(f.severity for f in findings)
    data = {
        "audit": _audit(audit, team, audit_events),
        "generated_at": clock.iso(clock.now()),
        "summary": {
            "spaces": len(rows), "spaces_walked": len(rows) - len(skipped), "spaces_skipped": len(skipped),
            "answers": await Response.filter(audit_id=audit.id).count(), "findings": len(findings),
            "withdrawn": withdrawn, "by_status": {s: statuses[s] for s in REPORTED},
            "by_severity": {s: severities[s] for s in reversed(SEVERITIES)},
        },
        "skipped_spaces": [{**space_json(row.space), "reason": row.skip_reason, "note": row.skip_note}
                           for row in skipped],
        "findings": [_finding(n, f, audit, photos.get(str(f.id), []), events.get(str(f.id), []), lang)
                     for n, f in enumerate(findings, 1)],
        "photo_answers": answered,
        "inventory": await audit_inventory(audit, lang),
        "comparison": await comparison(audit, lang),
    }
    display = {str(p.id): p.display for found in [*photos.values(), answered_photos] for p in found}
    return AuditReport(data, display)

"""How audits and answers read in the API: one place, so lists, details and 409s agree. An audit in full
carries its findings as the walk records them (server/domain/findings/views.py) with their photos, and the
photos its photo answers name."""

from __future__ import annotations

from typing import Any

from server import clock
from server.checklists.rules import all_items, shown_items
from server.domain.findings.views import walk_json
from server.domain.people.views import person
from server.domain.photos.views import photo_json
from server.domain.sites.views import building_ref
from server.models import Audit, AuditEvent, AuditMember, AuditSpace, Finding, Photo, Response, Space, User


def space_json(space: Space) -> dict[str, Any]:
    """A space of an audit (its plan lists them in walking order)."""
    return {"id": str(space.id), "name": space.name, "floor": space.floor, "room_number": space.room_number or "",
            "kind": space.kind}


def response_json(r: Response, answered_by: User | None = None) -> dict[str, Any]:
    return {"id": str(r.id), "audit_id": str(r.audit_id), "space_id": str(r.space_id),  # type: ignore[attr-defined]
            "item_id": r.item_id, "answer": r.value, "note": r.note, "revision": r.revision,
            "answered_by": person(answered_by or r.answered_by), "updated_at": clock.iso(r.updated_at)}


def _progress(content: dict[str, Any], rows: list[AuditSpace], answers: dict[str, dict[str, Any]]) -> dict[str, int]:
    answered = total = done = 0
    for row in rows:
        given = answers.get(str(row.space_id), {})  # type: ignore[attr-defined]
        shown = shown_items(content, given)
        n = sum(1 for item in shown if item in given)
        if row.skip_reason is None:
            answered, total = answered + n, total + len(shown)
        done += row.skip_reason is not None or n == len(shown)
    return {"answered": answered, "total": total, "spaces_done": done, "spaces_total": len(rows)}


async def _findings(audit: Audit) -> list[dict[str, Any]]:
    findings = await Finding.filter(audit_id=audit.id).order_by("created_at").prefetch_related("created_by")
    photos: dict[str, list[dict[str, Any]]] = {}
    for photo in await Photo.filter(finding_id__in=[f.id for f in findings]).prefetch_related("uploaded_by"):
        photos.setdefault(str(photo.finding_id), []).append(photo_json(photo))  # type: ignore[attr-defined]
    # Each finding's photos with their versioned urls and captions, for any device that lacks them.
    return [{**walk_json(f, audit), "photos": photos.get(str(f.id), [])} for f in findings]


def photo_ids_of(content: dict[str, Any], responses: list[Response]) -> list[str]:
    """The photo ids the answers to photo items name, in their order (such an answer is a list of them)."""
    photo_items = {item["id"] for _, item in all_items(content) if item["type"] == "photo"}
    return [str(i) for r in responses if r.item_id in photo_items and isinstance(r.value, list) for i in r.value]


async def answer_photos(audit: Audit, responses: list[Response]) -> list[Photo]:
    """The stored photos of the audit's photo answers (uploaded_by prefetched), in the answers' order. A photo
    an answer names that has not reached the server yet is not among them; one taken out of its answer neither."""
    ids = photo_ids_of(audit.checklist.content, responses)
    if not ids:
        return []
    found = {str(p.id): p for p in await Photo.filter(id__in=ids, audit_id=audit.id, kind="answer")
             .prefetch_related("uploaded_by")}
    return [found[i] for i in ids if i in found]


async def audit_json(audit: Audit, *, full: bool = False) -> dict[str, Any]:
    """An audit as the API shows it; full adds its responses and findings."""
    rows = await AuditSpace.filter(audit_id=audit.id).order_by("position").prefetch_related("space")
    members = await AuditMember.filter(audit_id=audit.id).prefetch_related("user")
    events = await AuditEvent.filter(audit_id=audit.id).order_by("id").prefetch_related("actor")
    responses = await Response.filter(audit_id=audit.id).prefetch_related("answered_by")
    answers: dict[str, dict[str, Any]] = {}
    for r in responses:
        answers.setdefault(str(r.space_id), {})[r.item_id] = r.value  # type: ignore[attr-defined]
    cv = audit.checklist
    data: dict[str, Any] = {
        "id": str(audit.id), "title": audit.title, "status": audit.status, "revision": audit.revision,
        "building": building_ref(audit.building),
        "checklist": {"id": cv.checklist_id, "version": cv.version, "title": cv.title},
        "created_by": person(audit.created_by),
        "members": sorted((person(m.user) for m in members), key=lambda p: p["name"].lower()),
        "spaces": [{**space_json(row.space),
                    "skipped": {"reason": row.skip_reason, "note": row.skip_note} if row.skip_reason else None}
                   for row in rows],
        "progress": _progress(cv.content, rows, answers),
        "history": [{"at": clock.iso(e.at), "by": person(e.actor), "from": e.from_status, "to": e.to_status}
                    for e in events],
        "created_at": clock.iso(audit.created_at), "updated_at": clock.iso(audit.updated_at),
        "submitted_at": clock.iso(audit.submitted_at),
    }
    if full:
        data["responses"] = [response_json(r) for r in responses]
        data["findings"] = await _findings(audit)
        # The photos of its photo answers, with their urls, for any device that lacks them.
        data["answer_photos"] = [photo_json(p) for p in await answer_photos(audit, responses)]
    return data

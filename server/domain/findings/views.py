"""Every JSON shape of a finding: as the walk records it (what the phone stores and PUTs back, also inside
GET /api/audits/{id}), a list item (where, what, who, by when), the full page (photos, timeline of events and
comments, duplicates, and the moves the caller may make), and a comment."""

from __future__ import annotations

from typing import Any

from server import clock
from server.auth.permissions import Actor
from server.domain.findings.guards import allowed
from server.domain.findings.rows import items
from server.domain.findings.states import moves_from
from server.domain.people.views import person
from server.domain.photos.views import photo_json
from server.models import Audit, Finding, FindingComment, FindingEvent, Photo, Publication, User

RELATED = ("space__building", "audit__checklist", "assignee")  # what a finding's mail names


def walk_json(f: Finding, audit: Audit, created_by: User | None = None) -> dict[str, Any]:
    """A finding as the walk records it (the audit must come with its checklist)."""
    return {"id": str(f.id), "audit_id": str(f.audit_id), "space_id": str(f.space_id),  # type: ignore[attr-defined]
            "item_id": f.item_id, "section_id": f.section_id,
            "checklist": {"id": audit.checklist.checklist_id, "version": audit.checklist.version},
            "title": f.title, "description": f.description, "severity": f.severity, "remedies": f.remedies,
            "photo_ids": f.photo_ids, "status": f.status, "revision": f.revision,
            "created_by": person(created_by or f.created_by), "created_at": clock.iso(f.created_at),
            "updated_at": clock.iso(f.updated_at)}


def _event(e: FindingEvent) -> dict[str, Any]:
    return {
        "type": "event",
        "id": e.id,
        "at": clock.iso(e.at),
        "by": person(e.actor),
        "from": e.from_status,
        "to": e.to_status,
        "note": e.note,
        "photo_ids": e.photo_ids,
        "changes": e.changes,
    }


def comment_json(c: FindingComment) -> dict[str, Any]:
    return {"type": "comment", "id": str(c.id), "at": clock.iso(c.at), "by": person(c.author), "text": c.text}


async def timeline(finding: Finding) -> list[dict[str, Any]]:
    """Events and comments in the order they happened (events in the order they were written)."""
    events = await FindingEvent.filter(finding_id=finding.id).order_by("id").prefetch_related("actor")
    comments = await FindingComment.filter(finding_id=finding.id).order_by("at").prefetch_related("author")
    entries = [(e.at, _event(e)) for e in events] + [(c.at, comment_json(c)) for c in comments]
    return [entry for _, entry in sorted(entries, key=lambda pair: pair[0])]  # stable: events keep their order


def photos_json(f: Finding, photos: list[Photo]) -> dict[str, list[dict[str, Any]]]:
    """A finding's photos (uploaded_by prefetched): evidence in the finding's own order (then any it does not
    list), and the after-photos."""
    evidence = {str(p.id): p for p in photos if p.kind == "evidence"}
    ordered = [evidence.pop(i) for i in f.photo_ids if i in evidence] + list(evidence.values())
    return {"evidence": [photo_json(p) for p in ordered], "after": [photo_json(p) for p in photos if p.kind == "after"]}


def publication_json(row: Publication | None) -> dict[str, Any] | None:
    """Whether a finding's before/after pair is on the public progress page (null: never published)."""
    if row is None:
        return None
    return {"published": row.published, "before_photo_id": str(row.before_photo_id),  # type: ignore[attr-defined]
            "after_photo_id": str(row.after_photo_id), "changed_at": clock.iso(row.changed_at)}  # type: ignore[attr-defined]


def _link(f: Finding) -> dict[str, Any]:
    return {"id": str(f.id), "title": f.title, "status": f.status}


async def detail_json(actor: Actor, finding_id: str) -> dict[str, Any]:
    f = await Finding.get(id=finding_id).prefetch_related(
        *RELATED, "created_by", "resolved_by", "duplicate_of"
    )
    photos = await Photo.filter(finding_id=f.id).order_by("created_at").prefetch_related("uploaded_by")
    duplicates = await Finding.filter(duplicate_of_id=f.id).order_by("created_at")
    return {
        **(await items(Finding.filter(id=f.id)))[0],
        "description": f.description,
        "item_id": f.item_id,
        "checklist": {"id": f.audit.checklist.checklist_id, "version": f.audit.checklist.version} if f.audit else None,
        "suggested_remedies": f.remedies,
        "created_by": person(f.created_by),
        "resolved_by": person(f.resolved_by),
        "duplicate_of": _link(f.duplicate_of) if f.duplicate_of else None,
        "duplicates": [_link(d) for d in duplicates],
        "photos": photos_json(f, photos),
        "timeline": await timeline(f),
        "actions": [m.to for m in moves_from(f.status) if allowed(actor, f, m)],
        "publication": publication_json(await Publication.get_or_none(finding_id=f.id)),
    }

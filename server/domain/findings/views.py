"""Every JSON shape of a finding: as the walk records it (what the phone stores and PUTs back, also inside
GET /api/audits/{id}), a list item (where, what, who, by when), the full page (photos, timeline of events and
comments, duplicates, and the moves the caller may make), and a comment."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import Any

from server import clock
from server.auth.permissions import Actor
from server.domain.community.codes import display
from server.domain.community.states import category_title
from server.domain.findings.guards import allowed, today
from server.domain.findings.states import WORK_STATES, moves_from
from server.domain.people.views import person
from server.domain.photos.views import photo_json, url
from server.domain.sites.views import building_ref
from server.models import Audit, CommunityReport, Finding, FindingComment, FindingEvent, Photo, Publication, User

RELATED = ("space__building", "audit__checklist", "assignee")


def walk_json(f: Finding, audit: Audit, created_by: User | None = None) -> dict[str, Any]:
    """A finding as the walk records it (the audit must come with its checklist)."""
    return {"id": str(f.id), "audit_id": str(f.audit_id), "space_id": str(f.space_id),  # type: ignore[attr-defined]
            "item_id": f.item_id, "section_id": f.section_id,
            "checklist": {"id": audit.checklist.checklist_id, "version": audit.checklist.version},
            "title": f.title, "description": f.description, "severity": f.severity, "remedies": f.remedies,
            "photo_ids": f.photo_ids, "status": f.status, "revision": f.revision,
            "created_by": person(created_by or f.created_by), "created_at": clock.iso(f.created_at),
            "updated_at": clock.iso(f.updated_at)}


def is_overdue(finding: Finding, on: date | None = None) -> bool:
    """Work still owed (assigned or in progress) whose due date has passed."""
    due = finding.due_date
    return finding.status in WORK_STATES and due is not None and due < (on or today())


async def thumbnails(findings: Iterable[Finding], kind: str = "evidence") -> dict[str, str]:
    """Each finding's first photo of this kind (evidence in the finding's photo order) as a thumbnail url."""
    by_id = {str(f.id): f for f in findings}
    photos: dict[str, dict[str, Photo]] = {}
    # After-photos: the latest first (a reopened finding's new after-photo replaces the old one in lists).
    order = "created_at" if kind == "evidence" else "-created_at"
    for photo in await Photo.filter(finding_id__in=list(by_id), kind=kind).order_by(order):
        photos.setdefault(str(photo.finding_id), {})[str(photo.id)] = photo  # type: ignore[attr-defined]
    out = {}
    for fid, mine in photos.items():
        ordered = [mine[p] for p in by_id[fid].photo_ids if p in mine] or list(mine.values())
        out[fid] = url(ordered[0], "thumb")
    return out


async def community_links(findings: Iterable[Finding]) -> dict[str, dict[str, str]]:
    """The report each community finding was made from (its tracking code; never anything of the reporter)."""
    ids = [f.id for f in findings if f.source == "community"]
    rows = await CommunityReport.filter(finding_id__in=ids, status="finding").values_list(
        "finding_id", "id", "tracking_code") if ids else []
    return {str(fid): {"id": str(rid), "tracking_code_display": display(code)} for fid, rid, code in rows}


def category(f: Finding) -> dict[str, str | None]:
    """The checklist section a finding came from, titled as in the audit's pinned checklist version; a
    community finding's section is the report's category."""
    if f.audit is None:
        return {"id": f.section_id, "title": category_title(f.section_id) or None}
    sections = f.audit.checklist.content.get("sections", [])
    title = next((s.get("title", "") for s in sections if s.get("id") == f.section_id), "")
    return {"id": f.section_id, "title": title or f.section_id}


def item_json(
    f: Finding, thumbs: dict[str, str], on: date | None = None, after: dict[str, str] | None = None,
    links: dict[str, dict[str, str]] | None = None,
) -> dict[str, Any]:
    space, building, audit = f.space, f.space.building, f.audit
    return {
        "id": str(f.id),
        "title": f.title,
        "severity": f.severity,
        "status": f.status,
        "revision": f.revision,
        "remedy": f.remedy,
        "priority": f.priority,
        "due_date": f.due_date.isoformat() if f.due_date else None,
        "overdue": is_overdue(f, on),
        "section_id": f.section_id,
        "category": category(f),
        "building": building_ref(building),
        "space": {
            "id": str(space.id),
            "name": space.name,
            "floor": space.floor,
            "room_number": space.room_number or "",
        },
        "source": f.source,
        # A finding from a community report has no audit; it names the report by its tracking code only.
        "audit": {"id": str(audit.id), "title": audit.title, "status": audit.status} if audit else None,
        "community_report": (links or {}).get(str(f.id)),
        "assignee": person(f.assignee),
        "thumbnail_url": thumbs.get(str(f.id)),
        # Resolved work shows its after-photo beside the evidence (the verification queue).
        "after_thumbnail_url": (after or {}).get(str(f.id)),
        "created_at": clock.iso(f.created_at),
        "updated_at": clock.iso(f.updated_at),
    }


async def items_json(findings: list[Finding]) -> list[dict[str, Any]]:
    thumbs, after, on = await thumbnails(findings), await thumbnails(findings, "after"), today()
    links = await community_links(findings)
    return [item_json(f, thumbs, on, after, links) for f in findings]


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
        **item_json(f, await thumbnails([f]), after=await thumbnails([f], "after"), links=await community_links([f])),
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

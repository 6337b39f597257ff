"""How a community report reads: for the committee, every field listed here and nothing about the reporter
(not their address, nor even whether they left one); for the reporter on the follow-up page, names only (no
ids) and nothing that names a committee member."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from tortoise.functions import Count

from server.domain.community.codes import display
from server.domain.community.progress import decline_reason, is_closed, public_status, steps
from server.domain.people.views import person
from server.domain.sites.views import building_ref, campus_ref
from server.models import CommunityEvent, CommunityMessage, CommunityPhoto, CommunityReport, ReporterContact, Space

SIZES = ("thumb", "display", "evidence")
RELATED = ("space__building__campus", "finding")


def photo_json(photo: CommunityPhoto) -> dict[str, Any]:
    return {"id": str(photo.id),
            "urls": {size: f"/api/community/photos/{photo.id}/{size}?v={getattr(photo, size)[:16]}"
                     for size in SIZES}}


def space_json(report: CommunityReport) -> dict[str, Any]:
    space = report.space
    building, campus = space.building, space.building.campus
    return {"id": str(space.id), "name": space.name, "floor": space.floor, "room_number": space.room_number or "",
            "building": building_ref(building), "campus": campus_ref(campus)}


def report_json(report: CommunityReport, photos: list[CommunityPhoto], messages: int) -> dict[str, Any]:
    finding = report.finding
    return {
        "id": str(report.id),
        "tracking_code_display": display(report.tracking_code),
        "space": space_json(report),
        "category": report.category,
        "description": report.description,
        "impact": report.impact,
        "status": report.status,
        "received_on": report.received_on.isoformat(),
        "updated_on": report.updated_on.isoformat(),
        "closed": report.closed_on is not None,
        "decline_reason": report.decline_reason,
        "finding": {"id": str(finding.id), "title": finding.title, "status": finding.status} if finding else None,
        "photos": [photo_json(p) for p in photos],
        "messages_count": messages,
    }


async def reports_json(reports: Iterable[CommunityReport]) -> list[dict[str, Any]]:
    """Several reports, with their photos and message counts in two queries."""
    reports = list(reports)
    ids = [r.id for r in reports]
    photos: dict[str, list[CommunityPhoto]] = {}
    for photo in await CommunityPhoto.filter(report_id__in=ids).order_by("id") if ids else []:
        photos.setdefault(str(photo.report_id), []).append(photo)  # type: ignore[attr-defined]
    counts = {str(row["report_id"]): row["n"] for row in await CommunityMessage.filter(report_id__in=ids)
              .annotate(n=Count("id")).group_by("report_id").values("report_id", "n")} if ids else {}
    return [report_json(r, photos.get(str(r.id), []), counts.get(str(r.id), 0)) for r in reports]


def message_json(m: CommunityMessage) -> dict[str, Any]:
    """A message of the conversation (author prefetched): the committee's name their author."""
    return {"id": str(m.id), "from": m.sender, "text": m.text, "on": m.on.isoformat(), "author": person(m.author)}


def event_json(e: CommunityEvent) -> dict[str, Any]:
    return {"from": e.from_status, "to": e.to_status, "note": e.note, "on": e.on.isoformat(), "by": person(e.actor)}


async def detail_json(report_id: Any) -> dict[str, Any]:
    """One report with its conversation and its history."""
    report = await CommunityReport.get(id=report_id).prefetch_related(*RELATED)
    messages = await CommunityMessage.filter(report_id=report.id).order_by("position").prefetch_related("author")
    events = await CommunityEvent.filter(report_id=report.id).order_by("id").prefetch_related("actor")
    return {
        **(await reports_json([report]))[0],
        "messages": [message_json(m) for m in messages],
        "events": [event_json(e) for e in events],
    }


# The reporter's side ------------------------------------------------------------------------------------------

def public_space_json(space: Space) -> dict[str, str]:
    """The space as a reporter may see it: names only, no ids."""
    return {"name": space.name, "floor": space.floor, "room_number": space.room_number or "",
            "building": space.building.name, "campus": space.building.campus.name}


def public_message_json(message: CommunityMessage) -> dict[str, str]:
    return {"id": str(message.id), "from": message.sender, "text": message.text, "on": message.on.isoformat()}


async def follow_json(report: CommunityReport) -> dict[str, Any]:
    """The follow-up page's whole answer (the report must come with space__building__campus)."""
    done = await steps(report)
    messages = await CommunityMessage.filter(report_id=report.id).order_by("position")
    return {
        "tracking_code_display": display(report.tracking_code),
        "space": public_space_json(report.space),
        "category": report.category,
        "received_on": report.received_on.isoformat(),
        "status": public_status(report),
        "closed": is_closed(report),
        "decline_reason": decline_reason(report, done),
        "progress": [{"step": s.step, "on": s.on.isoformat()} for s in done],
        "messages": [{"from": m.sender, "text": m.text, "on": m.on.isoformat()} for m in messages],
        "email_on_file": await ReporterContact.exists(report_id=report.id),
    }

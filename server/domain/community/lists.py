"""The committee's list of community reports, the counts shown on their home, inbox and dashboard, and the
spaces an administrator prints posters for.

Spam is hidden: it is listed only when asked for by name and never counted."""

from __future__ import annotations

from typing import Any

from tortoise.queryset import QuerySet

from server.domain.community import codes
from server.domain.community.states import OPEN
from server.domain.community.views import RELATED, reports_json
from server.domain.list_filters import Filter, one_of
from server.errors import Invalid
from server.models import CommunityReport, Space
from server.reports.posters import PosterSpace

# open: waiting for the committee; closed: declined, or its finding is done; all: every report but spam.
SHOWS = ("open", "closed", "spam", "all")
# GET /api/community/reports: what list_reports takes, read from the query string.
FILTERS = (Filter("status", "open (default), closed, spam or all.", one_of(SHOWS, default="open"), "show"),)


def _shown(show: str) -> QuerySet[CommunityReport]:
    if show == "open":
        return CommunityReport.filter(status__in=OPEN)
    if show == "spam":
        return CommunityReport.filter(status="spam")
    query = CommunityReport.exclude(status="spam")
    return query.filter(closed_on__isnull=False) if show == "closed" else query


async def list_reports(show: str = "open", *, limit: int, offset: int) -> tuple[list[dict[str, Any]], int]:
    """Newest first. Reports are dated to the day only, so within a day the order is fixed but arbitrary."""
    query = _shown(show)
    total = await query.count()
    found = await query.order_by("-received_on", "id").offset(offset).limit(limit).prefetch_related(*RELATED)
    return await reports_json(found), total


async def summary() -> dict[str, int]:
    """Open reports (received or under review) and, of those, the ones nobody has looked at yet."""
    return {"open": await CommunityReport.filter(status__in=OPEN).count(),
            "received": await CommunityReport.filter(status="received").count()}


async def poster_spaces(base_url: str, *, building_id: str = "", space_id: str = "") -> list[PosterSpace]:
    """A building's spaces (or one space) as their posters show them, by floor and room; a space without a
    poster code yet gets one."""
    query = Space.filter(building_id=building_id) if building_id else Space.filter(id=space_id)
    spaces = await query.order_by("floor", "room_number", "name").prefetch_related("building__campus")
    if not spaces:
        raise Invalid("This building has no spaces yet: add them before printing posters.", field="id")
    return [PosterSpace(name=s.name, floor=s.floor, room_number=s.room_number or "",
                        building=f"{s.building.code} \u00b7 {s.building.name}", campus=s.building.campus.name,
                        url=f"{base_url}/r/{await codes.ensure_code(s)}") for s in spaces]

"""Campuses, buildings and spaces: listing, reading, creating and changing them."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Count

from server.domain.list_filters import Filter, an_id, one_of, text
from server.domain.sites.kinds import KIND_IDS
from server.domain.sites.views import building_json, campus_json
from server.errors import Conflict, Invalid, NotFound
from server.models import Building, Campus, Space


async def list_campuses() -> list[dict[str, Any]]:
    campuses = await Campus.all().annotate(n=Count("buildings")).order_by("name")
    return [campus_json(c, c.n) for c in campuses]


async def get_campus(campus_id: Any) -> Campus:
    campus = await Campus.get_or_none(id=campus_id)
    if campus is None:
        raise NotFound("No such campus.", field="campus_id")
    return campus


async def save_campus(name: str | None, campus: Campus | None = None, community_reports: bool | None = None) -> Campus:
    """Create a campus, or change its name and whether it takes community reports (None: leave as is)."""
    try:
        if campus is None:
            return await Campus.create(name=name, community_reports=bool(community_reports))
        campus.name = name or campus.name
        if community_reports is not None:
            campus.community_reports = community_reports
        await campus.save()
        return campus
    except IntegrityError:
        raise Conflict(f"A campus named {name} already exists.", field="name") from None


# GET /api/buildings: what list_buildings takes, read from the query string.
BUILDING_FILTERS = (
    Filter("campus_id", "Only this campus.", an_id),
    Filter("q", "Part of a code or name.", text(200)),
)


async def list_buildings(campus_id: Any = None, q: str = "") -> list[dict[str, Any]]:
    query = Building.all().annotate(n=Count("spaces")).prefetch_related("campus")
    if campus_id:
        query = query.filter(campus_id=campus_id)
    if q:
        query = query.filter(Q(code__icontains=q) | Q(name__icontains=q))
    buildings = await query.order_by("code")
    return [building_json(b, b.n) for b in buildings]


async def get_building(building_id: Any, field: str = "building_id") -> Building:
    building = await Building.get_or_none(id=building_id).prefetch_related("campus")
    if building is None:
        raise NotFound("No such building.", field=field)
    return building


async def save_building(values: dict[str, Any], building: Building | None = None) -> Building:
    if "code" in values:
        values["code"] = values["code"].upper()  # codes are matched as typed on door signs: "ald" is ALD
    try:
        if building is None:
            campus = await get_campus(values["campus_id"])
            building = await Building.create(campus=campus, code=values["code"], name=values["name"])
        else:
            building.update_from_dict({k: v for k, v in values.items() if k in ("code", "name", "community_reports")})
            await building.save()
    except IntegrityError:
        raise Conflict(f"The campus already has a building with the code {values.get('code')}.",
                       field="code") from None
    return await get_building(building.id)


# GET /api/spaces: what search_spaces takes, read from the query string.
SPACE_FILTERS = (
    Filter("building_id", "Only spaces of this building.", an_id),
    Filter("room", "Room numbers starting with this (case-insensitive).", text(40)),
    Filter("q", "Part of a space name or room number.", text(200)),
    Filter("floor", "Only this floor.", text(20)),
    Filter("kind", "Only this kind of space.", one_of(KIND_IDS)),
)


async def search_spaces(*, building_id: Any = None, room: str = "", q: str = "", floor: str = "",
                        kind: str = "", limit: int = 50, offset: int = 0) -> tuple[list[Space], int]:
    query = Space.all()
    if building_id:
        query = query.filter(building_id=building_id)
    if room:
        query = query.filter(room_number__istartswith=room.strip())
    if q:
        query = query.filter(Q(name__icontains=q.strip()) | Q(room_number__icontains=q.strip()))
    if floor:
        query = query.filter(floor__iexact=floor.strip())
    if kind:
        query = query.filter(kind=kind)
    total = await query.count()
    spaces = await query.order_by("building__code", "floor", "room_number", "name") \
        .offset(offset).limit(limit).prefetch_related("building__campus")
    return spaces, total


async def get_space(space_id: Any) -> Space:
    space = await Space.get_or_none(id=space_id).prefetch_related("building__campus")
    if space is None:
        raise NotFound("No such space.")
    return space


def _check_kind(values: dict[str, Any]) -> None:
    if "kind" in values and values["kind"] not in KIND_IDS:
        raise Invalid(f"kind must be one of: {', '.join(KIND_IDS)}.", field="kind")


async def save_space(values: dict[str, Any], space: Space | None = None) -> Space:
    _check_kind(values)
    if "room_number" in values:
        values["room_number"] = values["room_number"] or None
    if "name" in values and not values["name"]:
        raise Invalid("name is required.", field="name")
    try:
        if space is None:
            building = await get_building(values["building_id"])
            space = await Space.create(id=uuid.uuid4(), building=building, floor=values["floor"],
                                       room_number=values.get("room_number"), name=values["name"],
                                       kind=values["kind"])
        else:
            space.update_from_dict({k: v for k, v in values.items()
                                    if k in ("floor", "room_number", "name", "kind")})
            await space.save()
    except IntegrityError:
        raise Conflict(f"The building already has a space with room number {values.get('room_number')}.",
                       field="room_number") from None
    return await get_space(space.id)

"""Campuses, buildings and spaces: the registry every audit walks through."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.functions import Count

from server import clock
from server.domain.community.codes import display
from server.errors import Conflict, Invalid, NotFound
from server.models import Building, Campus, Space

# The kinds of space an audit distinguishes. Ids are stable (stored, used in CSV files); labels are the
# English names, and the web app translates ids through its message catalogue.
SPACE_KINDS: tuple[tuple[str, str], ...] = (
    ("lobby", "Lobby or entrance"),
    ("corridor", "Corridor or hallway"),
    ("lecture_hall", "Lecture hall or auditorium"),
    ("classroom", "Classroom or seminar room"),
    ("conference_room", "Conference or board room"),
    ("library", "Library or reading room"),
    ("laboratory", "Laboratory"),
    ("anatomy_lab", "Anatomy or simulation lab"),
    ("clinic_waiting_room", "Clinic waiting room"),
    ("exam_room", "Exam or consultation room"),
    ("patient_room", "Patient room or ward"),
    ("office", "Office"),
    ("student_lounge", "Student or staff lounge"),
    ("cafeteria", "Cafeteria or dining area"),
    ("chapel", "Chapel or reflection room"),
    ("exhibit", "Exhibit or museum space"),
    ("stairwell", "Stairwell"),
    ("elevator", "Elevator or elevator lobby"),
    ("restroom", "Restroom"),
    ("outdoor", "Outdoor area or courtyard"),
    ("other", "Other"),
)
KIND_IDS = tuple(k for k, _ in SPACE_KINDS)
_KIND_BY_TEXT = {**{k: k for k in KIND_IDS}, **{label.lower(): k for k, label in SPACE_KINDS}}


def kind_from_text(text: str) -> str | None:
    """A kind id from its id or its English label, as people type them in spreadsheets."""
    return _KIND_BY_TEXT.get(text.strip().lower().replace(" ", "_")) or _KIND_BY_TEXT.get(text.strip().lower())


def campus_json(campus: Campus, building_count: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {"id": str(campus.id), "name": campus.name,
                            "community_reports": campus.community_reports}
    if building_count is not None:
        data["building_count"] = building_count
    return data


def building_json(building: Building, space_count: int | None = None) -> dict[str, Any]:
    data: dict[str, Any] = {
        "id": str(building.id),
        "campus": campus_json(building.campus),
        "code": building.code,
        "name": building.name,
        # Community reports from posters in its spaces: true, false, or null (as its campus says).
        "community_reports": building.community_reports,
        "community_reports_effective": reports_on(building),
    }
    if space_count is not None:
        data["space_count"] = space_count
    return data


def reports_on(building: Building) -> bool:
    """Whether community reports are taken for a building's spaces (its own choice, else its campus's)."""
    own = building.community_reports
    return bool(building.campus.community_reports if own is None else own)


def space_json(space: Space, public_code: str | None = None) -> dict[str, Any]:
    """A space; public_code is its current poster code (undashed), shown grouped as on the poster."""
    return {
        "id": str(space.id),
        "building": building_json(space.building),
        "floor": space.floor,
        "room_number": space.room_number or "",
        "name": space.name,
        "kind": space.kind,
        "public_code": display(public_code) if public_code else None,
        "created_at": clock.iso(space.created_at),
        "updated_at": clock.iso(space.updated_at),
    }


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

"""How campuses, buildings and spaces read in the API."""

from __future__ import annotations

from typing import Any

from server import clock
from server.domain.community.codes import display
from server.models import Building, Campus, Space


def building_ref(building: Building) -> dict[str, str]:
    """A building named on another record (an audit, a finding, a report's row)."""
    return {"id": str(building.id), "code": building.code, "name": building.name}


def campus_ref(campus: Campus) -> dict[str, str]:
    return {"id": str(campus.id), "name": campus.name}


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

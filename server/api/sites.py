"""Campuses, buildings and spaces (read: site.read; write: site.manage)."""

from __future__ import annotations

from typing import Any

from server.api.paging import PAGING, page, paging, path_id
from server.domain.community import codes
from server.domain.list_filters import parse
from server.domain.sites import kinds, registry
from server.domain.sites.views import building_json, campus_json, space_json
from server.http.routing import ApiRoute, Call, Param, query_params
from server.schema import Body, Bool, Str, Uuid

CAMPUS = Body({"name": Str(min_length=1)})
CAMPUS_UPDATE = Body({"name": Str(min_length=1, required=False), "community_reports": Bool(required=False)})
BUILDING = Body({"campus_id": Uuid(), "code": Str(max_length=40, min_length=1), "name": Str(min_length=1)})
BUILDING_UPDATE = Body({"code": Str(max_length=40, min_length=1, required=False),
                        "name": Str(min_length=1, required=False),
                        # null: as the campus says
                        "community_reports": Bool(required=False, nullable=True)})
SPACE = Body({"building_id": Uuid(), "floor": Str(max_length=20, min_length=1),
              "room_number": Str(max_length=40, required=False), "name": Str(min_length=1),
              "kind": Str(max_length=40, min_length=1)})
SPACE_UPDATE = Body({"floor": Str(max_length=20, min_length=1, required=False),
                     "room_number": Str(max_length=40, required=False),
                     "name": Str(min_length=1, required=False),
                     "kind": Str(max_length=40, min_length=1, required=False)})
ID = (Param("id", "The record's id.", "path"),)


async def list_campuses(call: Call) -> dict[str, Any]:
    items = await registry.list_campuses()
    return page(items, len(items))


async def create_campus(call: Call) -> dict[str, Any]:
    return campus_json(await registry.save_campus(call.body["name"]))


async def update_campus(call: Call) -> dict[str, Any]:
    campus = await registry.get_campus(path_id(call))
    return campus_json(await registry.save_campus(call.body.get("name"), campus,
                                                  call.body.get("community_reports")))


async def list_buildings(call: Call) -> dict[str, Any]:
    items = await registry.list_buildings(**parse(registry.BUILDING_FILTERS, call.request.query_params))
    return page(items, len(items))


async def create_building(call: Call) -> dict[str, Any]:
    return building_json(await registry.save_building(dict(call.body)), 0)


async def show_building(call: Call) -> dict[str, Any]:
    return building_json(await registry.get_building(path_id(call)))


async def update_building(call: Call) -> dict[str, Any]:
    building = await registry.get_building(path_id(call))
    return building_json(await registry.save_building(dict(call.body), building))


async def list_spaces(call: Call) -> dict[str, Any]:
    limit, offset = paging(call)
    found, total = await registry.search_spaces(**parse(registry.SPACE_FILTERS, call.request.query_params),
                                                limit=limit, offset=offset)
    found_codes = await codes.current_codes([s.id for s in found])
    return page([space_json(s, found_codes.get(str(s.id))) for s in found], total)


async def create_space(call: Call) -> dict[str, Any]:
    return space_json(await registry.save_space(dict(call.body)))


async def show_space(call: Call) -> dict[str, Any]:
    space = await registry.get_space(path_id(call))
    return space_json(space, await codes.current_code(space))


async def update_space(call: Call) -> dict[str, Any]:
    space = await registry.save_space(dict(call.body), await registry.get_space(path_id(call)))
    return space_json(space, await codes.current_code(space))


async def space_kinds(call: Call) -> dict[str, Any]:
    items = [{"id": k, "label": label} for k, label in kinds.SPACE_KINDS]
    return page(items, len(items))


SPACE_FILTERS = (*query_params(registry.SPACE_FILTERS), *PAGING)
R, W = "site.read", "site.manage"

ROUTES = [
    ApiRoute("GET", "/campuses", list_campuses, "List campuses.", R, response="CampusList"),
    ApiRoute("POST", "/campuses", create_campus, "Create a campus.", W, body=CAMPUS, response="Campus",
             status=201, errors=(409, 422)),
    ApiRoute("PATCH", "/campuses/{id}", update_campus, "Rename a campus, or turn community reports on or off "
             "for it.", W, body=CAMPUS_UPDATE, partial=True, response="Campus", query=ID, errors=(404, 409, 422)),
    ApiRoute("GET", "/buildings", list_buildings, "List buildings.", R, response="BuildingList",
             query=query_params(registry.BUILDING_FILTERS)),
    ApiRoute("POST", "/buildings", create_building, "Create a building.", W, body=BUILDING,
             response="Building", status=201, errors=(404, 409, 422)),
    ApiRoute("GET", "/buildings/{id}", show_building, "One building.", R, response="Building", query=ID),
    ApiRoute("PATCH", "/buildings/{id}", update_building, "Change a building's code or name, or whether it takes "
             "community reports (null: as its campus says).", W,
             body=BUILDING_UPDATE, partial=True, response="Building", query=ID, errors=(404, 409, 422)),
    ApiRoute("GET", "/spaces", list_spaces, "Search spaces.", R, response="SpaceList", query=SPACE_FILTERS),
    ApiRoute("POST", "/spaces", create_space, "Add a space.", W, body=SPACE, response="Space", status=201,
             errors=(404, 409, 422)),
    ApiRoute("GET", "/spaces/{id}", show_space, "One space.", R, response="Space", query=ID),
    ApiRoute("PATCH", "/spaces/{id}", update_space, "Edit a space.", W, body=SPACE_UPDATE, partial=True,
             response="Space", query=ID, errors=(404, 409, 422)),
    ApiRoute("GET", "/space-kinds", space_kinds, "The kinds of space.", R, response="SpaceKindList"),
]

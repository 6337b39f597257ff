"""Campuses, buildings and spaces: adding, editing and finding them."""

from __future__ import annotations

import pytest

from server.models import Space


@pytest.fixture
async def hall(as_):
    admin = as_("admin")
    campus = (await admin.post("/api/campuses", json={"name": "North Campus"})).json()
    building = (await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": "hsl",
                                                         "name": "Health Sciences Library"})).json()
    return campus, building


async def add_space(client, building, **values):
    body = {"building_id": building["id"], "floor": "2", "room_number": "210", "name": "Reading room",
            "kind": "library", **values}
    return await client.post("/api/spaces", json=body)


async def test_building_codes_are_stored_upper_case(hall):
    _, building = hall
    assert building["code"] == "HSL"
    assert building["campus"]["name"] == "North Campus"


async def test_admin_adds_edits_and_finds_a_space(as_, hall):
    _, building = hall
    created = await add_space(as_("admin"), building)
    assert created.status_code == 201
    space = created.json()
    assert space["building"]["code"] == "HSL" and space["kind"] == "library"
    edited = await as_("admin").patch(f"/api/spaces/{space['id']}", json={"name": "Rare books reading room",
                                                                          "kind": "exhibit"})
    assert edited.status_code == 200
    assert edited.json()["name"] == "Rare books reading room"
    # Everyone can find it, by building and by the start of the room number.
    for role in ("auditor", "facilities", "committee"):
        found = (await as_(role).get("/api/spaces", params={"building_id": building["id"], "room": "21"})).json()
        assert [s["name"] for s in found["items"]] == ["Rare books reading room"]
    assert (await as_("auditor").get("/api/spaces", params={"room": "3"})).json()["total"] == 0
    assert (await as_("auditor").get("/api/spaces", params={"q": "rare"})).json()["total"] == 1


async def test_room_numbers_are_unique_within_a_building_but_may_be_empty(as_, hall):
    _, building = hall
    admin = as_("admin")
    assert (await add_space(admin, building)).status_code == 201
    duplicate = await add_space(admin, building, name="Another")
    assert duplicate.status_code == 409
    assert duplicate.json()["error"]["field"] == "room_number"
    for name in ("East corridor", "West corridor"):
        response = await add_space(admin, building, room_number="", name=name, kind="corridor")
        assert response.status_code == 201
        assert response.json()["room_number"] == ""
    assert await Space.filter(room_number=None).count() == 2


@pytest.mark.parametrize(
    "values, field",
    [({"kind": "dungeon"}, "kind"), ({"name": ""}, "name"), ({"floor": "x" * 21}, "floor"),
     ({"room_number": 12}, "room_number"), ({"building_id": "nope"}, "building_id")],
)
async def test_bad_space_fields_are_named(as_, hall, values, field):
    _, building = hall
    response = await add_space(as_("admin"), building, **values)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == field
    assert await Space.all().count() == 0


async def test_unknown_building_is_404_naming_the_field(as_, hall):
    response = await add_space(as_("admin"), {"id": "00000000-0000-0000-0000-000000000000"})
    assert response.status_code == 404
    assert response.json()["error"]["field"] == "building_id"


async def test_edits_with_nothing_to_change_are_refused(as_, hall):
    _, building = hall
    space = (await add_space(as_("admin"), building)).json()
    response = await as_("admin").patch(f"/api/spaces/{space['id']}", json={})
    assert response.status_code == 422


async def test_campus_and_building_names_and_codes_are_unique(as_, hall):
    campus, building = hall
    admin = as_("admin")
    assert (await admin.post("/api/campuses", json={"name": "North Campus"})).status_code == 409
    again = await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": "HSL", "name": "X"})
    assert again.status_code == 409 and again.json()["error"]["field"] == "code"
    renamed = await admin.patch(f"/api/buildings/{building['id']}", json={"name": "Countway Library"})
    assert renamed.json()["name"] == "Countway Library"
    listed = (await as_("committee").get("/api/buildings", params={"campus_id": campus["id"]})).json()
    assert [(b["code"], b["space_count"]) for b in listed["items"]] == [("HSL", 0)]
    campuses = (await as_("facilities").get("/api/campuses")).json()
    assert campuses["items"] == [{"id": campus["id"], "name": "North Campus", "community_reports": False,
                                  "building_count": 1}]


async def test_space_kinds_are_listed_and_filtering_checks_them(as_, hall):
    kinds = (await as_("auditor").get("/api/space-kinds")).json()["items"]
    assert {"id": "clinic_waiting_room", "label": "Clinic waiting room"} in kinds
    assert (await as_("auditor").get("/api/spaces", params={"kind": "dungeon"})).status_code == 422
    assert (await as_("auditor").get("/api/spaces", params={"building_id": "x"})).status_code == 422

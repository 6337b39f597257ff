"""A building's coverage: when each space was last walked in a submitted audit (with a checklist, or any), and
the spaces never audited or audited N or more months ago. Expected figures are computed here from the generated
history, with this file's own month arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from server import clock
from server.models import AuditSpace, Space

from .report_data import NAMES, NOW, PORTRAITS, Made, make_history

TODAY = NOW.date()


@pytest.fixture
async def history(people, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    made = await make_history(people, findings=10)
    # A space added after every audit: never walked with anything.
    building = made.buildings[0]
    space = await Space.create(building_id=building["id"], floor="B", room_number="NEW-1", name="New room",
                               kind="office")
    made.spaces.append({"id": str(space.id), "building": building["id"], "name": space.name})
    return made


def months_since(day: date, today: date) -> int:
    """Counted a month at a time: the last day a month on is the same day, or the month's end if shorter."""
    months = 0
    while True:
        index = day.month + months  # 1-based month of the next step
        year, month = day.year + index // 12, index % 12 + 1
        limit = [31, 29 if year % 4 == 0 and (year % 100 or year % 400 == 0) else 28, 31, 30, 31, 30, 31, 31, 30,
                 31, 30, 31][month - 1]
        if date(year, month, min(day.day, limit)) > today:
            return months
        months += 1


def expected(made: Made, building: str, checklist: str | None) -> dict[str, date | None]:
    """Space id -> the last day it was walked in a submitted audit (of `checklist`, or any), or None."""
    out: dict[str, date | None] = {s["id"]: None for s in made.spaces if s["building"] == building}
    for audit in made.audits:
        if audit["building"] != building or not audit["submitted_at"]:
            continue
        if checklist and audit["checklist"] != checklist:
            continue
        for space in audit["spaces"]:
            if (audit["id"], space) in made.skipped:
                continue
            day = audit["submitted_at"].date()
            if out[space] is None or day > out[space]:
                out[space] = day
    return out


def cells(body: dict) -> dict[str, dict]:
    return {cell["id"]: cell for floor in body["floors"] for cell in floor["spaces"]}


@pytest.mark.parametrize("checklist", [None, PORTRAITS, NAMES])
async def test_last_audited_per_space_with_ages_and_lists(history, as_, checklist):
    for building in history.buildings:
        for months in (3, 9, 12):
            params = {"months": months, **({"checklist": checklist} if checklist else {})}
            response = await as_("facilities").get(f"/api/buildings/{building['id']}/coverage", params=params)
            assert response.status_code == 200, response.text
            body = response.json()
            want = expected(history, building["id"], checklist)
            got = cells(body)
            assert set(got) == set(want)
            for space, day in want.items():
                assert got[space]["last_audited"] == (day.isoformat() if day else None)
                assert got[space]["months"] == (months_since(day, TODAY) if day else None)
            assert set(body["never"]) == {s for s, day in want.items() if day is None}
            assert set(body["older"]) == {s for s, day in want.items() if day and months_since(day, TODAY) >= months}
            assert body["today"] == TODAY.isoformat() and body["months"] == months
    # The generated history has each kind: never (names audits are all in progress; the new room), older
    # than 9 months (a space skipped in the second cycle), and recent.
    first = history.buildings[0]["id"]
    body = (await as_("committee").get(f"/api/buildings/{first}/coverage", params={"months": 9})).json()
    assert body["never"] and body["older"] and len(body["never"]) + len(body["older"]) < len(cells(body))


async def test_floors_in_order_and_every_checklist_walked_listed(history, as_):
    first = history.buildings[0]["id"]
    body = (await as_("auditor").get(f"/api/buildings/{first}/coverage")).json()
    assert [f["floor"] for f in body["floors"]] == ["1", "2", "B"]
    assert body["months"] == 12 and body["checklist"] is None
    ids = {c["id"] for c in body["checklists"]}
    assert {PORTRAITS, NAMES} <= ids
    for cell in cells(body).values():
        walked = [c["id"] for c in cell["checklists"]]
        assert walked == ([PORTRAITS] if cell["last_audited"] else [])


async def test_an_empty_building_is_all_never(as_, people):
    admin = as_("admin")
    campus = (await admin.post("/api/campuses", json={"name": "Empty"})).json()
    building = (await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": "E",
                                                         "name": "Empty Hall"})).json()
    for n in range(3):
        await admin.post("/api/spaces", json={"building_id": building["id"], "floor": str(n % 2),
                                              "room_number": f"E{n}", "name": f"Room {n}", "kind": "office"})
    body = (await admin.get(f"/api/buildings/{building['id']}/coverage")).json()
    assert [c["months"] for c in cells(body).values()] == [None] * 3
    assert {c["band"] for c in cells(body).values()} == {"never"}
    assert len(body["never"]) == 3 and body["older"] == []


async def test_a_skipped_space_and_an_audit_in_progress_do_not_count(history, as_):
    building = history.buildings[1]
    # Skip every space of every submitted audit of this building: nothing has been walked.
    ids = [a["id"] for a in history.audits if a["building"] == building["id"]]
    await AuditSpace.filter(audit_id__in=ids).update(skip_reason="locked")
    body = (await as_("admin").get(f"/api/buildings/{building['id']}/coverage")).json()
    assert {c["band"] for c in cells(body).values()} == {"never"}


@pytest.mark.parametrize(("params", "field"), [({"months": "0"}, "months"), ({"months": "-3"}, "months"),
                                              ({"months": "601"}, "months"), ({"months": "twelve"}, "months"),
                                              ({"months": "²"}, "months"), ({"months": "9" * 5000}, "months"),
                                              ({"months": " 12"}, "months"),
                                              ({"checklist": "no-such-list"}, "checklist")])
async def test_bad_parameters_are_422_naming_the_parameter(history, as_, params, field):
    first = history.buildings[0]["id"]
    response = await as_("committee").get(f"/api/buildings/{first}/coverage", params=params)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field


async def test_an_unknown_building_is_404(as_, people):
    response = await as_("committee").get("/api/buildings/7b0c2f0e-0000-4000-8000-000000000000/coverage")
    assert response.status_code == 404
    assert (await as_("committee").get("/api/buildings/not-an-id/coverage")).status_code == 404


async def test_the_queries_do_not_grow_with_the_spaces(history, as_, monkeypatch):
    """Grouped in the database: a building of 205 spaces costs the same queries as one of 5."""
    building = history.buildings[3]
    db = Space._meta.db
    calls: list[str] = []
    for name in ("execute_query", "execute_query_dict"):
        original = getattr(db, name)

        async def counted(*args, _original=original, _name=name, **kwargs):  # type: ignore[no-untyped-def]
            calls.append(_name)
            return await _original(*args, **kwargs)

        monkeypatch.setattr(db, name, counted)

    async def queries() -> int:
        calls.clear()
        response = await as_("committee").get(f"/api/buildings/{building['id']}/coverage")
        assert response.status_code == 200, response.text
        return len(calls)

    few = await queries()
    audit = next(a for a in history.audits if a["building"] == building["id"] and a["submitted_at"])
    spaces = await Space.bulk_create([Space(building_id=building["id"], floor=str(n % 7), room_number=f"X-{n}",
                                            name=f"Room {n}", kind="office") for n in range(200)])
    spaces = await Space.filter(building_id=building["id"], room_number__startswith="X-")
    await AuditSpace.bulk_create([AuditSpace(audit_id=audit["id"], space_id=s.id, position=100 + n)
                                  for n, s in enumerate(spaces[:150])])
    assert await queries() == few
    assert 3 <= few <= 10, calls  # the grouped query, versions, spaces, checklists (and the session)

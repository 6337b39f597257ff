"""Audit schedules over the API, on SQLite and PostgreSQL: setting them (and every refusal, named), where each
stands for generated audit histories, "Plan this audit", and schedules whose checklist or building goes away."""

from __future__ import annotations

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest

from server import clock
from server.domain.checklists.store import load_folder
from server.models import Building, Schedule

from .conftest import ANSWERS_NO_PORTRAITS
from .schedule_steps import body, months_later, submitted_audit

NOW = datetime(2026, 6, 15, 10, 0, tzinfo=UTC)
TODAY = NOW.date()


@pytest.fixture(autouse=True)
def fixed_clock(monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)


async def test_a_committee_member_schedules_a_building_and_reads_it_back(walk, as_):
    made = await as_("committee").post("/api/schedules", json=body(walk, interval_months=6))
    assert made.status_code == 201, made.text
    [schedule] = made.json()["items"]
    assert schedule["building"]["code"] == "WLK" and schedule["campus"]["name"] == "Walk Campus"
    assert schedule["checklist"] == {"id": "small-walk", "title": "A small walk"}
    assert schedule["interval_months"] == 6 and schedule["responsible"]["name"] == "Cora Committee"
    # Never audited: due on the day the schedule was made.
    assert (schedule["state"], schedule["due_on"], schedule["days_left"]) == ("due_soon", TODAY.isoformat(), 0)
    assert schedule["last_audit"] is None
    listed = (await as_("admin").get("/api/schedules")).json()
    assert [s["id"] for s in listed["items"]] == [schedule["id"]]
    admin_id = str(walk.people["admin"].user.id)
    changed = await as_("admin").patch(f"/api/schedules/{schedule['id']}",
                                       json={"interval_months": 24, "responsible_id": admin_id})
    assert changed.status_code == 200, changed.text
    assert (changed.json()["interval_months"], changed.json()["responsible"]["name"]) == (24, "Ada Admin")
    assert (await as_("committee").delete(f"/api/schedules/{schedule['id']}")).status_code == 204
    assert (await as_("committee").get(f"/api/schedules/{schedule['id']}")).status_code == 404
    assert (await as_("committee").get("/api/schedules")).json()["total"] == 0


@pytest.mark.parametrize("months", [0, -6, 121, 1000, 12.5, "12", None])
async def test_an_interval_outside_1_to_120_months_is_refused_naming_the_field(walk, as_, months):
    response = await as_("committee").post("/api/schedules", json=body(walk, interval_months=months))
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == "interval_months"
    assert await Schedule.all().count() == 0


async def test_an_interval_change_outside_the_range_is_refused_and_changes_nothing(walk, as_):
    [schedule] = (await as_("committee").post("/api/schedules", json=body(walk))).json()["items"]
    for months in (0, 1000):
        response = await as_("committee").patch(f"/api/schedules/{schedule['id']}", json={"interval_months": months})
        assert (response.status_code, response.json()["error"]["field"]) == (422, "interval_months")
    assert (await Schedule.get(id=schedule["id"])).interval_months == 12


async def test_two_schedules_for_the_same_pair_are_a_conflict(walk, as_):
    assert (await as_("committee").post("/api/schedules", json=body(walk))).status_code == 201
    again = await as_("admin").post("/api/schedules", json=body(walk, interval_months=6))
    assert again.status_code == 409, again.text
    assert again.json()["error"]["code"] == "conflict" and "already has a schedule" in again.json()["error"]["message"]
    assert await Schedule.all().count() == 1


@pytest.mark.parametrize("change, field", [
    ({"checklist_id": "no-such-checklist"}, "checklist_id"),
    ({"building_id": str(uuid.uuid4())}, "building_id"),
    ({"campus_id": str(uuid.uuid4()), "building_id": None}, "campus_id"),
    ({"building_id": None}, "building_id"),
    ("both", "building_id"),
    ("auditor", "responsible_id"),
    ({"responsible_id": str(uuid.uuid4())}, "responsible_id"),
])
async def test_what_a_schedule_names_must_exist_and_fit(walk, as_, change, field):
    if change == "both":
        campus_id = (await as_("admin").get(f"/api/buildings/{walk.building['id']}")).json()["campus"]["id"]
        change = {"campus_id": campus_id}
    elif change == "auditor":
        change = {"responsible_id": str(walk.people["auditor"].user.id)}  # not a committee member
    sent = {k: v for k, v in {**body(walk), **change}.items() if v is not None}
    response = await as_("committee").post("/api/schedules", json=sent)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field
    assert await Schedule.all().count() == 0


async def test_a_campus_choice_makes_one_schedule_per_building_without_one(walk, as_):
    admin = as_("admin")
    campus_id = (await admin.get(f"/api/buildings/{walk.building['id']}")).json()["campus"]["id"]
    for code in ("EAST", "WEST"):
        assert (await admin.post("/api/buildings", json={"campus_id": campus_id, "code": code,
                                                         "name": f"{code.title()} Wing"})).status_code == 201
    assert (await as_("committee").post("/api/schedules", json=body(walk, interval_months=6))).status_code == 201
    campus_body = {**body(walk), "campus_id": campus_id}
    del campus_body["building_id"]
    made = await as_("committee").post("/api/schedules", json=campus_body)
    assert made.status_code == 201, made.text
    assert sorted(s["building"]["code"] for s in made.json()["items"]) == ["EAST", "WEST"]
    listed = (await admin.get("/api/schedules")).json()["items"]
    assert sorted((s["building"]["code"], s["interval_months"]) for s in listed) == [
        ("EAST", 12), ("WEST", 12), ("WLK", 6)]  # the building already scheduled keeps its own
    again = await as_("committee").post("/api/schedules", json=campus_body)
    assert (again.status_code, again.json()["error"]["field"]) == (409, "campus_id")


async def test_due_and_overdue_follow_generated_histories(walk, as_):
    """Buildings with random histories of submitted audits (and one never audited): each schedule's due day,
    state and place in the due list are what the rule computed here independently says."""
    admin, committee = as_("admin"), as_("committee")
    campus_id = (await admin.get(f"/api/buildings/{walk.building['id']}")).json()["campus"]["id"]
    rng = random.Random(13)
    expected: dict[str, tuple[date, int]] = {}
    for n in range(24):
        building = (await admin.post("/api/buildings", json={"campus_id": campus_id, "code": f"G{n:02d}",
                                                             "name": f"Generated {n}"})).json()
        months = rng.choice([1, 6, 12, 24, rng.randint(1, 120)])
        made = await committee.post("/api/schedules", json=body(walk, building_id=building["id"],
                                                                 interval_months=months))
        assert made.status_code == 201, made.text
        last = None
        for _ in range(rng.randint(0 if n else 1, 4)):  # the first building has at least one audit
            when = NOW - timedelta(days=rng.randint(0, 5 * 365), minutes=rng.randint(0, 1439))
            await submitted_audit(walk, building["id"], when)
            last = max(last, when) if last else when
        due_on = months_later(last.astimezone(UTC).date(), months) if last else TODAY
        expected[building["code"]] = (due_on, (due_on - TODAY).days)
    # An audit planned or walked but not submitted moves nothing.
    unsubmitted = await submitted_audit(walk, building["id"], NOW)
    unsubmitted.status, unsubmitted.submitted_at = "in_progress", None
    await unsubmitted.save()

    listed = {s["building"]["code"]: s for s in (await committee.get("/api/schedules")).json()["items"]}
    for code, (due_on, days) in expected.items():
        state = "overdue" if days < 0 else "due_soon" if days <= 60 else "scheduled"
        assert (listed[code]["due_on"], listed[code]["days_left"], listed[code]["state"]) == \
            (due_on.isoformat(), days, state), code
    answer = (await committee.get("/api/schedules/due")).json()
    assert answer["today"] == TODAY.isoformat() and answer["due_soon_days"] == 60
    overdue = sorted((d, c) for c, (d, days) in expected.items() if days < 0)
    soon = sorted((d, c) for c, (d, days) in expected.items() if 0 <= days <= 60)
    assert [(date.fromisoformat(s["due_on"]), s["building"]["code"]) for s in answer["overdue"]] == overdue
    assert [(date.fromisoformat(s["due_on"]), s["building"]["code"]) for s in answer["due_soon"]] == soon
    assert overdue and soon  # the seed makes both lists non-empty, so the comparison means something
    only = (await committee.get("/api/schedules", params={"state": "scheduled"})).json()["items"]
    assert {s["building"]["code"] for s in only} == {c for c, (_, d) in expected.items() if d > 60}


async def test_submitting_an_audit_through_the_walk_moves_its_due_day(walk, as_):
    [schedule] = (await as_("committee").post("/api/schedules", json=body(walk, interval_months=1))).json()["items"]
    auditor = walk.people["auditor"].client
    audit = await walk.plan()
    for space in walk.spaces:
        for item, value in ANSWERS_NO_PORTRAITS.items():
            assert (await walk.answer(auditor, audit, space, item, value)).status_code == 201
    assert (await auditor.post(f"/api/audits/{audit['id']}/transitions", json={"to": "submitted"})).status_code == 200
    shown = (await as_("committee").get(f"/api/schedules/{schedule['id']}")).json()
    assert shown["last_audit"] == {"id": audit["id"], "title": "Spring walk", "submitted_on": TODAY.isoformat()}
    assert (shown["due_on"], shown["state"]) == (months_later(TODAY, 1).isoformat(), "due_soon")


async def test_plan_this_audit_fills_in_the_last_audits_spaces_and_team(walk, as_, people):
    [schedule] = (await as_("committee").post("/api/schedules", json=body(walk))).json()["items"]
    plan = (await as_("committee").get(f"/api/schedules/{schedule['id']}")).json()["plan"]
    # Never audited: every space of the building, and no team yet.
    assert (plan["building_id"], plan["checklist_id"], plan["member_ids"]) == (walk.building["id"], "small-walk", [])
    assert sorted(plan["space_ids"]) == sorted(s["id"] for s in walk.spaces)
    second = walk.spaces[1]["id"]
    await submitted_audit(walk, walk.building["id"], NOW - timedelta(days=400), [second])
    plan = (await as_("committee").get(f"/api/schedules/{schedule['id']}")).json()["plan"]
    assert plan["space_ids"] == [second] and plan["member_ids"] == [str(people["auditor"].user.id)]
    # Someone who can no longer walk audits is left out of the team.
    await as_("admin").patch(f"/api/users/{people['auditor'].user.id}", json={"disabled": True})
    assert (await as_("committee").get(f"/api/schedules/{schedule['id']}")).json()["plan"]["member_ids"] == []


async def test_a_schedule_whose_checklist_is_archived_is_paused_and_says_why(walk, as_, tmp_path):
    [schedule] = (await as_("committee").post("/api/schedules", json=body(walk))).json()["items"]
    (walk.folder / "small-walk.yaml").unlink()
    await load_folder(walk.folder)  # the file is gone: the checklist takes no new audits
    shown = await as_("committee").get(f"/api/schedules/{schedule['id']}")
    assert shown.status_code == 200, shown.text
    assert (shown.json()["state"], shown.json()["paused_reason"], shown.json()["due_on"]) == \
        ("paused", "checklist_archived", None)
    due = (await as_("committee").get("/api/schedules/due")).json()
    assert due["overdue"] == [] and due["due_soon"] == []
    # No new schedule for it either.
    await Schedule.all().delete()
    refused = await as_("committee").post("/api/schedules", json=body(walk))
    assert (refused.status_code, refused.json()["error"]["field"]) == (422, "checklist_id")


async def test_a_schedule_whose_building_is_removed_goes_with_it(walk, as_):
    admin = as_("admin")
    campus_id = (await admin.get(f"/api/buildings/{walk.building['id']}")).json()["campus"]["id"]
    gone = (await admin.post("/api/buildings", json={"campus_id": campus_id, "code": "GONE", "name": "Gone"})).json()
    made = await as_("committee").post("/api/schedules", json=body(walk, building_id=gone["id"]))
    [schedule] = made.json()["items"]
    await Building.filter(id=gone["id"]).delete()  # no route removes buildings; the database may
    assert (await as_("committee").get(f"/api/schedules/{schedule['id']}")).status_code == 404
    assert (await as_("committee").get("/api/schedules/due")).json()["due_soon"] == []
    assert (await as_("committee").get("/api/schedules")).json()["total"] == 0


async def test_mine_lists_only_the_callers_schedules(walk, as_, people):
    await as_("committee").post("/api/schedules", json=body(walk))
    assert len((await as_("committee").get("/api/schedules/due", params={"mine": "1"})).json()["due_soon"]) == 1
    assert (await as_("admin").get("/api/schedules/due", params={"mine": "1"})).json()["due_soon"] == []
    assert (await as_("admin").get("/api/schedules", params={"mine": "yes"})).status_code == 422
    people_list = (await as_("committee").get("/api/schedules/people")).json()["items"]
    assert [p["name"] for p in people_list] == ["Ada Admin", "Cora Committee"]

"""Audits over the API: planning, answers and findings PUT on phone-made UUIDs (replays change nothing),
validation against the pinned checklist, the status machine, and who may do what."""

from __future__ import annotations

import uuid

import pytest

from server.domain.checklists.store import load_folder

from .conftest import ANSWERS_NO_PORTRAITS, CHECKLIST


async def test_planning_pins_the_checklist_version_and_a_replay_changes_nothing(walk, people):
    auditor = people["auditor"].client
    audit_id = str(uuid.uuid4())
    first = await auditor.put(f"/api/audits/{audit_id}", json=walk.plan_body())
    assert first.status_code == 201
    audit = first.json()
    assert audit["status"] == "planned" and audit["revision"] == 1
    assert audit["checklist"] == {"id": "small-walk", "version": 1, "title": "A small walk"}
    assert [s["name"] for s in audit["spaces"]] == ["Room 1", "Room 2"]
    assert audit["progress"] == {"answered": 0, "total": 8, "spaces_done": 0, "spaces_total": 2}
    assert [(h["from"], h["to"]) for h in audit["history"]] == [(None, "planned")]

    again = await auditor.put(f"/api/audits/{audit_id}", json=walk.plan_body())
    assert again.status_code == 200 and again.json()["revision"] == 1

    # A newer version of the checklist does not move an audit already planned.
    (walk["folder"] / "small-walk.yaml").write_text(CHECKLIST.replace("version: 1", "version: 2")
                                                    .replace("Anything else", "Anything more"), encoding="utf-8")
    assert (await load_folder(walk["folder"])).stored == [("small-walk", 2)]
    shown = (await auditor.get(f"/api/audits/{audit_id}")).json()
    assert shown["checklist"]["version"] == 1
    old = await auditor.get("/api/checklists/small-walk/versions/1")
    assert old.status_code == 200 and old.json()["sections"][1]["items"][2]["prompt"].startswith("Anything else")
    listed = (await auditor.get("/api/checklists")).json()["items"]
    assert [(c["id"], c["version"], c["items"]) for c in listed] == [("small-walk", 2, 6)]


async def test_an_audit_comes_with_its_pinned_checklist_when_asked(walk, people):
    """The walk of an audit a phone has not opened yet asks for both in one request (web/js/store/load.js)."""
    auditor = people["auditor"].client
    audit = await walk.plan()
    url = f"/api/audits/{audit['id']}"
    both = await auditor.get(url, params={"with": "checklist"})
    assert both.status_code == 200
    data = both.json()
    assert data.pop("checklist_content") == (await auditor.get("/api/checklists/small-walk/versions/1")).json()
    plain = (await auditor.get(url)).json()
    assert "checklist_content" not in plain and data == plain
    wrong = await auditor.get(url, params={"with": "everything"})
    assert wrong.status_code == 422 and wrong.json()["error"]["field"] == "with"


async def test_a_stale_change_to_a_plan_gets_the_current_audit(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    url = f"/api/audits/{audit['id']}"
    renamed = await auditor.put(url, json=walk.plan_body(title="Renamed", base_revision=1))
    assert renamed.status_code == 200 and renamed.json()["revision"] == 2
    stale = await auditor.put(url, json=walk.plan_body(title="Another name", base_revision=1))
    assert stale.status_code == 409
    assert stale.json()["error"]["current"]["title"] == "Renamed"
    assert (await auditor.get(url)).json()["title"] == "Renamed"


@pytest.mark.parametrize(("change", "field"), [
    ({"space_ids": []}, "space_ids"),
    ({"member_ids": ["00000000-0000-0000-0000-000000000001"]}, "member_ids"),
    ({"checklist_id": "no-such-checklist"}, "checklist_id"),
    ({"building_id": "00000000-0000-0000-0000-000000000002"}, "building_id"),
    ({"title": ""}, "title"),
    ({"space_ids": ["not-a-uuid"]}, "space_ids"),
])
async def test_a_bad_plan_is_refused_at_its_field_and_nothing_is_written(walk, people, change, field):
    auditor = people["auditor"].client
    audit_id = str(uuid.uuid4())
    response = await auditor.put(f"/api/audits/{audit_id}", json={**walk.plan_body(), **change})
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field
    assert (await auditor.get(f"/api/audits/{audit_id}")).status_code == 404


async def test_spaces_and_members_must_fit(walk, people):
    admin = people["admin"].client
    other = (await admin.post("/api/buildings", json={"campus_id": walk["building"]["campus"]["id"],
                                                      "code": "OTH", "name": "Other Hall"})).json()
    elsewhere = (await admin.post("/api/spaces", json={"building_id": other["id"], "floor": "1", "room_number": "1",
                                                       "name": "Elsewhere", "kind": "office"})).json()
    body = walk.plan_body(space_ids=[elsewhere["id"]])
    refused = await people["auditor"].client.put(f"/api/audits/{uuid.uuid4()}", json=body)
    assert refused.status_code == 422 and "not a space of building WLK" in refused.json()["error"]["message"]
    facilities = walk.plan_body(member_ids=[str(people["facilities"].user.id)])
    refused = await people["auditor"].client.put(f"/api/audits/{uuid.uuid4()}", json=facilities)
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "member_ids"
    team = (await people["committee"].client.get("/api/auditors")).json()["items"]
    assert {p["name"] for p in team} == {"Ada Admin", "Aaron Auditor"}


async def test_answers_are_checked_against_the_pinned_checklist(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    room = walk["spaces"][0]
    cases = [
        ("present", "maybe", "answer"), ("present", True, "answer"), ("how-many", -1, "answer"),
        ("how-many", 2.5, "answer"), ("how-many", True, "answer"), ("tone", "furious", "answer"),
        ("languages", [], "answer"), ("languages", ["english", "english"], "answer"),
        ("remarks", "", "answer"), ("no-such-item", "yes", "item_id"),
    ]
    for item, value, field in cases:
        response = await walk.answer(auditor, audit, room, item, value)
        assert response.status_code == 422, (item, value, response.text)
        assert response.json()["error"]["field"] == field, (item, value)
    outside = await walk.answer(auditor, audit, {"id": str(uuid.uuid4())}, "present", "yes")
    assert outside.status_code == 422 and outside.json()["error"]["field"] == "space_id"
    other = walk["spaces"][1]
    for space, item, value in [(room, "present", "not_applicable"), (room, "how-many", "unknown"),
                               (other, "how-many", 0), (room, "languages", ["english", "spanish"]),
                               (room, "tone", "welcoming"), (room, "remarks", "Fine.")]:
        ok = await walk.answer(auditor, audit, space, item, value)
        assert ok.status_code == 201, (item, value, ok.text)
        assert ok.json()["answer"] == value
    shown = (await auditor.get(f"/api/audits/{audit['id']}")).json()
    assert shown["status"] == "in_progress"
    assert len(shown["responses"]) == 6


async def test_a_replayed_answer_changes_nothing_and_a_stale_one_gets_the_current(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    room = walk["spaces"][0]
    rid = str(uuid.uuid4())
    body = {"audit_id": audit["id"], "space_id": room["id"], "item_id": "present", "answer": "yes"}
    first = await auditor.put(f"/api/responses/{rid}", json=body)
    assert first.status_code == 201 and first.json()["revision"] == 1
    replay = await auditor.put(f"/api/responses/{rid}", json=body)
    assert replay.status_code == 200 and replay.json() == first.json()
    changed = await auditor.put(f"/api/responses/{rid}", json={**body, "answer": "no", "base_revision": 1})
    assert changed.status_code == 200 and changed.json()["revision"] == 2
    stale = await auditor.put(f"/api/responses/{rid}", json={**body, "answer": "not_applicable", "base_revision": 1})
    assert stale.status_code == 409 and stale.json()["error"]["current"]["answer"] == "no"
    # A second UUID for the same item in the same space is told about the first.
    twin = await walk.answer(auditor, audit, room, "present", "yes")
    assert twin.status_code == 409 and twin.json()["error"]["current"]["id"] == rid


async def test_findings_follow_the_item_rules_and_can_be_withdrawn(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    room = walk["spaces"][0]
    fid = str(uuid.uuid4())
    body = {"audit_id": audit["id"], "space_id": room["id"], "item_id": "labelled", "title": "Unlabelled portraits",
            "description": "Six portraits without labels.", "severity": "low", "remedies": ["add_context"],
            "photo_ids": []}
    needs_photo = await auditor.put(f"/api/findings/{fid}", json=body)
    assert needs_photo.status_code == 422 and needs_photo.json()["error"]["field"] == "photo_ids"
    body["photo_ids"] = [str(uuid.uuid4())]
    created = await auditor.put(f"/api/findings/{fid}", json=body)
    assert created.status_code == 201, created.text
    found = created.json()
    assert (found["section_id"], found["status"], found["checklist"]) == (
        "portraits", "open", {"id": "small-walk", "version": 1})
    assert (await auditor.put(f"/api/findings/{fid}", json=body)).status_code == 200
    for bad, field in [({"severity": "urgent"}, "severity"), ({"remedies": ["burn"]}, "remedies"),
                       ({"item_id": "remarks"}, "item_id")]:
        response = await auditor.put(f"/api/findings/{uuid.uuid4()}", json={**body, **bad})
        assert response.status_code == 422 and response.json()["error"]["field"] == field
    loose = {**body, "item_id": None, "title": "A hostile notice by the lift", "photo_ids": []}
    assert (await auditor.put(f"/api/findings/{uuid.uuid4()}", json=loose)).status_code == 201
    assert (await auditor.delete(f"/api/findings/{fid}")).status_code == 204
    assert (await auditor.delete(f"/api/findings/{fid}")).status_code == 204
    shown = (await auditor.get(f"/api/audits/{audit['id']}")).json()
    assert sorted(f["status"] for f in shown["findings"]) == ["open", "withdrawn"]


async def test_submitting_needs_every_shown_item_answered_or_the_space_skipped(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    first, second = walk["spaces"]
    url = f"/api/audits/{audit['id']}/transitions"
    assert (await auditor.post(url, json={"to": "submitted"})).status_code == 409  # not started
    assert (await auditor.post(url, json={"to": "in_progress"})).json()["status"] == "in_progress"
    assert (await auditor.post(url, json={"to": "in_progress"})).status_code == 200  # a replay
    for item, value in ANSWERS_NO_PORTRAITS.items():
        assert (await walk.answer(auditor, audit, first, item, value)).status_code == 201
    incomplete = await auditor.post(url, json={"to": "submitted"})
    assert incomplete.status_code == 422
    error = incomplete.json()["error"]
    assert error["code"] == "audit_incomplete"
    # Only shown items count: "how-many" and "labelled" are hidden when there are no portraits.
    assert [u["item_id"] for u in error["unanswered"]] == ["present", "languages", "tone", "remarks"]
    assert {u["space_id"] for u in error["unanswered"]} == {second["id"]}

    skip_url = f"/api/audits/{audit['id']}/spaces/{second['id']}"
    bad = await auditor.put(skip_url, json={"skipped": {"reason": "asleep"}})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "skipped.reason"
    nul = await auditor.put(skip_url, json={"skipped": {"reason": "other", "note": "locked\x00"}})
    assert nul.status_code == 422 and nul.json()["error"]["field"] == "skipped.note"
    skipped = await auditor.put(skip_url, json={"skipped": {"reason": "locked", "note": "Key with security."}})
    assert skipped.json()["skipped"] == {"reason": "locked", "note": "Key with security."}
    progress = (await auditor.get(f"/api/audits/{audit['id']}")).json()["progress"]
    assert progress == {"answered": 4, "total": 4, "spaces_done": 2, "spaces_total": 2}

    submitted = await auditor.post(url, json={"to": "submitted"})
    assert submitted.status_code == 200 and submitted.json()["submitted_at"]
    assert [h["to"] for h in submitted.json()["history"]] == ["planned", "in_progress", "submitted"]
    # Read-only now, but a replay of what is already stored still answers calmly.
    late = await walk.answer(auditor, audit, first, "present", "yes")
    assert late.status_code == 409 and late.json()["error"]["code"] == "audit_submitted"
    again = await auditor.put(skip_url, json={"skipped": None})
    assert again.status_code == 409
    assert (await auditor.post(url, json={"to": "submitted"})).status_code == 200
    assert (await auditor.post(url, json={"to": "in_progress"})).json()["error"]["code"] == "audit_submitted"


async def test_who_sees_and_walks_an_audit(walk, people, settings):
    from server.auth.sessions import start_session
    from server.domain.people.users import create_user

    audit = await walk.plan()
    outsider = await create_user("olga.outsider@hospital.example", "Olga Outsider", ["auditor"])
    token = await start_session(outsider, settings.session_lifetime_hours)
    stranger = people["auditor"].client.__class__(transport=people["auditor"].client._transport,
                                                  base_url="http://testserver", cookies={"sa_session": token})
    try:
        assert (await stranger.get(f"/api/audits/{audit['id']}")).status_code == 404
        assert (await stranger.get("/api/audits")).json()["total"] == 0
        assert (await walk.answer(stranger, audit, walk["spaces"][0], "present", "yes")).status_code == 404
    finally:
        await stranger.aclose()
    # The committee sees every audit but does not walk it.
    committee = people["committee"].client
    assert (await committee.get("/api/audits")).json()["total"] == 1
    refused = await walk.answer(committee, audit, walk["spaces"][0], "present", "yes")
    assert refused.status_code == 403
    # The team sees it in their list.
    mine = (await people["auditor"].client.get("/api/audits?status=planned")).json()
    assert [a["id"] for a in mine["items"]] == [audit["id"]]
    bad = await people["auditor"].client.get("/api/audits?status=lost")
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "status"

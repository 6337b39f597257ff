"""A finding's whole life and its history; bulk assignment; comments; after-photos and who sees photos."""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from server import clock
from server.models import Finding, FindingEvent

from .finding_steps import NEXT_WEEK, assert_every_history_explains_its_finding, jpeg, make_crew


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


async def test_a_whole_life_is_kept_in_order_in_the_history(crew):
    fid = await crew.raise_finding()
    evidence = await crew.evidence(fid)
    await crew.ok("committee", fid, "accepted", remedy="add_context", note="Label it, with its history.")
    await crew.ok("admin", fid, "assigned", **crew.assign_body(), priority="high")
    await crew.ok("facilities", fid, "in_progress")
    first = (await crew.after_photo(fid)).json()
    await crew.ok("facilities", fid, "resolved", photo_ids=[first["id"]], note="Label up.")
    await crew.ok("committee2", fid, "reopened", note="The label is missing the dates.")
    await crew.ok("committee", fid, "assigned", due_date=NEXT_WEEK)  # the same person, by default
    await crew.ok("facilities", fid, "in_progress")
    second = (await crew.after_photo(fid)).json()
    await crew.ok("facilities", fid, "resolved", photo_ids=[second["id"]])
    done = await crew.ok("committee2", fid, "verified", note="Before and after match the remedy.")
    steps = [(e["from"], e["to"], e["by"]["id"]) for e in done["timeline"]]
    ids = crew.ids
    assert steps == [
        (None, "open", ids["auditor"]),
        ("open", "accepted", ids["committee"]),
        ("accepted", "assigned", ids["admin"]),
        ("assigned", "in_progress", ids["facilities"]),
        ("in_progress", "resolved", ids["facilities"]),
        ("resolved", "reopened", ids["committee2"]),
        ("reopened", "assigned", ids["committee"]),
        ("assigned", "in_progress", ids["facilities"]),
        ("in_progress", "resolved", ids["facilities"]),
        ("resolved", "verified", ids["committee2"]),
    ]
    timeline = done["timeline"]
    assert timeline[1]["note"] == "Label it, with its history." and timeline[1]["changes"] == {
        "remedy": [None, "add_context"]
    }
    assert timeline[2]["changes"] == {
        "assignee": [None, {"id": ids["facilities"], "name": "Fran Facilities"}],
        "due_date": [None, NEXT_WEEK],
        "priority": ["normal", "high"],
    }
    assert timeline[4]["photo_ids"] == [first["id"]] and timeline[5]["note"] == "The label is missing the dates."
    assert timeline[5]["changes"] == {"resolved_by": [{"id": ids["facilities"], "name": "Fran Facilities"}, None]}
    assert [p["id"] for p in done["photos"]["evidence"]] == [evidence["id"]]
    assert [p["id"] for p in done["photos"]["after"]] == [first["id"], second["id"]]
    assert done["resolved_by"]["id"] == ids["facilities"] and done["actions"] == []
    assert done["status"] == "verified" and done["revision"] == len(timeline) == 10
    await assert_every_history_explains_its_finding()


async def test_bulk_assignment_is_all_or_nothing_with_one_event_each(crew):
    ready = [await crew.raise_finding(f"Portrait {n}") for n in range(3)]
    for fid in ready:
        await crew.step(fid, "accepted")
    still_open = await crew.raise_finding("Not triaged yet")
    body = {"finding_ids": [*ready, still_open], **crew.assign_body(), "priority": "low"}
    refused = await crew["committee"].post("/api/findings/assignments", json=body)
    assert refused.status_code == 409, refused.text
    error = refused.json()["error"]
    assert error["finding_id"] == still_open and "Not triaged yet" in error["message"]
    assert {f.status for f in await Finding.filter(id__in=ready)} == {"accepted"}
    past = (clock.now().date() - timedelta(days=1)).isoformat()
    for bad, field in (
        ({"due_date": past}, "due_date"),
        (crew.assign_body("auditor"), "assignee_id"),
        ({"finding_ids": [*ready, str(uuid.uuid4())]}, "finding_ids"),
    ):
        response = await crew["committee"].post("/api/findings/assignments", json={**body, "finding_ids": ready, **bad})
        assert response.status_code == 422 and response.json()["error"]["field"] == field, response.text
    assert (await crew["facilities"].post("/api/findings/assignments", json=body)).status_code == 403
    done = await crew["admin"].post("/api/findings/assignments", json={**body, "finding_ids": ready})
    assert done.status_code == 200, done.text
    assert [(f["id"], f["status"], f["priority"], f["assignee"]["id"]) for f in done.json()["items"]] == [
        (fid, "assigned", "low", crew.ids["facilities"]) for fid in ready
    ]
    for fid in ready:
        assert await FindingEvent.filter(finding_id=fid, to_status="assigned").count() == 1
    await assert_every_history_explains_its_finding()


async def test_assignees_are_active_facilities_staff(crew):
    listed = (await crew["committee"].get("/api/assignees")).json()
    assert [p["name"] for p in listed["items"]] == ["Fay Facilities", "Fran Facilities"]


async def test_comments_are_kept_once_in_the_timeline_by_whoever_may_see_the_finding(crew):
    fid = await crew.raise_finding()
    cid = str(uuid.uuid4())
    url = f"/api/findings/{fid}/comments"
    first = await crew["auditor"].post(url, json={"id": cid, "text": "It is beside the lift doors."})
    assert first.status_code == 201 and first.json()["by"]["id"] == crew.ids["auditor"]
    again = await crew["auditor"].post(url, json={"id": cid, "text": "It is beside the lift doors."})
    assert again.status_code == 200 and again.json() == first.json()
    changed = await crew["auditor"].post(url, json={"id": cid, "text": "Something else"})
    assert changed.status_code == 409 and changed.json()["error"]["current"] == first.json()
    assert (await crew["facilities"].post(url, json={"id": str(uuid.uuid4()), "text": "Hi"})).status_code == 404
    empty = await crew["committee"].post(url, json={"id": str(uuid.uuid4()), "text": "  "})
    assert empty.status_code == 422 and empty.json()["error"]["field"] == "text"
    await crew.step(fid, "accepted")
    await crew["committee"].post(url, json={"id": str(uuid.uuid4()), "text": "We will add a label."})
    timeline = (await crew.show(fid))["timeline"]
    assert [(e["type"], e.get("to") or e["text"]) for e in timeline] == [
        ("event", "open"),
        ("comment", "It is beside the lift doors."),
        ("event", "accepted"),
        ("comment", "We will add a label."),
    ]


async def test_after_photos_come_from_the_assignee_while_the_work_is_under_way(crew):
    fid = await crew.raise_finding()
    evidence = await crew.evidence(fid)
    await crew.step(fid, "accepted")
    early = await crew.after_photo(fid)
    assert early.status_code == 422 and early.json()["error"]["field"] == "finding_id"  # not theirs yet
    assert (await crew["facilities"].get(evidence["urls"]["thumb"])).status_code == 403
    await crew.step(fid, "assigned")
    assert (await crew["facilities"].get(evidence["urls"]["thumb"])).status_code == 200
    assert (await crew["facilities2"].get(evidence["urls"]["thumb"])).status_code == 403
    assert (await crew.after_photo(fid, "facilities2")).status_code == 422
    assert (await crew.after_photo(fid, "auditor")).status_code == 403
    as_evidence = await crew["facilities"].put(
        f"/api/photos/{uuid.uuid4()}", params={"finding_id": fid}, content=jpeg()
    )
    assert as_evidence.status_code == 403
    photo = await crew.after_photo(fid)
    assert photo.status_code == 201 and photo.json()["kind"] == "after"
    await crew.step(fid, "in_progress")
    await crew.ok("facilities", fid, "resolved", photo_ids=[photo.json()["id"]])
    late = await crew.after_photo(fid)
    assert late.status_code == 409
    listed = (await crew["facilities"].get(f"/api/findings/{fid}")).json()
    assert listed["thumbnail_url"] == evidence["urls"]["thumb"]

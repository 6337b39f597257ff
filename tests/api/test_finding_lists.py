"""Lists of findings: who sees which, filters, the triage, verification and "my items" queues, overdue
computation (by moving the clock), and each person's inbox."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from server import clock
from server.models import Finding

from .finding_steps import TODAY, assign, day, make_crew


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


async def titles(client, **params) -> list[str]:
    response = await client.get("/api/findings", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["total"] >= len(body["items"])
    return [item["title"] for item in body["items"]]


async def test_my_items_come_overdue_first_then_by_due_date_and_the_inbox_counts_them(crew, monkeypatch):
    await assign(crew, "Later", day(10))
    await assign(crew, "Soon", day(2))
    await assign(crew, "Tomorrow", day(1), start=True)
    await assign(crew, "Fay's today", day(0), who="facilities2")
    await crew.raise_finding("Untriaged")
    two_days_on = datetime.combine(TODAY + timedelta(days=2), datetime.min.time(), UTC) + timedelta(hours=9)
    monkeypatch.setattr(clock, "now", lambda: two_days_on)

    mine = (await crew["facilities"].get("/api/findings", params={"queue": "mine"})).json()
    assert [(i["title"], i["overdue"], i["status"]) for i in mine["items"]] == [
        ("Tomorrow", True, "in_progress"),
        ("Soon", False, "assigned"),
        ("Later", False, "assigned"),
    ]
    assert mine["total"] == 3 and mine["items"][0]["space"]["room_number"] == "101"
    assert mine["items"][0]["building"]["code"] == "WLK" and mine["items"][0]["remedy"] == "remove"
    assert await titles(crew["facilities"], queue="mine", limit=1, offset=1) == ["Soon"]
    assert sorted(await titles(crew["committee"], overdue=1)) == ["Fay's today", "Tomorrow"]
    assert await titles(crew["facilities2"], assignee="me") == ["Fay's today"]

    inbox = (await crew["facilities"].get("/api/inbox")).json()
    counts = {name: bucket["count"] for name, bucket in inbox.items()}
    assert counts == {"assigned": 3, "due_soon": 1, "overdue": 1, "reopened": 0}
    assert [i["title"] for i in inbox["due_soon"]["items"]] == ["Soon"]
    assert [i["title"] for i in inbox["overdue"]["items"]] == ["Tomorrow"]


async def test_the_committee_inbox_has_what_waits_for_them_to_verify_and_reopened_work(crew):
    resolved = await crew.raise_finding("Resolved one")
    await crew.bring_to(resolved, "resolved")
    reopened = await crew.raise_finding("Reopened one")
    await crew.bring_to(reopened, "reopened")
    inbox = (await crew["committee"].get("/api/inbox")).json()
    assert (inbox["to_verify"]["count"], inbox["reopened"]["count"]) == (1, 1)
    assert inbox["to_verify"]["items"][0]["title"] == "Resolved one"
    fran = (await crew["facilities"].get("/api/inbox")).json()
    assert "to_verify" not in fran and [i["title"] for i in fran["reopened"]["items"]] == ["Reopened one"]
    assert await titles(crew["committee"], queue="verification") == ["Resolved one"]


async def test_filters_and_queues(crew, walk):
    first = await crew.raise_finding("First portrait", severity="low")
    signs = await crew["auditor"].put(
        f"/api/findings/{uuid.uuid4()}",
        json={
            "audit_id": crew.audit["id"],
            "space_id": walk.spaces[1]["id"],
            "item_id": "tone",
            "title": "Hostile notice",
            "description": "",
            "severity": "medium",
            "remedies": ["remove"],
            "photo_ids": [],
        },
    )
    assert signs.status_code == 201 and signs.json()["section_id"] == "signs"
    await crew.raise_finding("Second portrait")
    await crew.step(first, "accepted")
    committee = crew["committee"]
    assert await titles(committee, queue="triage") == ["Hostile notice", "Second portrait"]
    assert await titles(committee, category="signs") == ["Hostile notice"]
    assert await titles(committee, severity="low") == ["First portrait"]
    assert await titles(committee, status="accepted,open", building=walk.building["id"], audit=crew.audit["id"]) == [
        "Second portrait",
        "Hostile notice",
        "First portrait",
    ]
    assert await titles(committee, building=str(uuid.uuid4())) == []
    for name, value in (
        ("status", "closed"),
        ("queue", "all"),
        ("severity", "huge"),
        ("building", "WLK"),
        ("overdue", "maybe"),
        ("limit", "0"),
    ):
        response = await committee.get("/api/findings", params={name: value})
        assert response.status_code == 422 and response.json()["error"]["field"] == name


async def test_each_role_sees_only_its_findings(crew, walk, people, make_client, settings):
    from server.auth.sessions import start_session
    from server.domain.people.users import create_user

    theirs = await crew.raise_finding("On the team's walk")
    mine = await assign(crew, "Assigned to Fran", day(5))
    everyone = sorted(["On the team's walk", "Assigned to Fran"])
    assert sorted(await titles(crew["committee"])) == everyone == sorted(await titles(crew["admin"]))
    assert sorted(await titles(crew["auditor"])) == everyone
    assert await titles(crew["facilities"]) == ["Assigned to Fran"]
    assert await titles(crew["facilities2"]) == []
    assert (await crew["facilities"].get(f"/api/findings/{theirs}")).status_code == 404
    assert (await crew["facilities"].get(f"/api/findings/{mine}")).status_code == 200
    outsider = await create_user("otto.outsider@hospital.example", "Otto Outsider", ["auditor"])
    otto = make_client(cookies={"sa_session": await start_session(outsider, settings.session_lifetime_hours)})
    assert await titles(otto) == [] and (await otto.get(f"/api/findings/{theirs}")).status_code == 404
    assert (await otto.get("/api/inbox")).json()["assigned"]["count"] == 0


async def test_list_items_carry_their_category_and_resolved_work_its_after_photo(crew):
    fid = await crew.raise_finding("A plaque with no context")
    await crew.evidence(fid)
    await crew.bring_to(fid, "resolved")
    listed = (await crew["committee"].get("/api/findings", params={"queue": "verification"})).json()["items"]
    item = next(i for i in listed if i["id"] == fid)
    assert item["thumbnail_url"].startswith("/api/photos/") and item["after_thumbnail_url"].startswith("/api/photos/")
    assert item["thumbnail_url"] != item["after_thumbnail_url"]
    after = (await crew.show(fid))["photos"]["after"]
    assert item["after_thumbnail_url"].startswith(f"/api/photos/{after[0]['id']}/thumb")
    # A finding not tied to an item has no section: its category says so rather than naming one.
    assert item["category"] == {"id": None, "title": None}


async def test_categories_list_every_current_checklist_section_once(crew):
    response = await crew["facilities"].get("/api/findings/categories")
    assert response.status_code == 200, response.text
    items = response.json()["items"]
    ids = [c["id"] for c in items]
    assert len(ids) == len(set(ids)) and response.json()["total"] == len(items)
    assert all(c["title"] for c in items)


async def test_a_list_items_thumbnail_is_its_first_photo_in_its_own_order_and_its_latest_after_photo(crew):
    fid = await crew.raise_finding("A portrait with three photos")
    first, second, third = [(await crew.evidence(fid))["id"] for _ in range(3)]

    async def item() -> dict[str, Any]:
        listed = (await crew["committee"].get("/api/findings")).json()["items"]
        return next(i for i in listed if i["id"] == fid)

    for order, shown in (([third, first], third), ([], first), ([str(uuid.uuid4()), second, third], second)):
        await Finding.filter(id=fid).update(photo_ids=order)  # as the auditor arranged them
        assert (await item())["thumbnail_url"].startswith(f"/api/photos/{shown}/thumb"), order
    await crew.bring_to(fid, "in_progress")
    early, late = [(await crew.after_photo(fid)).json()["id"] for _ in range(2)]
    await crew.ok("facilities", fid, "resolved", photo_ids=[early], note="Taken down.")
    assert (await item())["after_thumbnail_url"].startswith(f"/api/photos/{late}/thumb")

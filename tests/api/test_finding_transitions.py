"""The transition table of a finding, times every role: each move by whom it allows and refused (nothing
changed) for everyone else, moves not in the table, missing inputs, and the walk's own moves.

The expected table below is written out by hand, independently of server/domain/findings/states.py.
"""

from __future__ import annotations

import uuid
from datetime import timedelta

import pytest

from server import clock
from server.models import Finding, FindingEvent

from .finding_steps import NEXT_WEEK, assert_every_history_explains_its_finding, make_crew

OPEN = ("open", "accepted", "assigned", "in_progress", "resolved", "reopened")
WHO: dict[tuple[str, str], set[str]] = {
    ("open", "accepted"): {"committee"},
    ("open", "declined"): {"committee"},
    ("accepted", "assigned"): {"committee", "admin"},
    ("assigned", "in_progress"): {"facilities"},  # the assignee; facilities2 is not
    ("in_progress", "resolved"): {"facilities"},
    ("resolved", "verified"): {"committee"},
    ("resolved", "reopened"): {"committee"},
    ("reopened", "assigned"): {"committee", "admin"},
    **{(state, "duplicate"): {"committee"} for state in OPEN},
}
ACTORS = ("admin", "auditor", "committee", "facilities", "facilities2")
TARGETS = ("accepted", "declined", "assigned", "in_progress", "resolved", "verified", "reopened", "duplicate")
SEES_AS_ASSIGNEE = ("assigned", "in_progress", "resolved", "reopened")


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


def refusal(actor: str, source: str) -> int:
    """Auditors cannot reach the route; people who cannot see the finding are told it does not exist."""
    if actor == "auditor":
        return 403
    if actor == "facilities2" or (actor == "facilities" and source not in SEES_AS_ASSIGNEE):
        return 404
    return 403


async def inputs(crew, fid: str, to: str) -> dict:
    if to == "accepted":
        return {"remedy": "add_context"}
    if to in ("declined", "reopened"):
        return {"note": "Because."}
    if to == "assigned":
        return crew.assign_body()
    if to == "resolved":
        return {"photo_ids": [(await crew.after_photo(fid)).json()["id"]]}
    if to == "duplicate":
        return {"duplicate_of": await crew.raise_finding("The same poster, again")}
    return {}


@pytest.mark.parametrize(("source", "to", "actor"), sorted((s, t, a) for (s, t), who in WHO.items() for a in who))
async def test_each_move_is_made_by_its_roles_only(crew, source, to, actor):
    fid = await crew.raise_finding()
    await crew.bring_to(fid, source)
    body = await inputs(crew, fid, to)
    before = await crew.show(fid)
    for other in sorted(set(ACTORS) - WHO[(source, to)]):
        refused = await crew.move(other, fid, to, **body)
        assert refused.status_code == refusal(other, source), (other, refused.text)
        assert await crew.show(fid) == before, other
    moved = await crew.ok(actor, fid, to, **body)
    last = moved["timeline"][-1]
    assert (last["from"], last["to"], last["by"]["id"]) == (source, to, crew.ids[actor])
    assert moved["revision"] == before["revision"] + 1
    await assert_every_history_explains_its_finding()


@pytest.mark.parametrize(
    "state",
    [
        "open",
        "accepted",
        "declined",
        "assigned",
        "in_progress",
        "resolved",
        "verified",
        "reopened",
        "duplicate",
        "withdrawn",
    ],
)
async def test_a_move_not_in_the_table_is_a_409_with_the_current_finding(crew, state):
    fid = await crew.raise_finding()
    if state == "withdrawn":
        assert (await crew["auditor"].delete(f"/api/findings/{fid}")).status_code == 204
    else:
        await crew.bring_to(fid, state)
    before = await crew.show(fid)
    for to in TARGETS:
        if (state, to) in WHO:
            continue
        response = await crew.move("committee", fid, to, note="x")
        assert response.status_code == 409, (state, to, response.text)
        error = response.json()["error"]
        assert error["code"] == "invalid_transition" and error["field"] == "to"
        assert error["current"]["status"] == state and error["current"]["revision"] == before["revision"]
    assert await crew.show(fid) == before
    unknown = await crew.move("committee", fid, "closed")
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "to"


async def test_a_move_without_what_it_needs_names_the_missing_field_and_changes_nothing(crew):
    fid = await crew.raise_finding()
    other = await crew.raise_finding("Another poster")
    yesterday = (clock.now().date() - timedelta(days=1)).isoformat()
    cases = [
        ("open", "accepted", {}, "remedy"),
        ("open", "accepted", {"remedy": "burn"}, "remedy"),
        ("open", "declined", {}, "note"),
        ("open", "declined", {"note": "   "}, "note"),
        ("open", "declined", {"note": "No.", "remedy": "remove"}, "remedy"),
        ("open", "duplicate", {}, "duplicate_of"),
        ("open", "duplicate", {"duplicate_of": fid}, "duplicate_of"),
        ("open", "duplicate", {"duplicate_of": str(uuid.uuid4())}, "duplicate_of"),
        ("accepted", "assigned", {"due_date": NEXT_WEEK}, "assignee_id"),
        ("accepted", "assigned", crew.assign_body("auditor"), "assignee_id"),
        ("accepted", "assigned", crew.assign_body("committee"), "assignee_id"),
        ("accepted", "assigned", {"assignee_id": crew.ids["facilities"]}, "due_date"),
        ("accepted", "assigned", crew.assign_body(due=yesterday), "due_date"),
        ("accepted", "assigned", crew.assign_body(due="2026-02-30"), "due_date"),
        ("accepted", "assigned", crew.assign_body(due="next week"), "due_date"),
        ("accepted", "assigned", {**crew.assign_body(), "priority": "urgent"}, "priority"),
        ("in_progress", "resolved", {}, "photo_ids"),
        ("in_progress", "resolved", {"photo_ids": [str(uuid.uuid4())]}, "photo_ids"),
        ("resolved", "reopened", {}, "note"),
    ]
    state = "open"
    for source, to, body, field in cases:
        if source != state:
            await _advance(crew, fid, state, source)
            state = source
        before = await crew.show(fid)
        who = "facilities" if to in ("in_progress", "resolved") else "committee"
        response = await crew.move(who, fid, to, **body)
        assert response.status_code == 422, (to, body, response.text)
        assert response.json()["error"]["field"] == field, (to, body)
        assert await crew.show(fid) == before
    assert (await crew.show(other))["status"] == "open"


async def _advance(crew, fid: str, state: str, target: str) -> None:
    order = ["open", "accepted", "assigned", "in_progress", "resolved"]
    for step in order[order.index(state) + 1 : order.index(target) + 1]:
        await crew.step(fid, step)


async def test_an_evidence_photo_is_not_an_after_photo(crew):
    fid = await crew.raise_finding()
    evidence = await crew.evidence(fid)
    await crew.bring_to(fid, "in_progress")
    refused = await crew.move("facilities", fid, "resolved", photo_ids=[evidence["id"]])
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "photo_ids"


async def test_keeping_with_a_rationale_is_resolved_with_a_note_instead_of_a_photo(crew):
    fid = await crew.raise_finding()
    await crew.bring_to(fid, "in_progress", remedy="keep_with_rationale")
    refused = await crew.move("facilities", fid, "resolved")
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "note"
    done = await crew.ok("facilities", fid, "resolved", note="Interpretive label installed beside it.")
    assert done["resolved_by"]["id"] == crew.ids["facilities"] and done["timeline"][-1]["photo_ids"] == []


async def test_whoever_resolved_a_finding_cannot_verify_it(crew, people, make_client, settings):
    from server.auth.sessions import start_session
    from server.domain.people.users import create_user

    both = await create_user("bo.both@hospital.example", "Bo Both", ["facilities", "committee"])
    crew.clients["both"] = make_client(cookies={"sa_session": await start_session(both, 24)})
    crew.ids["both"] = str(both.id)
    fid = await crew.raise_finding()
    await crew.bring_to(fid, "accepted")
    await crew.ok("committee", fid, "assigned", **crew.assign_body("both"))
    await crew.ok("both", fid, "in_progress")
    photo = (await crew.after_photo(fid, "both")).json()
    resolved = await crew.ok("both", fid, "resolved", photo_ids=[photo["id"]])
    assert "verified" not in resolved["actions"] and "reopened" in resolved["actions"]
    refused = await crew.move("both", fid, "verified")
    assert refused.status_code == 403 and "other than the person who resolved" in refused.json()["error"]["message"]
    await crew.ok("committee", fid, "verified")


async def test_a_stale_base_revision_is_a_409_with_the_current_finding(crew):
    fid = await crew.raise_finding()
    shown = await crew.show(fid)
    await crew.ok("committee", fid, "accepted", remedy="remove", base_revision=shown["revision"])
    stale = await crew.move("committee2", fid, "declined", note="No.", base_revision=shown["revision"])
    assert stale.status_code == 409
    assert stale.json()["error"]["current"]["status"] == "accepted"


async def test_a_replayed_move_changes_nothing(crew):
    fid = await crew.raise_finding()
    key = {"Idempotency-Key": str(uuid.uuid4())}
    first = await crew["committee"].post(
        f"/api/findings/{fid}/transitions", headers=key, json={"to": "accepted", "remedy": "relocate"}
    )
    again = await crew["committee"].post(
        f"/api/findings/{fid}/transitions", headers=key, json={"to": "accepted", "remedy": "relocate"}
    )
    assert first.status_code == again.status_code == 200 and again.json() == first.json()
    assert again.headers["idempotent-replay"] == "true"
    assert await FindingEvent.filter(finding_id=fid).count() == 2  # raised, accepted
    assert (await Finding.get(id=fid)).revision == 2


async def test_a_duplicate_links_both_findings_and_a_cycle_is_refused(crew):
    first, second, third = [await crew.raise_finding(f"Poster {n}") for n in range(3)]
    await crew.ok("committee", second, "duplicate", duplicate_of=first)
    await crew.ok("committee", third, "duplicate", duplicate_of=second)
    shown = await crew.show(first)
    assert [d["id"] for d in shown["duplicates"]] == [second]
    assert (await crew.show(second))["duplicate_of"]["id"] == first
    cycle = await crew.move("committee", first, "duplicate", duplicate_of=third)
    assert cycle.status_code == 422 and "cycle" in cycle.json()["error"]["message"]
    assert (await crew.show(first))["status"] == "open"


async def test_the_walk_changes_a_finding_only_until_it_is_triaged(crew, walk):
    fid = await crew.raise_finding()
    url = f"/api/findings/{fid}"
    body = {
        "audit_id": crew.audit["id"],
        "space_id": walk.spaces[0]["id"],
        "item_id": None,
        "title": "A caricature on the notice board",
        "description": "Seen by the lifts.",
        "severity": "high",
        "remedies": ["remove"],
        "photo_ids": [],
    }
    auditor = crew["auditor"]
    edited = await auditor.put(url, json={**body, "severity": "medium", "base_revision": 1})
    assert edited.status_code == 200 and edited.json()["revision"] == 2
    assert (await auditor.delete(url)).status_code == 204
    raised = await auditor.put(url, json={**body, "base_revision": 3})
    assert raised.status_code == 200 and raised.json()["status"] == "open"
    await crew.ok("committee", fid, "accepted", remedy="remove")
    assert (await auditor.put(url, json=body)).status_code == 200  # the same body: a replay, not a change
    late = await auditor.put(url, json={**body, "title": "Renamed", "base_revision": 5})
    assert late.status_code == 409 and late.json()["error"]["code"] == "finding_triaged"
    assert late.json()["error"]["current"]["status"] == "accepted"
    withdraw = await auditor.delete(url)
    assert withdraw.status_code == 409 and withdraw.json()["error"]["current"]["status"] == "accepted"
    timeline = (await crew.show(fid))["timeline"]
    assert [(e["from"], e["to"]) for e in timeline] == [
        (None, "open"),
        ("open", "open"),
        ("open", "withdrawn"),
        ("withdrawn", "open"),
        ("open", "accepted"),
    ]
    assert timeline[1]["changes"] == {"severity": ["high", "medium"]}
    assert timeline[3]["changes"] == {"severity": ["medium", "high"]}

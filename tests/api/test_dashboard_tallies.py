"""The dashboard's tallies (server/domain/reporting/tallies.py) stay equal to counting the findings themselves:
through random histories made with the real API (every transition, the walk's edits and withdrawals, community
findings) over five months of a moving clock, for many filter combinations; when many transitions run at once;
and when findings were written without them (an older database, or rows written in bulk)."""

from __future__ import annotations

import asyncio
import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import tortoise.timezone
from query_count import counting_queries

from server import clock
from server.auth.permissions import Actor
from server.db import apply_migrations
from server.domain.findings import flow
from server.domain.reporting import tallies
from server.domain.reporting.dashboard import dashboard
from server.models import FindingTally, FindingWait

from .finding_steps import Crew, make_crew
from .report_data import NOW, make_history

START = datetime.now(UTC).replace(microsecond=0) - timedelta(days=160)


@dataclass
class Clock:
    """The app's clock and the database's (created_at) together, moved on by the test."""

    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def on(self, rng: random.Random) -> None:
        self.at = min(self.at + timedelta(hours=rng.randint(0, 20), seconds=rng.randint(0, 3599)),
                      datetime.now(UTC))


@pytest.fixture
def moving_clock(monkeypatch) -> Clock:
    c = Clock()
    real = tortoise.timezone.localtime
    monkeypatch.setattr(clock, "now", lambda: c.at)
    monkeypatch.setattr(tortoise.timezone, "localtime",
                        lambda value=None, timezone=None: real(value if value is not None else c.at, timezone))
    return c


@dataclass
class World:
    crew: Crew
    audits: list[dict[str, Any]]
    places: list[dict[str, Any]]  # {"campus", "building", "spaces"} for the walk's building and a second one
    findings: list[str] = field(default_factory=list)
    done: dict[str, int] = field(default_factory=dict)


async def _world(walk, people, make_client, settings) -> World:
    crew = await make_crew(walk, people, make_client, settings)
    admin = crew["admin"]
    campus = (await admin.post("/api/campuses", json={"name": "Second Campus"})).json()
    building = (await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": "SEC",
                                                         "name": "Second Hall"})).json()
    space = (await admin.post("/api/spaces", json={"building_id": building["id"], "floor": "2", "room_number": "201",
                                                   "name": "Room 201", "kind": "office"})).json()
    first = await walk.plan()
    body = {**walk.plan_body(building_id=building["id"], space_ids=[space["id"]]), "title": "Second walk"}
    second = await crew["auditor"].put(f"/api/audits/{uuid.uuid4()}", json=body)
    assert second.status_code == 201, second.text
    places = [{"campus": walk.building["campus"]["id"], "building": walk.building["id"],
               "spaces": [s["id"] for s in walk.spaces]},
              {"campus": campus["id"], "building": building["id"], "spaces": [space["id"]]}]
    return World(crew, [first, second.json()], places)


def _walk_body(world: World, audit: int, rng: random.Random, severity: str) -> dict[str, Any]:
    item = rng.choice([None, "tone"])
    return {"audit_id": world.audits[audit]["id"], "space_id": rng.choice(world.places[audit]["spaces"]),
            "item_id": item, "title": "A caricature", "description": "By the lifts.", "severity": severity,
            "remedies": ["remove"], "photo_ids": []}


async def _raise(world: World, rng: random.Random) -> None:
    if rng.random() < 0.25:  # a community report's finding, made as the committee's conversion makes it
        place = rng.choice(world.places)
        made = await flow.create(world.crew.ids["committee"], {
            "id": uuid.uuid4(), "audit_id": None, "source": "community", "space_id": rng.choice(place["spaces"]),
            "item_id": None, "section_id": rng.choice(["portrait", "signage"]), "title": "Reported",
            "description": "", "severity": rng.choice(["low", "medium", "high"]), "remedies": [], "photo_ids": []})
        world.findings.append(str(made.id))
        return
    fid = str(uuid.uuid4())
    body = _walk_body(world, rng.randrange(2), rng, rng.choice(["low", "medium", "high"]))
    response = await world.crew["auditor"].put(f"/api/findings/{fid}", json=body)
    assert response.status_code == 201, response.text
    world.findings.append(fid)


async def _act(world: World, rng: random.Random, fid: str) -> str | None:
    """One random move the finding's state allows, made by who may make it; the move's name if it was made."""
    crew = world.crew
    shown = await crew.show(fid)
    state, assignee = shown["status"], (shown.get("assignee") or {}).get("id")
    doer = next((n for n in ("facilities", "facilities2") if crew.ids[n] == assignee), "facilities")
    walkable = shown["source"] == "walk"
    choices = {
        "open": ["accepted"] * 3 + ["declined", "duplicate", *(["withdraw", "edit"] if walkable else [])],
        "withdrawn": ["edit"], "accepted": ["assigned"] * 4 + ["duplicate"],
        "assigned": ["in_progress"] * 4 + ["duplicate"],
        "in_progress": ["resolved"], "resolved": ["verified", "verified", "reopened"], "reopened": ["assigned"],
    }.get(state, [])
    if not choices:
        return ""  # final: nothing more happens to it
    move = rng.choice(choices)
    if move in ("withdraw", "edit"):
        if move == "withdraw":
            response = await crew["auditor"].delete(f"/api/findings/{fid}")
        else:
            audit = 0 if shown["audit"]["id"] == world.audits[0]["id"] else 1
            body = {**_walk_body(world, audit, rng, rng.choice(["low", "medium", "high"])),
                    "space_id": shown["space"]["id"], "item_id": shown.get("item_id") or (shown.get("item") or {})
                    .get("id"), "base_revision": shown["revision"], "title": f"Edited {rng.random()}"}
            response = await crew["auditor"].put(f"/api/findings/{fid}", json=body)
        assert response.status_code in (200, 204), (move, response.text)
        return move
    bodies: dict[str, dict[str, Any]] = {
        "accepted": {"remedy": "remove"}, "declined": {"note": "Not exclusionary."},
        "reopened": {"note": "Still there."},
        "assigned": crew.assign_body(rng.choice(["facilities", "facilities2"]),
                                     (clock.now().date() + timedelta(days=rng.randint(0, 12))).isoformat()),
    }
    if move == "duplicate":
        others = [f for f in world.findings if f != fid]
        bodies["duplicate"] = {"duplicate_of": rng.choice(others)} if others else {}
    if move == "resolved":
        photo = (await crew.after_photo(fid, doer)).json()
        bodies["resolved"] = {"photo_ids": [photo["id"]], "note": "Taken down."}
    who = doer if move in ("in_progress", "resolved") else "committee"
    response = await crew.move(who, fid, move, **bodies.get(move, {}))
    if response.status_code != 200:  # a duplicate of a finding that may not be one (withdrawn, itself a duplicate)
        assert move == "duplicate", (move, response.text)
        return None
    return move


def _committee(world: World) -> Actor:
    return Actor(world.crew.ids["committee"], "cora@hospital.example", "Cora", frozenset({"committee"}))


def _filter_sets(world: World, today: date) -> list[dict[str, str]]:
    a, b = world.places
    places = [{}, {"campus": a["campus"]}, {"campus": b["campus"]}, {"building": a["building"]},
              {"building": b["building"]}, {"campus": a["campus"], "building": b["building"]},
              {"checklist": "small-walk"}, {"checklist": "small-walk", "building": b["building"]},
              {"source": "walk"}, {"source": "community", "campus": b["campus"]}, {"source": "community"}]
    month = today.replace(day=1)
    periods: list[dict[str, str]] = [
        {}, {"from": (today - timedelta(days=100)).isoformat(), "to": (today - timedelta(days=20)).isoformat()},
        {"from": (month - timedelta(days=70)).replace(day=1).isoformat(),
         "to": (month - timedelta(days=1)).isoformat()},
        {"from": (today - timedelta(days=45)).isoformat()}, {"to": (today - timedelta(days=60)).isoformat()},
        {"from": (today - timedelta(days=10)).isoformat(), "to": (today - timedelta(days=10)).isoformat()},
        {"from": "2000-01-01", "to": "9999-12-31"}, {"from": (month - timedelta(days=40)).replace(day=1).isoformat()},
        {"to": (month - timedelta(days=32)).replace(day=1).isoformat()[:8] + "28"}]
    # Whole months (what the tallies serve; the others are counted over the findings either way).
    months = [(month - timedelta(days=31 * k)).replace(day=1) for k in range(6)]
    periods += [{"from": months[4].isoformat(), "to": (months[1] - timedelta(days=1)).isoformat()},
                {"from": months[2].isoformat(), "to": (months[1] - timedelta(days=1)).isoformat()},
                {"to": (months[3] - timedelta(days=1)).isoformat()}, {"from": months[0].isoformat()}]
    return [{**p, **q} for p in places for q in periods]


def _whole_months(raw: dict[str, str]) -> bool:
    ends = "to" not in raw or raw["to"] == "9999-12-31" or (date.fromisoformat(raw["to"]) + timedelta(days=1)).day == 1
    return raw.get("from", "-01").endswith("-01") and ends


async def _same_both_ways(world: World) -> int:
    actor, compared = _committee(world), 0
    for raw in _filter_sets(world, clock.now().date()):
        with counting_queries() as log:
            tallied = await dashboard(actor, raw, "en")
        # The findings themselves are read exactly when the tallies cannot serve the filters.
        assert bool(log.matching('FROM "findings"')) != _whole_months(raw), raw
        counted = await dashboard(actor, raw, "en", tallied=False)
        assert tallied == counted, raw
        compared += tallied["total"]["count"] > 0
    return compared


async def test_random_histories_give_the_same_dashboard_from_tallies_as_from_the_findings(
        walk, people, make_client, settings, moving_clock):
    rng = random.Random(1717)
    world = await _world(walk, people, make_client, settings)
    moving_clock.at = START  # after the crew's sessions started: they stay valid as the clock moves on
    for _ in range(70):
        moving_clock.on(rng)
        await _raise(world, rng)
    live = list(world.findings)
    for _ in range(300):
        moving_clock.on(rng)
        fid = rng.choice(live)
        made = await _act(world, rng, fid)
        if made == "":
            live.remove(fid)
        elif made:
            world.done[made] = world.done.get(made, 0) + 1
        if rng.random() < 0.12 or not live:
            await _raise(world, rng)
            live.append(world.findings[-1])
    # Every kind of change happened, several times.
    assert all(world.done.get(m, 0) >= 2 for m in ("accepted", "declined", "duplicate", "withdraw", "edit", "assigned",
                                                   "in_progress", "resolved", "verified", "reopened")), str(world.done)
    body = await dashboard(_committee(world), {}, "en")
    assert body["overdue"]["count"] > 0, body["overdue"]
    assert body["median_days_to_verify"]["count"] >= 3
    assert len(body["trend_by_month"]) >= 5
    assert await _same_both_ways(world) >= 60  # most combinations count something
    result = await tallies.recount()
    assert (result.differed, result.waits_differed) == ([], 0)


async def test_many_transitions_at_once_leave_the_tallies_equal_to_a_recount(walk, people, make_client, settings):
    world = await _world(walk, people, make_client, settings)
    rng = random.Random(3)
    for _ in range(16):
        await _raise(world, rng)
    crew = world.crew

    async def accept_then_assign(fid: str, n: int) -> None:
        # Two people race for the same move: one wins (the other gets 409), and the counts move once.
        races = await asyncio.gather(crew.move("committee", fid, "accepted", remedy="remove"),
                                     crew.move("committee2", fid, "accepted", remedy="remove"))
        assert sorted(r.status_code for r in races) == [200, 409], [r.text for r in races]
        if n % 2:
            await crew.ok("committee", fid, "assigned", **crew.assign_body())

    await asyncio.gather(*(accept_then_assign(fid, n) for n, fid in enumerate(world.findings)))
    moves = [crew.move("facilities", fid, "in_progress") for fid in world.findings[1::2]]
    moves += [crew.move("committee", fid, "duplicate", duplicate_of=world.findings[1]) for fid in world.findings[0::2]]
    assert {r.status_code for r in await asyncio.gather(*moves)} == {200}
    result = await tallies.recount()
    assert (result.differed, result.waits_differed) == ([], 0)
    states = {s["status"]: s["count"] for s in (await dashboard(_committee(world), {}, "en"))["by_status"]}
    assert (states["in_progress"], states["duplicate"], states["accepted"]) == (8, 8, 0)


@pytest.fixture
async def bulk(people, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return await make_history(people, findings=120)


def _actor(people: Any) -> Actor:
    return Actor(str(people["committee"].user.id), "c@x", "C", frozenset({"committee"}))


async def test_findings_written_without_tallies_get_them_built_after_migrating(db, people, bulk):
    """A database migrated to 0015 has findings and empty tallies: the check after migrating builds them."""
    await FindingTally.all().delete()
    await FindingWait.all().delete()
    if db.kind == "sqlite":  # the path `serve` and `migrate` take (a PostgreSQL test keeps its own connection name)
        await apply_migrations(db.url)
        assert await FindingTally.exists()
    else:
        assert await tallies.ensure_built() is True
    assert await tallies.ensure_built() is False  # built once: the next start leaves them alone
    for raw in ({}, {"building": bulk.buildings[0]["id"], "from": "2026-01-10", "to": "2026-05-20"}):
        assert await dashboard(_actor(people), raw) == await dashboard(_actor(people), raw, tallied=False)


async def test_recount_puts_wrong_cells_right_and_names_them(people, bulk):
    cell = await FindingTally.filter(scope="", kind="state", grain="m").order_by("id").first()
    assert cell is not None
    await FindingTally.filter(id=cell.id).update(n=cell.n + 3)
    await FindingWait.filter(finding_id=(await FindingWait.first()).finding_id).delete()  # type: ignore[union-attr]
    assert await dashboard(_actor(people), {}) != await dashboard(_actor(people), {}, tallied=False)
    result = await tallies.recount()
    key = tuple(getattr(cell, c) for c in tallies.COLUMNS)
    assert result.differed == [(key, cell.n + 3, cell.n)] and result.waits_differed == 1
    assert "1 of the tallies' cells differed" in tallies.describe(result)
    assert await dashboard(_actor(people), {}) == await dashboard(_actor(people), {}, tallied=False)
    assert (await tallies.recount()).differed == []


async def test_a_reader_who_sees_only_some_findings_gets_those_counted_not_the_tallies(people, bulk):
    """Tallies count every finding. Only readers who see them all read the dashboard today (report.read goes with
    finding.read_all), but the domain never lets the tallies answer for someone who may see fewer."""
    facilities = Actor(str(people["facilities"].user.id), "f@x", "F", frozenset({"facilities"}))  # their work
    with counting_queries() as log:
        body = await dashboard(facilities, {})
    assert not log.matching("finding_tallies") and body == await dashboard(facilities, {}, tallied=False)
    assert body["total"]["count"] < (await dashboard(_actor(people), {}))["total"]["count"]

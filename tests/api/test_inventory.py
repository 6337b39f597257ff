"""The inventory of honorific images: per space the latest submitted audit's counts beside the previous
cycle's, summed per building, campus and overall; "unknown" counted apart, hidden and not-applicable counts
nowhere. Expected figures are computed here from the generated answers."""

from __future__ import annotations

from typing import Any

import pytest

from server import clock

from .report_data import COUNTS, NOW, Made, add, figures, make_history


@pytest.fixture
async def history(people, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return await make_history(people, findings=40)


def expected_spaces(made: Made) -> dict[str, tuple[str, str | None]]:
    """Space id -> (current audit id, previous audit id): the latest submitted walk, then the one before."""
    portraits = sorted((a for a in made.audits if a["submitted_at"]), key=lambda a: a["submitted_at"])
    walked: dict[str, list[str]] = {}
    for audit in portraits:
        for space in audit["spaces"]:
            if (audit["id"], space) not in made.skipped:
                walked.setdefault(space, []).append(audit["id"])
    return {space: (ids[-1], ids[-2] if len(ids) > 1 else None) for space, ids in walked.items()}


async def test_inventory_per_space_building_campus_with_the_previous_cycle(history, as_):
    response = await as_("committee").get("/api/inventory")
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["checklist"]["id"] == "portraits-honorifics"
    assert [i["id"] for i in body["items"]] == list(COUNTS)
    want = expected_spaces(history)
    assert {s["id"] for s in body["spaces"]} == set(want)
    assert any(previous is None for _, previous in want.values())  # a space skipped in the latest cycle...
    total_now = figures(None)
    per_building: dict[str, dict[str, Any]] = {}
    for space in body["spaces"]:
        current, previous = want[space["id"]]
        assert space["current"]["audit"]["id"] == current
        assert space["current"]["counts"] == figures(history.answers[(current, space["id"])])
        if previous is None:
            assert space["previous"] is None
        else:
            assert space["previous"]["audit"]["id"] == previous and space["previous"]["audit"]["cycle"] == 1
            assert space["previous"]["counts"] == figures(history.answers[(previous, space["id"])])
        add(total_now, space["current"]["counts"])
        building = per_building.setdefault(space["building"]["id"], {"now": figures(None), "before": figures(None),
                                                                   "spaces": 0})
        add(building["now"], space["current"]["counts"])
        add(building["before"], figures(history.answers.get((previous, space["id"]))) if previous else figures(None))
        building["spaces"] += 1
    assert body["totals"]["current"] == {"spaces": len(want), "counts": total_now}
    assert total_now["portrait-count"]["total"] > 0 and total_now["portrait-count-women"]["unknown"] > 0
    for building in body["buildings"]:
        mine = per_building[building["id"]]
        assert building["current"] == {"spaces": mine["spaces"], "counts": mine["now"]}
        assert building["previous"]["counts"] == mine["before"]
    campus_totals = figures(None)
    for campus in body["campuses"]:
        add(campus_totals, campus["current"]["counts"])
    assert campus_totals == total_now and len(body["campuses"]) == 2


async def test_inventory_filters(history, as_):
    committee = as_("committee")
    gordon = next(b for b in history.buildings if b["code"] == "GOR")
    one = (await committee.get("/api/inventory", params={"building": gordon["id"]})).json()
    assert {s["building"]["code"] for s in one["spaces"]} == {"GOR"} and len(one["buildings"]) == 1
    # As it stood before the second cycle: only first-cycle figures, nothing before them.
    before = (await committee.get("/api/inventory", params={"to": "2026-01-01"})).json()
    assert before["spaces"] and all(s["current"]["audit"]["cycle"] == 1 and s["previous"] is None
                                    for s in before["spaces"])
    names = (await committee.get("/api/inventory", params={"checklist": "names-memorials"})).json()
    assert names["items"][0]["id"] == "honored-count" and names["spaces"] == []  # none submitted
    art = await committee.get("/api/inventory", params={"checklist": "posters-signage"})
    assert art.status_code == 422 and art.json()["error"]["field"] == "checklist"

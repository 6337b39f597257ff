"""The dashboard's numbers equal counts made directly from the generated history, and every number's query
lists exactly the findings it counts (GET /api/findings answers the same total)."""

from __future__ import annotations

import statistics
import uuid
from collections import Counter
from datetime import date, timedelta
from typing import Any

import pytest

from server import clock

from .report_data import NOW, day, make_history

OPEN = {"open", "accepted", "assigned", "in_progress", "resolved", "reopened"}


@pytest.fixture
async def history(people, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return await make_history(people)


def expected(findings: list[dict[str, Any]]) -> dict[str, Any]:
    """What the dashboard should say, counted here without the server's code."""
    counted = [f for f in findings if f["status"] != "withdrawn"]
    today = NOW.date()
    ages: Counter[str] = Counter()
    for f in counted:
        if f["status"] in OPEN:
            age = (today - day(f["created_at"])).days
            ages["lt30" if age < 30 else "30to90" if age <= 90 else "gt90"] += 1
    verified = [(f["verified_at"] - f["created_at"]).total_seconds() / 86400 for f in counted if f["verified_at"]]
    return {
        "total": len(counted),
        "status": Counter(f["status"] for f in counted),
        "severity": Counter(f["severity"] for f in counted),
        "building": Counter(f["building"] for f in counted),
        "category": Counter((f["checklist"], f["section"]) for f in counted),
        "ages": ages,
        "open": sum(1 for f in counted if f["status"] in OPEN),
        "overdue": sum(1 for f in counted if f["status"] in ("assigned", "in_progress") and f["due_date"] < today),
        "median": round(statistics.median(verified), 1) if verified else None,
        "verified": len(verified),
        "raised_by_month": Counter(day(f["created_at"]).strftime("%Y-%m") for f in counted),
        "verified_by_month": Counter(day(f["verified_at"]).strftime("%Y-%m") for f in counted if f["verified_at"]),
    }


def numbers(body: dict[str, Any]) -> list[dict[str, Any]]:
    """Every {count, query} in the dashboard, wherever it is."""
    found = []

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if "count" in value and "query" in value:
                found.append(value)
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    walk(body)
    return found


async def test_dashboard_numbers_equal_the_generated_history(history, as_):
    response = await as_("committee").get("/api/dashboard")
    assert response.status_code == 200, response.text
    body, want = response.json(), expected(history.findings)
    assert len(history.findings) >= 300 and body["as_of"] == "2026-06-15"
    assert body["total"]["count"] == want["total"]
    assert {b["status"]: b["count"] for b in body["by_status"]} == {s: want["status"][s] for s in
                                                                    [b["status"] for b in body["by_status"]]}
    assert sum(b["count"] for b in body["by_status"]) == want["total"]
    assert "withdrawn" not in {b["status"] for b in body["by_status"]}
    assert {b["severity"]: b["count"] for b in body["by_severity"]} == dict(want["severity"])
    assert {b["building"]["id"]: b["count"] for b in body["by_building"]} == dict(want["building"])
    assert [b["building"]["code"] for b in body["by_building"]] == ["CTW", "GOR", "HSE", "ØRS"]
    categories = {(c["checklist"]["id"], c["section"]["id"] if c["section"] else None): c["count"]
                  for c in body["by_category"]}
    assert categories == dict(want["category"])
    ages = {b["age"]: b["count"] for b in body["open_by_age"]}
    assert ages == {a: want["ages"][a] for a in ("lt30", "30to90", "gt90")}
    assert body["open"]["count"] == want["open"] == sum(want["ages"].values())
    assert body["overdue"]["count"] == want["overdue"] > 0
    assert (body["median_days_to_verify"]["days"], body["median_days_to_verify"]["count"]) == (want["median"],
                                                                                               want["verified"])
    months = {m["month"]: (m["raised"]["count"], m["verified"]["count"]) for m in body["trend_by_month"]}
    assert {k: v[0] for k, v in months.items() if v[0]} == dict(want["raised_by_month"])
    assert {k: v[1] for k, v in months.items() if v[1]} == dict(want["verified_by_month"])
    assert list(months) == sorted(months) and list(months)[-1] == "2026-06" and len(months) >= 10
    cycles = {c["cycle"]: c["count"] for c in body["trend_by_cycle"]}
    second = {a["id"] for a in history.audits if a["title"].startswith("Portraits") and "2026" in a["title"]}
    assert cycles == {1: sum(1 for f in history.findings if f["status"] != "withdrawn" and f["audit"] not in second),
                      2: sum(1 for f in history.findings if f["status"] != "withdrawn" and f["audit"] in second)}
    assert {a["id"] for a in body["trend_by_cycle"][1]["audits"]} == second


async def test_every_number_lists_the_findings_behind_it(history, as_):
    committee = as_("committee")
    body = (await committee.get("/api/dashboard")).json()
    found = numbers(body)
    assert len(found) > 60
    for number in found:
        listed = await committee.get(f"/api/findings?{number['query']}&limit=1")
        assert listed.status_code == 200, (number, listed.text)
        assert listed.json()["total"] == number["count"], number


async def test_filters_by_building_campus_checklist_and_period(history, as_):
    committee = as_("committee")
    gordon = next(b for b in history.buildings if b["code"] == "GOR")
    start, end = date(2026, 3, 1), date(2026, 5, 31)
    params = {"building": gordon["id"], "from": start.isoformat(), "to": end.isoformat(),
              "checklist": "portraits-honorifics"}
    response = await committee.get("/api/dashboard", params=params)
    assert response.status_code == 200, response.text
    body = response.json()
    mine = [f for f in history.findings if f["building"] == gordon["id"] and f["checklist"] == "portraits-honorifics"
            and start <= day(f["created_at"]) <= end]
    want = expected(mine)
    assert body["filters"] == {"campus": None, "building": gordon["id"], "checklist": "portraits-honorifics",
                               "from": "2026-03-01", "to": "2026-05-31", "source": None}
    assert body["total"]["count"] == want["total"] > 0
    assert {b["status"]: b["count"] for b in body["by_status"] if b["count"]} == dict(want["status"])
    assert [m["month"] for m in body["trend_by_month"]][:3] == ["2026-03", "2026-04", "2026-05"]
    for number in numbers(body):
        assert (await committee.get(f"/api/findings?{number['query']}&limit=1")).json()["total"] == number["count"]
    worcester = await committee.get("/api/dashboard", params={"campus": history.campuses["Worcester"]})
    assert worcester.json()["total"]["count"] == expected(
        [f for f in history.findings if f["campus"] == history.campuses["Worcester"]])["total"]


@pytest.mark.parametrize("params, field", [
    ({"from": "2026-13-01"}, "from"), ({"to": "yesterday"}, "to"), ({"from": "2026-05-01", "to": "2026-04-01"}, "from"),
    ({"building": "GOR"}, "building"), ({"building": str(uuid.uuid4())}, "building"),
    ({"campus": str(uuid.uuid4())}, "campus"), ({"checklist": "no-such-checklist"}, "checklist"),
    ({"checklist": "Bad Id!"}, "checklist"), ({"from": "2026-02-30"}, "from"),
])
async def test_bad_filters_are_422_naming_the_parameter(people, as_, params, field):
    for path in ("/api/dashboard", "/api/inventory", "/api/reports/findings.csv", "/api/reports/findings.pdf"):
        response = await as_("committee").get(path, params=params)
        assert response.status_code == 422, (path, response.text)
        assert response.json()["error"]["field"] == field


async def test_findings_list_takes_the_new_filters(history, as_):
    committee = as_("committee")
    for params, field in (({"age": "old"}, "age"), ({"cycle": "0"}, "cycle"), ({"audit": "x,y"}, "audit"),
                          ({"verified_from": "June"}, "verified_from")):
        response = await committee.get("/api/findings", params=params)
        assert response.status_code == 422 and response.json()["error"]["field"] == field
    none = await committee.get("/api/findings", params={"category": "_none"})
    assert none.json()["total"] == sum(1 for f in history.findings if f["section"] is None)
    last_week = (NOW.date() - timedelta(days=7)).isoformat()
    recent = await committee.get("/api/findings", params={"from": last_week, "limit": 200})
    assert recent.json()["total"] == sum(1 for f in history.findings if day(f["created_at"]).isoformat() >= last_week)


async def test_an_empty_installation_has_a_dashboard_of_zeros(people, as_, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    body = (await as_("admin").get("/api/dashboard")).json()
    assert body["total"]["count"] == 0 and body["median_days_to_verify"]["days"] is None
    assert [m["month"] for m in body["trend_by_month"]] == ["2026-06"] and body["trend_by_cycle"] == []

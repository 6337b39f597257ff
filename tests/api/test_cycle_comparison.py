"""Cycle over cycle: an audit's report sets it beside the previous submitted audit of the same building and
checklist. Expected figures are computed here from the generated history's records."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from typing import Any

import pytest

from server import clock
from server.models import Audit, User

from .pdf_text import flat, pdf_text
from .report_data import COUNTS, NAMES, NOW, PORTRAITS, Made, add, figures, make_history


@pytest.fixture
async def history(people, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return await make_history(people, findings=120)


def cycle(made: Made, audit: dict[str, Any]) -> dict[str, Any]:
    raised = [f for f in made.findings if f["audit"] == audit["id"] and f["status"] != "withdrawn"]
    walked = [s for s in audit["spaces"] if (audit["id"], s) not in made.skipped]
    return {"spaces_walked": len(walked), "findings": len(raised),
            "by_severity": dict(Counter(f["severity"] for f in raised)),
            "by_category": dict(Counter(f["section"] for f in raised)),
            "remedied": sum(f["status"] in ("resolved", "verified") for f in raised),
            "verified": sum(f["status"] == "verified" for f in raised), "walked": walked}


def shares(made: Made, audit: dict[str, Any], walked: list[str]) -> dict[str, Any]:
    total = figures(None)
    for space in walked:
        add(total, figures(made.answers.get((audit["id"], space))))
    whole = total[COUNTS[0]]["total"]
    return {"spaces": len([s for s in walked if (audit["id"], s) in made.answers]),
            "whole": {"id": COUNTS[0], "total": whole},
            "parts": [{"id": item, "total": total[item]["total"],
                       "share": round(total[item]["total"] / whole, 4) if whole else None} for item in COUNTS[1:]]}


def check(got: dict[str, Any], made: Made, audit: dict[str, Any], number: int) -> None:
    want = cycle(made, audit)
    assert got["audit"]["id"] == audit["id"] and got["audit"]["cycle"] == number
    assert got["spaces_walked"] == want["spaces_walked"]
    assert got["findings"] == want["findings"]
    assert {k: n for k, n in got["by_severity"].items() if n} == want["by_severity"]
    assert got["remedied"] == want["remedied"] and got["verified"] == want["verified"]
    if audit["checklist"] == PORTRAITS:
        assert got["inventory"] == shares(made, audit, want["walked"])
    else:  # the names checklist counts names too, but the generated walks answered none of it
        assert got["inventory"]["spaces"] == 0 and got["inventory"]["whole"]["total"] == 0


async def test_each_audit_beside_its_previous_cycle(history, as_):
    for building in history.buildings:
        first, second, names = [a for a in history.audits if a["building"] == building["id"]]
        for audit, before, number in ((second, first, 2), (first, None, 1), (names, None, 1)):
            response = await as_("committee").get(f"/api/audits/{audit['id']}/report")
            assert response.status_code == 200, response.text
            got = response.json()["comparison"]
            check(got["current"], history, audit, number)
            if before is None:
                assert got["previous"] is None
            else:
                check(got["previous"], history, before, number - 1)
            now = cycle(history, audit)["by_category"]
            then = cycle(history, before)["by_category"] if before else {}
            assert {c["id"]: c["current"] for c in got["categories"]} == {k: now.get(k, 0) for k in {*now, *then}}
            assert all(c["previous"] == (then.get(c["id"], 0) if before else None) for c in got["categories"])
            assert None not in [c["id"] for c in got["categories"]][:-1]  # "no category" comes last
    assert any(f["status"] == "verified" for f in history.findings)


async def test_cycles_are_counted_in_the_order_submitted(history, as_):
    """An audit planned before the others but still in progress is the next cycle, beside the latest submitted."""
    building = history.buildings[2]
    first, second, _ = [a for a in history.audits if a["building"] == building["id"]]
    late = await Audit.create(title="Planned first, walked last", building_id=building["id"],
                              checklist=first["cv"], created_by=await User.first(),
                              status="in_progress", created_at=first["created_at"] - timedelta(days=30))
    got = (await as_("committee").get(f"/api/audits/{late.id}/report")).json()["comparison"]
    assert got["current"]["audit"]["cycle"] == 3 and got["current"]["spaces_walked"] == 0
    assert got["previous"]["audit"]["id"] == second["id"] and got["previous"]["audit"]["cycle"] == 2
    # ...and the submitted ones keep their numbers.
    got = (await as_("committee").get(f"/api/audits/{second['id']}/report")).json()["comparison"]
    assert (got["current"]["audit"]["cycle"], got["previous"]["audit"]["cycle"]) == (2, 1)


async def test_the_comparison_in_the_pdf_in_the_readers_language(history, as_, tmp_path):
    building = history.buildings[0]
    first, second, _ = [a for a in history.audits if a["building"] == building["id"]]
    want, before = cycle(history, second), cycle(history, first)
    for lang, heading, walked in (("en", "Compared with the previous cycle", "Spaces walked"),
                                  ("es", "Comparación con el ciclo anterior", "Espacios recorridos")):
        response = await as_("committee").get(f"/api/audits/{second['id']}/report.pdf", params={"lang": lang})
        assert response.status_code == 200, response.text
        text = flat(await pdf_text(response.content, tmp_path))
        assert heading in text
        assert f"{walked} {before['spaces_walked']} {want['spaces_walked']}" in text
    # The first cycle has nothing to compare with, and says so.
    response = await as_("committee").get(f"/api/audits/{first['id']}/report.pdf", params={"lang": "en"})
    text = flat(await pdf_text(response.content, tmp_path))
    assert "There is no earlier submitted audit of this building with this checklist" in text
    assert NAMES  # (the names audits are in progress: their previous cycle is none)

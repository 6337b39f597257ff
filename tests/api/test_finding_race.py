"""Two committee members verifying or reopening the same finding at the same moment: exactly one succeeds, the
other gets a 409 with the finding as it now is; on SQLite and on PostgreSQL (the `db` fixture runs both)."""

from __future__ import annotations

import asyncio

import pytest

from server.auth.permissions import verbs_for
from server.domain.findings.flow import Change, commit
from server.errors import Conflict
from server.models import Finding, FindingEvent

from .finding_steps import make_crew


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


@pytest.mark.parametrize(
    ("first", "second"), [("verified", "verified"), ("verified", "reopened"), ("reopened", "reopened")]
)
async def test_exactly_one_of_two_simultaneous_decisions_wins(crew, first, second):
    for _ in range(3):
        fid = await crew.raise_finding()
        await crew.bring_to(fid, "resolved")
        bodies = [{"to": to, **({"note": "Not done."} if to == "reopened" else {})} for to in (first, second)]
        answers = await asyncio.gather(
            crew["committee"].post(f"/api/findings/{fid}/transitions", json=bodies[0]),
            crew["committee2"].post(f"/api/findings/{fid}/transitions", json=bodies[1]),
        )
        codes = sorted(a.status_code for a in answers)
        assert codes == [200, 409], [a.text for a in answers]
        winner, loser = sorted(answers, key=lambda a: a.status_code)
        current = loser.json()["error"]["current"]
        assert current["status"] == winner.json()["status"] and current["revision"] == winner.json()["revision"]
        decisions = await FindingEvent.filter(finding_id=fid, from_status="resolved").count()
        assert decisions == 1
        assert (await Finding.get(id=fid)).status == winner.json()["status"]


async def test_a_change_checked_against_an_older_revision_is_never_written(crew):
    """The conditional update itself: both changes read the same revision; the second finds no row to update."""
    fid = await crew.raise_finding()
    await crew.bring_to(fid, "resolved")
    first, second = await Finding.get(id=fid), await Finding.get(id=fid)
    assert "finding.verify" in verbs_for(["committee"])

    async def current(finding_id: str) -> dict:
        return {"status": (await Finding.get(id=finding_id)).status}

    await commit([Change(first, "verified", crew.ids["committee"])], current)
    with pytest.raises(Conflict) as lost:
        await commit([Change(second, "reopened", crew.ids["committee2"], note="Late.")], current)
    assert lost.value.code == "finding_changed" and lost.value.extra["current"] == {"status": "verified"}
    assert await FindingEvent.filter(finding_id=fid, to_status="reopened").count() == 0

"""The transition table is well formed: every state is reachable, final states stay final, every verb exists."""

from __future__ import annotations

from server.auth.permissions import ALL_VERBS, verbs_for
from server.domain.findings.guards import INPUT_OF
from server.domain.findings.states import FINAL_STATES, MOVES, OPEN_STATES, STATES, TRANSITION_TARGETS, WALKER


def test_every_state_is_reachable_from_open():
    reached, frontier = {"open"}, ["open"]
    while frontier:
        state = frontier.pop()
        for move in MOVES:
            if move.source == state and move.to not in reached:
                reached.add(move.to)
                frontier.append(move.to)
    assert reached == set(STATES)


def test_final_states_have_no_way_out_but_the_walk_raising_a_withdrawn_finding_again():
    leaving = {(m.source, m.to) for m in MOVES if m.source in FINAL_STATES}
    assert leaving == {("withdrawn", "open")}
    assert set(OPEN_STATES) | set(FINAL_STATES) == set(STATES)


def test_moves_name_real_verbs_and_known_inputs():
    for move in MOVES:
        assert move.verb in ALL_VERBS, move
        assert set(move.needs) <= set(INPUT_OF), move
    assert "withdrawn" not in TRANSITION_TARGETS and "open" not in TRANSITION_TARGETS
    assert all(m.who == WALKER for m in MOVES if m.to in ("withdrawn", "open"))


def test_only_the_committee_triages_and_verifies():
    for verb in ("finding.triage", "finding.verify"):
        assert [r for r in ("admin", "auditor", "facilities", "committee") if verb in verbs_for([r])] == ["committee"]
    assert [r for r in ("admin", "auditor", "facilities", "committee") if "finding.assign" in verbs_for([r])] == [
        "admin",
        "committee",
    ]

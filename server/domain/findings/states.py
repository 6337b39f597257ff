"""The states of a finding and the only moves between them, as data: who may make each move, and what it needs.

server/domain/findings/flow.py applies a move; tests run over this whole table times every role. The walk's
own moves (an auditor withdrawing a finding, or raising it again by changing it) are in the table too, but
are made through PUT/DELETE /api/findings/{id}, not through POST .../transitions.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.checklists.rules import REMEDIES

STATES = (
    "open",
    "withdrawn",
    "accepted",
    "declined",
    "assigned",
    "in_progress",
    "resolved",
    "verified",
    "reopened",
    "duplicate",
)
# Still to be dealt with: a duplicate link may be made from any of these.
OPEN_STATES = ("open", "accepted", "assigned", "in_progress", "resolved", "reopened")
# Work the assignee owes: these have a due date that can pass.
WORK_STATES = ("assigned", "in_progress")
# Only these count as "done" in the sense that nothing more happens to them.
FINAL_STATES = ("withdrawn", "declined", "verified", "duplicate")

# The remedy the committee chooses: a checklist's suggestions (server/checklists/rules.py) or something else.
FINDING_REMEDIES = (*REMEDIES, "other")
KEEP = "keep_with_rationale"
PRIORITIES = ("low", "normal", "high")

# Who: a permission verb (server/auth/permissions.py); ASSIGNEE adds "and only the finding's assignee";
# WALKER is the audit's team (checked by the walk's own routes).
ASSIGNEE = "assignee"
WALKER = "walker"


@dataclass(frozen=True)
class Move:
    source: str
    to: str
    verb: str
    who: str = ""  # "", ASSIGNEE or WALKER
    needs: tuple[str, ...] = ()  # inputs the move requires: remedy, note, assignee, due_date, photos, duplicate_of


MOVES: tuple[Move, ...] = (
    Move("open", "withdrawn", "audit.conduct", WALKER),
    Move("withdrawn", "open", "audit.conduct", WALKER),
    Move("open", "accepted", "finding.triage", needs=("remedy",)),
    Move("open", "declined", "finding.triage", needs=("note",)),
    Move("accepted", "assigned", "finding.assign", needs=("assignee", "due_date")),
    Move("assigned", "in_progress", "finding.work", ASSIGNEE),
    # An after-photo, or a note instead when the remedy is to keep the image with a rationale (the finding
    # checks which: see guards.after_photos).
    Move("in_progress", "resolved", "finding.work", ASSIGNEE, needs=("photos",)),
    Move("resolved", "verified", "finding.verify"),  # by someone other than the resolver
    Move("resolved", "reopened", "finding.verify", needs=("note",)),
    Move("reopened", "assigned", "finding.assign", needs=("assignee", "due_date")),
    *(Move(state, "duplicate", "finding.triage", needs=("duplicate_of",)) for state in OPEN_STATES),
)

TABLE: dict[tuple[str, str], Move] = {(m.source, m.to): m for m in MOVES}
# What POST /api/findings/{id}/transitions accepts as "to".
TRANSITION_TARGETS = tuple(sorted({m.to for m in MOVES if m.who != WALKER}))


def move_for(source: str, to: str) -> Move | None:
    return TABLE.get((source, to))


def moves_from(source: str) -> list[Move]:
    return [m for m in MOVES if m.source == source and m.who != WALKER]

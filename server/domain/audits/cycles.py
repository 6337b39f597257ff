"""Audit cycles: a building is audited with a checklist again and again, and each audit is one cycle of it.

The n-th audit of a building with a checklist (by checklist id, whatever version each pinned), in the order
they were planned, is that building's cycle n of the checklist. Across buildings, cycle n gathers every
building's n-th audit, so "findings by cycle" shows whether later walks find less.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime

from server.domain.findings.filters import Filters
from server.models import Audit


@dataclass(frozen=True)
class Cycle:
    audit_id: str
    number: int
    title: str
    status: str
    building_id: str
    checklist_id: str
    created_at: datetime
    submitted_at: datetime | None


async def cycles() -> dict[str, Cycle]:
    """Every audit's cycle, by audit id (one small row per audit)."""
    rows = await Audit.all().order_by("created_at", "id").values(
        "id", "title", "status", "building_id", "checklist__checklist_id", "created_at", "submitted_at")
    seen: dict[tuple[str, str], int] = {}
    out = {}
    for row in rows:
        key = (str(row["building_id"]), row["checklist__checklist_id"])
        seen[key] = seen.get(key, 0) + 1
        out[str(row["id"])] = Cycle(str(row["id"]), seen[key], row["title"], row["status"], key[0], key[1],
                                    row["created_at"], row["submitted_at"])
    return out


async def resolve(f: Filters) -> Filters:
    """Filters whose `cycle` is turned into the audits of that cycle (within the building and checklist
    filters, which the query applies anyway)."""
    if not f.cycle:
        return f
    audits = tuple(c.audit_id for c in (await cycles()).values() if c.number == f.cycle)
    return replace(f, cycle_audits=audits)

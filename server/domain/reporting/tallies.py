"""Keeping the dashboard's tallies (server/models/tallies.py) as findings change, and rebuilding them.

A finding's facts (status, severity, source, raised month, due day, audit, section, place, checklist, when it
was verified; for open ones, the raised day) put it in a set of cells; a change moves it from the cells of its
old facts to those of its new ones. server/domain/findings/flow.py calls `follow` for every change it writes
(creation, each transition, the walk's edits, withdrawal), inside the change's transaction; the archive import
rebuilds them. Each transaction adds its deltas with one insert-or-add statement (`n = n + excluded.n`), its
cells in one sorted order, so concurrent writers neither lose a count nor deadlock on PostgreSQL (SQLite writes
one transaction at a time). Findings are never deleted (no route or job deletes one); a deletion would call
`moved([its facts], [None])` in its transaction.

`rebuild` counts every cell again from the findings and their events; `recount` does so and says what differed.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from tortoise.transactions import in_transaction

from server.domain.findings.states import OPEN_STATES, WORK_STATES
from server.models import Finding, FindingEvent, FindingTally, FindingWait

log = logging.getLogger("spaces_audit.tallies")

Key = tuple[str, str, str, str, str, str, str, str]  # scope, kind, grain, period, status, severity, source, extra
COLUMNS = ("scope", "kind", "grain", "period", "status", "severity", "source", "extra")
US_PER_DAY = 86_400_000_000


@dataclass(frozen=True)
class Facts:
    """What puts a finding in its cells."""

    finding_id: str
    status: str
    severity: str
    source: str
    raised_at: datetime
    due: date | None
    audit_id: str
    section: str
    checklist: str
    building: str
    campus: str
    verified_at: datetime | None = None

    @property
    def raised(self) -> date:
        return self.raised_at.astimezone(UTC).date()

    @property
    def waited_us(self) -> int | None:
        if self.verified_at is None:
            return None
        gap = self.verified_at - self.raised_at
        return (gap.days * 86_400 + gap.seconds) * 1_000_000 + gap.microseconds


def scopes(f: Facts) -> list[str]:
    """The place filters a finding answers to: everywhere, its campus, its building; each also with its checklist
    (findings from community reports have none, so a checklist filter leaves them out, as the list does)."""
    places = ["", f"c:{f.campus}", f"b:{f.building}"]
    if not f.checklist:
        return places
    return [*places, *(f"{p}|k:{f.checklist}" if p else f"k:{f.checklist}" for p in places)]


def _dimensions(f: Facts) -> list[tuple[str, str, str, str]]:
    """(kind, status, severity, extra) of each cell a finding is in, within one scope and period."""
    out = [("state", f.status, f.severity, ""), ("section", "", "", f"{f.checklist}|{f.section}"),
           ("building", "", "", f.building)]
    if f.audit_id:
        out.append(("audit", "", "", f.audit_id))
    if f.status in WORK_STATES and f.due is not None:
        out.append(("overdue", "", "", f.due.isoformat()))
    waited = f.waited_us
    if f.status == "verified" and f.verified_at is not None and waited is not None:
        out.append(("verified", "", "", f.verified_at.astimezone(UTC).strftime("%Y-%m")))
        out.append(("wait", "", "", str(waited // US_PER_DAY)))
    return out


def cells(f: Facts | None) -> Counter[Key]:
    """Every cell by the month the finding was raised; open findings also by the day (kind "age"), which is what
    the age buckets need at their edges ("under 30 days" ends mid-month)."""
    if f is None or f.status == "withdrawn":  # never counted by the dashboard
        return Counter()
    day = f.raised.isoformat()
    out = Counter((scope, kind, "m", day[:7], status, severity, f.source, extra)
                  for scope in scopes(f) for kind, status, severity, extra in _dimensions(f))
    if f.status in OPEN_STATES:
        out.update((scope, "age", "d", day, "", "", f.source, "") for scope in scopes(f))
    return out


# Insert the cell or add to it: one statement per transaction, rows in key order.
_UPSERT = ("INSERT INTO finding_tallies (scope, kind, grain, period, status, severity, source, extra, n) VALUES {rows} "
           "ON CONFLICT (scope, kind, grain, period, status, severity, source, extra) "
           "DO UPDATE SET n = finding_tallies.n + excluded.n")


async def add(delta: Counter[Key]) -> None:
    changed = sorted((key, n) for key, n in delta.items() if n)
    if not changed:
        return
    conn = FindingTally._meta.db  # the current transaction's connection
    postgres = conn.capabilities.dialect == "postgres"
    values: list[Any] = []
    rows = []
    for key, n in changed:
        first = len(values)
        values += [*key, n]
        rows.append("(" + ", ".join(f"${first + i + 1}" if postgres else "?" for i in range(9)) + ")")
    await conn.execute_query(_UPSERT.format(rows=", ".join(rows)), values)


def _wait_of(f: Facts | None) -> dict[str, Any] | None:
    return _wait_row(f) if f is not None and f.status == "verified" and f.verified_at is not None else None


async def _waits(before: Facts | None, after: Facts | None) -> None:
    was, now = _wait_of(before), _wait_of(after)
    if was == now:
        return
    if was is not None:
        await FindingWait.filter(finding_id=was["finding_id"]).delete()
    if now is not None:
        await FindingWait.create(**now)


def _wait_row(f: Facts) -> dict[str, Any]:
    return {"finding_id": f.finding_id, "waited_us": f.waited_us, "campus_id": f.campus, "building_id": f.building,
            "checklist_id": f.checklist, "source": f.source, "raised_day": f.raised}


async def moved(before: Iterable[Facts | None], after: Iterable[Facts | None]) -> None:
    """Move findings from their old facts' cells to their new ones (None: not there before / not any more), in
    the caller's transaction."""
    delta: Counter[Key] = Counter()
    for old, new in zip(before, after, strict=True):
        delta.update(cells(new))
        delta.subtract(cells(old))
        await _waits(old, new)
    await add(delta)


# What a finding's facts are read from: its own columns, its space's building and campus, its audit's checklist.
FACT_COLUMNS = ("id", "status", "severity", "source", "created_at", "due_date", "audit_id", "section_id",
                "space__building_id", "space__building__campus_id", "audit__checklist__checklist_id")


def facts_of(row: dict[str, Any], verified_at: datetime | None = None) -> Facts:
    return Facts(finding_id=str(row["id"]), status=row["status"], severity=row["severity"], source=row["source"],
                 raised_at=row["created_at"], due=row["due_date"], audit_id=str(row["audit_id"] or ""),
                 section=row["section_id"] or "", checklist=row["audit__checklist__checklist_id"] or "",
                 building=str(row["space__building_id"]), campus=str(row["space__building__campus_id"]),
                 verified_at=verified_at)


SNAPSHOT = ("id", "status", "severity", "source", "created_at", "due_date", "audit_id", "section_id")
PLACE = ("space__building_id", "space__building__campus_id", "audit__checklist__checklist_id")


def snapshot(finding: Finding) -> dict[str, Any]:
    """The columns of a finding object that its cells depend on (its place and checklist never change)."""
    return {c: getattr(finding, c) for c in SNAPSHOT}


async def follow(findings: list[Finding], before: list[dict[str, Any] | None],
                 verified: list[datetime | None]) -> None:
    """Findings just written (created: before None; changed: their snapshot before) move to their new cells.
    `verified`: when each was verified by this change, if it was. Called by flow.py in the change's transaction;
    a change that moves nothing the cells depend on (a note, an assignee, publishing) writes nothing."""
    moving = [(f, b, v) for f, b, v in zip(findings, before, verified, strict=True) if b != snapshot(f)]
    if not moving:
        return
    places = {str(r["id"]): r for r in await Finding.filter(id__in=[f.id for f, _, _ in moving]).values("id", *PLACE)}
    olds: list[Facts | None] = []
    news: list[Facts | None] = []
    for f, b, v in moving:
        place = {c: places[str(f.id)][c] for c in PLACE}
        earlier = await verified_at(f.id) if b is not None and b["status"] == "verified" else None
        olds.append(None if b is None else facts_of({**b, **place}, earlier))
        news.append(facts_of({**snapshot(f), **place}, (v or earlier) if f.status == "verified" else None))
    await moved(olds, news)


async def verified_at(finding_id: Any) -> datetime | None:
    """When a verified finding was verified (from resolved: publishing it later writes verified -> verified)."""
    events = await FindingEvent.filter(finding_id=finding_id, from_status="resolved", to_status="verified") \
        .order_by("-at").limit(1).values("at")
    return events[0]["at"] if events else None


# Rebuilding -----------------------------------------------------------------------------------------------------

CHUNK = 5000
_INSERT = {"sqlite": "INSERT INTO finding_tallies (scope, kind, grain, period, status, severity, source, extra, n) "
                     "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
           "postgres": "INSERT INTO finding_tallies (scope, kind, grain, period, status, severity, source, extra, n) "
                       "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)"}


async def counted() -> tuple[Counter[Key], dict[str, dict[str, Any]]]:
    """Every cell and wait as the findings and their events say now."""
    verified: dict[str, datetime] = {}
    events = FindingEvent.filter(from_status="resolved", to_status="verified", finding__status="verified")
    for event in await events.order_by("at").values("finding_id", "at"):
        verified[str(event["finding_id"])] = event["at"]
    total: Counter[Key] = Counter()
    waits: dict[str, dict[str, Any]] = {}
    last = None
    while True:  # in id order, a chunk at a time, so memory holds one chunk of rows (and the cells)
        query = Finding.exclude(status="withdrawn").order_by("id").limit(CHUNK)
        rows = await (query.filter(id__gt=last) if last is not None else query).values(*FACT_COLUMNS)
        for row in rows:
            f = facts_of(row, verified.get(str(row["id"])))
            total.update(cells(f))
            if f.status == "verified" and f.verified_at is not None:
                waits[f.finding_id] = _wait_row(f)
        if len(rows) < CHUNK:
            return total, waits
        last = rows[-1]["id"]


async def stored() -> tuple[Counter[Key], dict[str, dict[str, Any]]]:
    cells_now = Counter({tuple(r[c] for c in COLUMNS): r["n"]  # type: ignore[misc]
                         for r in await FindingTally.filter(n__not=0).values(*COLUMNS, "n")})
    waits = {str(r["finding_id"]): {**r, "finding_id": str(r["finding_id"])}
             for r in await FindingWait.all().values("finding_id", "waited_us", "campus_id", "building_id",
                                                     "checklist_id", "source", "raised_day")}
    return cells_now, waits


async def rebuild() -> tuple[Counter[Key], dict[str, dict[str, Any]]]:
    """Count every cell again and replace what is stored, in one transaction; returns what it wrote."""
    async with in_transaction() as conn:
        if conn.capabilities.dialect == "postgres":
            # Writers wait for the rebuild before adding to the cells, so an increment is never counted twice
            # or lost (SQLite's transactions already run one at a time).
            await conn.execute_script("LOCK TABLE finding_tallies, finding_waits IN EXCLUSIVE MODE")
        total, waits = await counted()
        await FindingTally.all().delete()
        await FindingWait.all().delete()
        rows = [[*key, n] for key, n in sorted(total.items()) if n]
        for start in range(0, len(rows), CHUNK):
            await conn.execute_many(_INSERT[conn.capabilities.dialect], rows[start:start + CHUNK])
        await FindingWait.bulk_create([FindingWait(**w) for w in waits.values()], batch_size=1000)
    return total, waits


@dataclass(frozen=True)
class Recount:
    cells: int  # cells rebuilt (non-zero)
    differed: list[tuple[Key, int, int]]  # (cell, stored, counted)
    waits_differed: int


async def recount() -> Recount:
    """Rebuild the tallies and say which cells (and how many waits) the stored ones had wrong."""
    before, waits_before = await stored()
    total, waits = await rebuild()
    differed = [(k, before.get(k, 0), total.get(k, 0)) for k in sorted(set(before) | set(total))
                if before.get(k, 0) != total.get(k, 0)]
    wrong = sum(1 for k in set(waits) | set(waits_before) if waits.get(k) != waits_before.get(k))
    return Recount(cells=sum(1 for n in total.values() if n), differed=differed, waits_differed=wrong)


async def ensure_built() -> bool:
    """After migrating: a database whose findings were never tallied (made before migration 0015, or written in
    bulk) gets its tallies built. True when it built them."""
    if await FindingTally.exists() or not await Finding.exclude(status="withdrawn").exists():
        return False
    await rebuild()
    log.info("Built the dashboard's tallies from the findings.")
    return True


def describe(result: Recount, shown: int = 20) -> str:
    if not result.differed and not result.waits_differed:
        return f"The tallies were right: {result.cells} cells, nothing differed."
    lines = [f"{len(result.differed)} of the tallies' cells differed and {result.waits_differed} verification "
             f"waits; rebuilt {result.cells} cells. Cells (scope, kind, grain, period, status, severity, source, "
             "extra): stored -> counted"]
    lines += [f"  {key}: {was} -> {now}" for key, was, now in result.differed[:shown]]
    if len(result.differed) > shown:
        lines.append(f"  ... and {len(result.differed) - shown} more")
    return "\n".join(lines)

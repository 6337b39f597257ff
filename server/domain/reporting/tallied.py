"""The dashboard's figures read from the tallies (server/models/tallies.py, kept by tallies.py): sums over cells
whose number depends on the months, places and checklists there are, not on how many findings they hold.

Cells are by the month a finding was raised, so they serve any period of whole months (from the 1st, to a
month's last day, or open-ended): a three-year dashboard reads 36 months of cells. A period that starts or ends
mid-month is counted over the findings instead (dashboard.counted; `servable` says which). The age buckets end
mid-month ("under 30 days"): their whole months come from the month cells of open states, and the days of the
one or two months their edges fall in from the open findings' day cells (kind "age"). The median wait for
verification is exact: the wait histogram (whole days) names the day the middle falls on, and only the waits of
that day (or two) are read, in order, from finding_waits.
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from tortoise.expressions import Q
from tortoise.functions import Sum

from server.domain.findings.filters import Filters
from server.domain.findings.guards import today
from server.domain.findings.states import OPEN_STATES
from server.models import Building, FindingTally, FindingWait

US_PER_DAY = 86_400_000_000
LAST_MONTH = date(9999, 12, 1)  # a period reaching into it has no month after it: read as unbounded


@dataclass
class Counts:
    """Every number the dashboard shows, however it was counted (here, or over the findings: dashboard.counted)."""

    by_state: list[dict[str, Any]] = field(default_factory=list)  # status, severity, source, n
    ages: dict[str, int] = field(default_factory=lambda: {"lt30": 0, "30to90": 0, "gt90": 0})
    overdue: int = 0
    by_section: dict[tuple[str, str], int] = field(default_factory=dict)  # (checklist or "", section or "")
    by_audit: dict[str, int] = field(default_factory=dict)
    by_building: dict[str, int] = field(default_factory=dict)
    raised_in: dict[date, int] = field(default_factory=dict)
    verified_in: dict[date, int] = field(default_factory=dict)
    median: float | None = None


def _next_month(day: date) -> date:
    return (day.replace(day=28) + timedelta(days=4)).replace(day=1)


def spans(first: date | None, last: date | None) -> list[tuple[str, str, str]]:
    """Raised days [first, last] (None: unbounded) as cell ranges (grain, lowest period, highest period): the
    whole months in it, and the days of the months it covers only part of."""
    if last is not None and last >= LAST_MONTH:
        last = None
    start = None if first is None else first if first.day == 1 else _next_month(first)
    end = None if last is None else _next_month(last) if _next_month(last) - timedelta(days=1) == last \
        else last.replace(day=1)  # the first month after the whole months
    if first is not None and last is not None and start >= end:  # type: ignore[operator]
        return [("d", first.isoformat(), last.isoformat())]
    out = [("m", start.isoformat()[:7] if start else "", (end - timedelta(days=1)).isoformat()[:7] if end else "~")]
    if first is not None and start is not None and first < start:
        out.append(("d", first.isoformat(), (start - timedelta(days=1)).isoformat()))
    if last is not None and end is not None and end <= last:
        out.append(("d", end.isoformat(), last.isoformat()))
    return out


def _last_day(day: date) -> bool:
    return day >= LAST_MONTH or _next_month(day) - timedelta(days=1) == day


def servable(f: Filters) -> bool:
    """Whether the tallies answer these filters: every filter the dashboard takes, over whole months."""
    return (f.created_from is None or f.created_from.day == 1) and (f.created_to is None or _last_day(f.created_to))


def _periods(first: date | None, last: date | None) -> Q:
    """Month cells of [first, last] (whole months); for the age buckets, open findings' day cells at the edges."""
    q = Q()
    for grain, low, high in spans(first, last):
        q |= Q(grain=grain, period__gte=low, period__lte=high, kind="age") if grain == "d" else \
            Q(grain=grain, period__gte=low, period__lte=high)
    return q


def _scope(f: Filters) -> str:
    place = f"b:{f.building}" if f.building else f"c:{f.campus}" if f.campus else ""
    return "|".join(p for p in (place, f"k:{f.checklist}" if f.checklist else "") if p)


class _Reader:
    def __init__(self, f: Filters) -> None:
        self.f, self.scope = f, _scope(f)

    def cells(self, kind: str, first: date | None, last: date | None) -> Any:
        query = FindingTally.filter(_periods(first, last), scope=self.scope)
        if kind != "age":
            query = query.filter(kind=kind)
        return query.filter(source=self.f.source) if self.f.source else query

    async def grouped(self, kind: str, *by: str) -> list[dict[str, Any]]:
        return await self.cells(kind, self.f.created_from, self.f.created_to).annotate(total=Sum("n")) \
            .group_by(*by).values(*by, "total")

    async def total(self, kind: str, first: date | None, last: date | None, *where: Q, **equal: Any) -> int:
        if first is not None and last is not None and first > last:
            return 0
        rows = await self.cells(kind, first, last).filter(*where, **equal).annotate(total=Sum("n")).values("total")
        return int(rows[0]["total"] or 0) if rows else 0

    async def age(self, low: date | None, high: date | None) -> int:
        """Open findings raised within [low, high] and within the period."""
        f = self.f
        first = max(d for d in (low, f.created_from) if d is not None) if low or f.created_from else None
        last = min(d for d in (high, f.created_to) if d is not None) if high or f.created_to else None
        # Month cells of the open states, and the open findings' day cells (kind "age") at the edges.
        return await self.total("age", first, last, Q(kind="age") | Q(kind="state", status__in=list(OPEN_STATES)))


def _by(rows: list[dict[str, Any]], key: str) -> dict[str, int]:
    return {str(r[key]): int(r["total"]) for r in rows if r["total"]}


def _month(text: str) -> date:
    return date(int(text[:4]), int(text[5:7]), 1)


async def read_tallies(f: Filters) -> Counts:
    """The dashboard's numbers for the filters it takes (campus, building, checklist, from, to, source)."""
    if f.campus and f.building and not await Building.exists(id=f.building, campus_id=f.campus):
        return Counts()  # a building of another campus: nothing is in both
    r, on = _Reader(f), today()
    states = await r.grouped("state", "status", "severity", "source")
    raised: dict[date, int] = {}
    for month, n in _by(await r.grouped("state", "period"), "period").items():
        raised[_month(month)] = raised.get(_month(month), 0) + n
    sections = {tuple(k.split("|", 1)): n for k, n in _by(await r.grouped("section", "extra"), "extra").items()}
    counts = Counts(
        by_state=[{"status": s["status"], "severity": s["severity"], "source": s["source"], "n": int(s["total"])}
                  for s in states if s["total"]],
        ages={"lt30": await r.age(on - timedelta(days=29), None),
              "30to90": await r.age(on - timedelta(days=90), on - timedelta(days=30))},
        overdue=await r.total("overdue", f.created_from, f.created_to, extra__lt=on.isoformat()),
        by_section=sections,  # type: ignore[arg-type]
        by_audit=_by(await r.grouped("audit", "extra"), "extra"),
        by_building=_by(await r.grouped("building", "extra"), "extra"),
        raised_in=raised,
        verified_in={_month(m): n for m, n in _by(await r.grouped("verified", "extra"), "extra").items()},
    )
    # The three ages share out the open findings: the oldest are the rest.
    counts.ages["gt90"] = sum(s["n"] for s in counts.by_state if s["status"] in OPEN_STATES) - sum(counts.ages.values())
    counts.median = await _median(f, {int(d): n for d, n in _by(await r.grouped("wait", "extra"), "extra").items()})
    return counts


async def _median(f: Filters, histogram: dict[int, int]) -> float | None:
    """The median wait, exactly: the histogram of whole days finds the middle one or two waits, and only the days
    they fall in are read from finding_waits (through its index on waited_us)."""
    count = sum(histogram.values())
    if not count:
        return None
    low_rank, high_rank = (count - 1) // 2, count // 2
    seen, before, first_day, last_day = 0, 0, None, None
    for day in sorted(histogram):
        if first_day is None and seen + histogram[day] > low_rank:
            first_day, before = day, seen
        if seen + histogram[day] > high_rank:
            last_day = day
            break
        seen += histogram[day]
    assert first_day is not None and last_day is not None
    where: dict[str, Any] = {"waited_us__gte": first_day * US_PER_DAY, "waited_us__lt": (last_day + 1) * US_PER_DAY}
    for column, value in (("campus_id", f.campus), ("building_id", f.building), ("checklist_id", f.checklist),
                          ("source", f.source), ("raised_day__gte", f.created_from),
                          ("raised_day__lte", f.created_to)):
        if value:
            where[column] = value
    waits = await FindingWait.filter(**where).order_by("waited_us").offset(low_rank - before) \
        .limit(high_rank - low_rank + 1).values_list("waited_us", flat=True)
    return round(statistics.median(w / 1_000_000 / 86400 for w in waits), 1)

"""Coverage: which spaces of a building have been walked with which checklist and when, and which never have.

A space counts as walked by an audit when the audit is submitted and the space was in its plan and not skipped
(an audit in progress may still change, and a skipped space was not looked at). Its date is the audit's
submission day (calendar days in UTC, as elsewhere). Ages are whole calendar months before today, a month
being reached on the same day of the month, or on the month's last day when it is shorter: walked on 31 January,
it is 0 months old on 27 February and 1 month old on 28 February; "over N months ago" means an age of N or more.

The figures come from one grouped query (space x checklist, the latest submission of each), never one query
per space, so a building of hundreds of rooms costs the same three queries as a building of five.
"""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from tortoise.functions import Max

from server import clock
from server.checklists import localize
from server.domain.checklists.store import current_versions, latest_versions
from server.domain.findings.access import NOBODY
from server.domain.list_filters import Filter, text
from server.domain.sites.registry import get_building
from server.domain.sites.views import building_ref, campus_ref
from server.errors import Invalid
from server.models import AuditSpace, ChecklistVersion, Space

DEFAULT_MONTHS = 12
MAX_MONTHS = 600  # fifty years: anything longer is a typing slip, not a plan
# The grid's shading bands, as the first age (in months) of each: the web app and the legend read them from here.
BANDS: tuple[tuple[str, int], ...] = (("recent", 0), ("months6", 6), ("year1", 12), ("years2", 24))


def months_param(name: str, value: str | None) -> int:
    """A whole number of months from 1 to MAX_MONTHS; absent: DEFAULT_MONTHS."""
    if value is None or value == "":
        return DEFAULT_MONTHS
    # ASCII digits only, and few of them: "²" is a digit to str.isdigit() but not to int(), and int() refuses
    # thousands of digits; either would be a 500 instead of a 422.
    if not (value.isascii() and value.isdigit() and len(value) <= 3) or not 1 <= int(value) <= MAX_MONTHS:
        raise Invalid(f"{name} must be a whole number of months from 1 to {MAX_MONTHS}.", field=name)
    return int(value)


COVERAGE_FILTERS = (
    Filter("checklist", "A checklist id: coverage with that checklist only (default: with any checklist).",
           text(80)),
    Filter("months", f"The 'audited over N months ago' list's N (1 to {MAX_MONTHS}; default {DEFAULT_MONTHS}).",
           months_param),
)


def add_months(day: date, months: int) -> date:
    """The same day of the month `months` later, or that month's last day when it is shorter (31 Jan + 1: 28 Feb)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier` to `later`: the most months that can be added to `earlier` without
    passing `later` (0 when later is earlier)."""
    months = max(0, (later.year - earlier.year) * 12 + later.month - earlier.month)
    while months and add_months(earlier, months) > later:
        months -= 1
    return months


def band(months: int | None) -> str:
    if months is None:
        return "never"
    return [name for name, start in BANDS if months >= start][-1]


def _day(value: Any) -> date:
    # SQLite hands a MAX() over a datetime back as text; PostgreSQL as a datetime.
    if isinstance(value, str):
        value = datetime.fromisoformat(value)
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).date()


@dataclass(frozen=True)
class Walked:
    space_id: str
    checklist_id: str
    on: date


async def walked(building_id: str) -> list[Walked]:
    """Each (space, checklist) pair of the building ever walked in a submitted audit, with its latest day.

    Grouped by checklist version in the database (the query starts from the building's audits and joins
    nothing else), then versions are folded into their checklist here: a handful of rows per space."""
    rows = await (AuditSpace.filter(audit__building_id=building_id, audit__status="submitted",
                                    skip_reason__isnull=True)
                  .annotate(last=Max("audit__submitted_at"))
                  .group_by("space_id", "audit__checklist_id")
                  .values("space_id", "audit__checklist_id", "last"))
    versions = dict(await ChecklistVersion.filter(id__in={r["audit__checklist_id"] for r in rows} or [NOBODY])
                    .values_list("id", "checklist_id"))
    latest: dict[tuple[str, str], date] = {}
    for r in rows:
        if r["last"] is None:
            continue
        key = (str(r["space_id"]), versions[r["audit__checklist_id"]])
        day = _day(r["last"])
        if key not in latest or day > latest[key]:
            latest[key] = day
    return [Walked(space, checklist, day) for (space, checklist), day in latest.items()]


def _space(space: Space, per_checklist: dict[str, date], checklist: str, today: date) -> dict[str, Any]:
    shown = {k: v for k, v in per_checklist.items() if not checklist or k == checklist}
    last = max(shown.values(), default=None)
    months = months_between(last, today) if last else None
    return {"id": str(space.id), "name": space.name, "floor": space.floor, "room_number": space.room_number or "",
            "kind": space.kind, "last_audited": last.isoformat() if last else None, "months": months,
            "band": band(months),
            "checklists": [{"id": k, "last_audited": v.isoformat()}
                           for k, v in sorted(per_checklist.items())]}


def _floor_key(floor: str) -> tuple[int, int | str]:
    # Numeric floors in number order ("2" before "10"); named ones ("B", "Roof") after them, by name.
    return (0, int(floor)) if floor.lstrip("-").isdigit() else (1, floor.lower())


async def _checklists(used: set[str], lang: str) -> list[dict[str, str]]:
    """The checklists a reader may choose: every current one, and any no longer loaded that walked here."""
    found = {cv.checklist_id: cv for cv in await current_versions()}
    missing = sorted(used - set(found))
    if missing:
        found.update(await latest_versions(missing))
    return sorted(({"id": k, "title": localize(cv.content, lang)["title"]} for k, cv in found.items()),
                  key=lambda c: c["title"].lower())


async def coverage(building_id: str, checklist: str = "", months: int = DEFAULT_MONTHS,
                   lang: str = "en") -> dict[str, Any]:
    """A building's spaces floor by floor with when each was last audited (with `checklist`, or any), and the
    lists of spaces never audited and audited `months` or more months ago."""
    building = await get_building(building_id, field="id")
    today = clock.now().astimezone(UTC).date()
    per_space: dict[str, dict[str, date]] = {}
    for w in await walked(str(building.id)):
        per_space.setdefault(w.space_id, {})[w.checklist_id] = w.on
    checklists = await _checklists({c for found in per_space.values() for c in found}, lang)
    if checklist and checklist not in {c["id"] for c in checklists}:
        raise Invalid("checklist: there is no such checklist.", field="checklist")
    spaces = await Space.filter(building_id=building.id)
    spaces.sort(key=lambda s: (_floor_key(s.floor), s.room_number or "", s.name.lower()))
    floors: dict[str, list[dict[str, Any]]] = {}
    for space in spaces:
        floors.setdefault(space.floor, []).append(_space(space, per_space.get(str(space.id), {}), checklist, today))
    cells = [cell for found in floors.values() for cell in found]
    return {
        "building": {**building_ref(building), "campus": campus_ref(building.campus)},
        "today": today.isoformat(), "checklist": checklist or None, "months": months, "checklists": checklists,
        "bands": [{"id": name, "from_months": start} for name, start in BANDS],
        "floors": [{"floor": floor, "spaces": found} for floor, found in sorted(floors.items(),
                                                                              key=lambda f: _floor_key(f[0]))],
        "never": [c["id"] for c in cells if c["months"] is None],
        "older": [c["id"] for c in cells if c["months"] is not None and c["months"] >= months],
    }

"""The inventory of honorific images: what a checklist's count items recorded, per space, building and campus,
with the previous audit cycle's figures beside them.

Rules (checklists/README.md): a count is summed only where its item was shown and answered with a number;
"unknown" is counted apart (in how many spaces) and never added in as zero; hidden and not-applicable items
count nowhere. Only submitted audits count (an audit in progress may still change), and only the spaces
they walked (not skipped).

Cycles, per space: its current figures come from the latest submitted audit (of the checklist, by submission
time) that walked it, and its previous figures from the submitted audit before that which walked it. A
building's and a campus's figures are the sums of their spaces', so each says how many spaces it covers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from server import clock
from server.checklists import localize
from server.checklists.rules import UNKNOWN, all_items, shown_items
from server.domain.audits import cycles
from server.domain.findings.access import NOBODY
from server.domain.findings.filters import Filters, midnight
from server.errors import Invalid
from server.languages import SOURCE_LANGUAGE
from server.models import Audit, AuditSpace, ChecklistVersion, Response, Space

DEFAULT_CHECKLIST = "portraits-honorifics"


def count_items(cv: ChecklistVersion, lang: str = SOURCE_LANGUAGE) -> list[dict[str, str]]:
    return [{"id": item["id"], "prompt": item["prompt"]}
            for _, item in all_items(localize(cv.content, lang)) if item["type"] == "count"]


@dataclass
class Figures:
    """Sums over spaces: per count item the total of the numbers, and in how many spaces it was a number
    and in how many "unknown"."""

    items: list[str]
    spaces: int = 0
    counts: dict[str, dict[str, int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for item in self.items:
            self.counts.setdefault(item, {"total": 0, "answered": 0, "unknown": 0})

    def add(self, other: Figures) -> None:
        self.spaces += other.spaces
        for item, mine in self.counts.items():
            for key, value in other.counts[item].items():
                mine[key] += value

    def json(self) -> dict[str, Any]:
        return {"spaces": self.spaces, "counts": self.counts}


@dataclass
class Walk:
    """One space walked in one audit: its figures, and the audit they come from."""

    space_id: str
    audit: dict[str, Any]
    submitted_at: Any
    figures: Figures


def space_figures(content: dict[str, Any], answers: dict[str, Any], items: list[str]) -> Figures:
    figures = Figures(items, spaces=1)
    shown = set(shown_items(content, answers))
    for item in items:
        value = answers.get(item)
        if item not in shown or value is None:
            continue
        if value == UNKNOWN:
            figures.counts[item]["unknown"] += 1
        elif isinstance(value, int) and not isinstance(value, bool):
            figures.counts[item]["total"] += value
            figures.counts[item]["answered"] += 1
    return figures


async def walks(audits: list[Audit], items: list[str]) -> list[Walk]:
    """Every space the audits walked (answered, not skipped), with its figures under the audit's pinned
    checklist."""
    if not audits:
        return []
    ids = [a.id for a in audits]
    walked = await AuditSpace.filter(audit_id__in=ids, skip_reason__isnull=True).values_list("audit_id", "space_id")
    answers: dict[tuple[str, str], dict[str, Any]] = {}
    for audit_id, space_id, item_id, answer in await Response.filter(audit_id__in=ids).values_list(
            "audit_id", "space_id", "item_id", "answer"):
        answers.setdefault((str(audit_id), str(space_id)), {})[item_id] = answer["value"]
    known = await cycles.cycles()
    by_id = {str(a.id): a for a in audits}
    out = []
    for audit_id, space_id in walked:
        audit = by_id[str(audit_id)]
        given = answers.get((str(audit_id), str(space_id)))
        if not given:
            continue  # not walked yet (an audit in progress): no figures, rather than zeros
        ref = {"id": str(audit.id), "title": audit.title, "submitted_at": clock.iso(audit.submitted_at),
               "cycle": known[str(audit.id)].number}
        out.append(Walk(str(space_id), ref, audit.submitted_at,
                        space_figures(audit.checklist.content, given, items)))
    return out


def latest_per_space(found: Iterable[Walk]) -> dict[str, list[Walk]]:
    """Each space's walks, latest submitted first."""
    per_space: dict[str, list[Walk]] = {}
    for walk in sorted(found, key=lambda w: (w.submitted_at, w.audit["id"]), reverse=True):
        per_space.setdefault(walk.space_id, []).append(walk)
    return per_space


async def checklist_items(checklist_id: str,
                          lang: str = SOURCE_LANGUAGE) -> tuple[ChecklistVersion, list[dict[str, str]]]:
    cv = await ChecklistVersion.filter(checklist_id=checklist_id).order_by("-version").first()
    if cv is None:
        raise Invalid("checklist: there is no such checklist.", field="checklist")
    items = count_items(cv, lang)
    if not items:
        raise Invalid(f"checklist: {cv.title} has no count items, so it has no inventory.", field="checklist")
    return cv, items


def _ref(obj: Any, *names: str) -> dict[str, str]:
    return {"id": str(obj.id), **{name: getattr(obj, name) for name in names}}


def _add(target: dict[str, Figures], now: Walk, before: Walk | None) -> None:
    target["current"].add(now.figures)
    if before:
        target["previous"].add(before.figures)


async def tables(current: dict[str, Walk], previous: dict[str, Walk], items: list[str]) -> dict[str, Any]:
    """Rows per space, building and campus, and totals, each with current and previous figures."""
    spaces = await Space.filter(id__in=[*current, NOBODY]).prefetch_related("building__campus")
    spaces.sort(key=lambda s: (s.building.campus.name.lower(), s.building.code, s.floor, s.room_number or "",
                               s.name.lower()))
    groups: dict[str, dict[str, Any]] = {}
    totals = {"current": Figures(items), "previous": Figures(items)}
    rows = []
    for space in spaces:
        now, before = current[str(space.id)], previous.get(str(space.id))
        building, campus = space.building, space.building.campus
        keys = ((f"b:{building.id}", _ref(building, "code", "name")), (f"c:{campus.id}", _ref(campus, "name")))
        for key, ref in keys:
            group = groups.setdefault(key, {**ref, "current": Figures(items), "previous": Figures(items)})
            if key.startswith("b:"):
                group["campus"] = _ref(campus, "name")
            _add(group, now, before)
        _add(totals, now, before)
        rows.append({**_ref(space, "name", "floor", "kind"), "room_number": space.room_number or "",
                     "building": _ref(building, "code", "name"), "campus": _ref(campus, "name"),
                     "current": {"audit": now.audit, **now.figures.json()},
                     "previous": {"audit": before.audit, **before.figures.json()} if before else None})

    def listed(prefix: str) -> list[dict[str, Any]]:
        return [{**g, "current": g["current"].json(), "previous": g["previous"].json()}
                for key, g in groups.items() if key.startswith(prefix)]

    return {"totals": {k: v.json() for k, v in totals.items()}, "campuses": listed("c:"),
            "buildings": listed("b:"), "spaces": rows}


async def inventory(f: Filters, lang: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    """The inventory as it stands: the checklist filter chooses which checklist's counts (by default the
    portraits checklist); from and to bound the days audits were submitted (UTC)."""
    cv, items = await checklist_items(f.checklist or DEFAULT_CHECKLIST, lang)
    query = Audit.filter(status="submitted", checklist__checklist_id=cv.checklist_id)
    if f.building:
        query = query.filter(building_id=f.building)
    if f.campus:
        query = query.filter(building__campus_id=f.campus)
    if f.created_from:
        query = query.filter(submitted_at__gte=midnight(f.created_from))
    if f.created_to:
        query = query.filter(submitted_at__lt=midnight(f.created_to + timedelta(days=1)))
    item_ids = [i["id"] for i in items]
    per_space = latest_per_space(await walks(await query.prefetch_related("checklist"), item_ids))
    current = {space: found[0] for space, found in per_space.items()}
    previous = {space: found[1] for space, found in per_space.items() if len(found) > 1}
    title = localize(cv.content, lang)["title"]
    return {"checklist": {"id": cv.checklist_id, "version": cv.version, "title": title}, "items": items,
            **await tables(current, previous, item_ids)}


async def audit_inventory(audit: Audit, lang: str = SOURCE_LANGUAGE) -> dict[str, Any] | None:
    """One audit's counts per space (as walked so far), beside each space's figures from the latest
    submitted audit of the same checklist before it; None when its checklist has no count items."""
    items = count_items(audit.checklist, lang)
    if not items:
        return None
    item_ids = [i["id"] for i in items]
    current = {w.space_id: w for w in await walks([audit], item_ids)}
    earlier = Audit.filter(status="submitted", checklist__checklist_id=audit.checklist.checklist_id,
                           building_id=audit.building_id).exclude(id=audit.id)  # type: ignore[attr-defined]
    if audit.submitted_at is not None:
        earlier = earlier.filter(submitted_at__lt=audit.submitted_at)
    before = latest_per_space(await walks(await earlier.prefetch_related("checklist"), item_ids))
    previous = {space: found[0] for space, found in before.items() if space in current}
    return {"items": items, **await tables(current, previous, item_ids)}

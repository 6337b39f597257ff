"""Generated history for the report tests: campuses, buildings and spaces (some with non-ASCII names), two
submitted cycles of the portraits checklist per building with inventory counts, an audit in progress, and
several hundred findings across buildings, checklist sections, states and months, each with the events its
state took along the transition table.

Everything is written with the models (in bulk, for speed) at chosen times, and also kept here as plain
records, so tests compute what a report should say directly from them, independently of the server's code.
"""

from __future__ import annotations

import random
import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from server.checklists.rules import all_items
from server.domain.checklists.store import load_folder
from server.domain.reporting import tallies
from server.models import (
    Audit,
    AuditEvent,
    AuditMember,
    AuditSpace,
    Building,
    Campus,
    ChecklistVersion,
    Finding,
    FindingEvent,
    Response,
    Space,
)
from server.settings import SHIPPED_CHECKLISTS

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)
PORTRAITS, NAMES = "portraits-honorifics", "names-memorials"
COUNTS = ("portrait-count", "portrait-count-women", "portrait-count-people-of-color",
          "portrait-count-race-undocumented", "portrait-count-unidentified")
PATHS = {
    "open": [], "withdrawn": ["withdrawn"], "accepted": ["accepted"], "declined": ["declined"],
    "assigned": ["accepted", "assigned"], "in_progress": ["accepted", "assigned", "in_progress"],
    "resolved": ["accepted", "assigned", "in_progress", "resolved"],
    "verified": ["accepted", "assigned", "in_progress", "resolved", "verified"],
    "reopened": ["accepted", "assigned", "in_progress", "resolved", "reopened"], "duplicate": ["duplicate"],
}
SITES = [("Longwood", "GOR", "Gordon Hall"), ("Longwood", "CTW", "Countway Library"),
         ("Worcester", "HSE", "Hôpital Saint-Éloi"), ("Worcester", "ØRS", "Ørsted Pavilion")]
TRICKY_TITLES = ["=HYPERLINK(\"http://evil.example\",\"click\")", "+1 caricature in the lobby",
                 "-5 portraits unlabeled", "@SUM(A1:A9) plaque", "\tTabbed title", "\rCarriage title",
                 "Portrait of Dr. Nguyễn Thị Ánh", "Zoë Ærøskøbing's plaque (Владимир)"]


@dataclass
class Made:
    campuses: dict[str, str] = field(default_factory=dict)  # name -> id
    buildings: list[dict[str, Any]] = field(default_factory=list)
    spaces: list[dict[str, Any]] = field(default_factory=list)
    audits: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    # (audit id, space id) -> {item: answer} for the portraits audits' walked spaces
    answers: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)
    skipped: set[tuple[str, str]] = field(default_factory=set)


def _finding_items(cv: ChecklistVersion) -> list[tuple[str, str]]:
    return [(section, item["id"]) for section, item in all_items(cv.content) if "finding" in item]


def _answers(rng: random.Random) -> dict[str, Any]:
    if rng.random() < 0.25:
        return {"portraits-present": "no"}
    total = rng.randint(0, 40)
    out: dict[str, Any] = {"portraits-present": "yes", COUNTS[0]: total}
    for item in COUNTS[1:]:
        roll = rng.random()
        out[item] = "unknown" if roll < 0.15 else "not_applicable" if roll < 0.2 else rng.randint(0, total)
    return out


async def _sites(made: Made) -> None:
    for campus_name, code, name in SITES:
        if campus_name not in made.campuses:
            made.campuses[campus_name] = str((await Campus.create(name=campus_name)).id)
        building = await Building.create(campus_id=made.campuses[campus_name], code=code, name=name)
        made.buildings.append({"id": str(building.id), "code": code, "name": name,
                               "campus": made.campuses[campus_name]})
        for n in range(5):
            space = await Space.create(building=building, floor=str(1 + n // 3), room_number=f"{code}-{n}",
                                       name=["Salle Zoë", "Lobby", "Amphithéâtre", "Corridor", "Library"][n],
                                       kind="lobby")
            made.spaces.append({"id": str(space.id), "building": str(building.id), "name": space.name})


async def _audit(made: Made, people: Any, building: dict[str, Any], cv: ChecklistVersion, title: str,
                 planned: datetime, submitted: datetime | None) -> dict[str, Any]:
    auditor = people["auditor"].user
    audit = await Audit.create(title=title, building_id=building["id"], checklist=cv, created_by=auditor,
                               status="submitted" if submitted else "in_progress", created_at=planned,
                               submitted_at=submitted)
    await AuditMember.create(audit=audit, user=auditor)
    spaces = [s for s in made.spaces if s["building"] == building["id"]]
    await AuditSpace.bulk_create([AuditSpace(audit=audit, space_id=s["id"], position=i) for i, s in enumerate(spaces)])
    events = [(None, "planned", planned), ("planned", "in_progress", planned + timedelta(days=1))]
    if submitted:
        events.append(("in_progress", "submitted", submitted))
    await AuditEvent.bulk_create([AuditEvent(audit=audit, actor=auditor, from_status=a, to_status=b, at=at)
                                  for a, b, at in events])
    record = {"id": str(audit.id), "building": building["id"], "checklist": cv.checklist_id, "title": title,
              "created_at": planned, "submitted_at": submitted, "spaces": [s["id"] for s in spaces], "cv": cv}
    made.audits.append(record)
    return record


async def _inventory(made: Made, people: Any, audit: dict[str, Any], rng: random.Random, skip: bool) -> None:
    rows = []
    for index, space_id in enumerate(audit["spaces"]):
        if skip and index == 1:
            await AuditSpace.filter(audit_id=audit["id"], space_id=space_id).update(skip_reason="locked")
            made.skipped.add((audit["id"], space_id))
            continue
        given = _answers(rng)
        made.answers[(audit["id"], space_id)] = given
        rows += [Response(audit_id=audit["id"], space_id=space_id, item_id=item, answer={"value": value},
                          answered_by=people["auditor"].user) for item, value in given.items()]
    await Response.bulk_create(rows)


def _finding_record(rng: random.Random, audit: dict[str, Any], n: int, items: list[tuple[str, str]],
                    made: Made) -> dict[str, Any]:
    status = rng.choice(list(PATHS))
    start = audit["created_at"] + timedelta(days=1)
    created = start + timedelta(seconds=rng.randint(0, int((NOW - start).total_seconds()) - 86400 * 2))
    section, item = rng.choice(items) if rng.random() < 0.8 else (None, None)
    title = TRICKY_TITLES[n] if n < len(TRICKY_TITLES) else f"Finding {n} in {audit['title']}"
    building = next(b for b in made.buildings if b["id"] == audit["building"])
    return {"id": str(uuid.uuid4()), "audit": audit["id"], "checklist": audit["checklist"], "status": status,
            "building": audit["building"], "campus": building["campus"], "space": rng.choice(audit["spaces"]),
            "severity": rng.choice(["low", "medium", "high"]), "section": section, "item": item, "title": title,
            "created_at": created}


def _events(rng: random.Random, record: dict[str, Any], people: Any) -> list[FindingEvent]:
    """The record's path through the transition table, at increasing times before NOW."""
    who = {"withdrawn": "auditor", "in_progress": "facilities", "resolved": "facilities"}
    at, state = record["created_at"], "open"
    events = [FindingEvent(finding_id=record["id"], actor=people["auditor"].user, at=at, from_status=None,
                           to_status="open")]
    room = (NOW - at).total_seconds() / (len(PATHS[record["status"]]) + 1)
    for to in PATHS[record["status"]]:
        at = at + timedelta(seconds=rng.uniform(60, room))
        events.append(FindingEvent(finding_id=record["id"], actor=people[who.get(to, "committee")].user, at=at,
                                   from_status=state, to_status=to, note="Because." if to == "declined" else ""))
        state = to
        if to == "assigned":
            # Due dates around today, so some of the work still owed is overdue.
            record["due_date"] = (NOW + timedelta(days=rng.randint(-40, 30))).date()
    record["verified_at"] = at if record["status"] == "verified" else None
    record["updated_at"] = at
    return events


async def make_history(people: Any, *, findings: int = 360, seed: int = 7) -> Made:
    """The whole generated history; `findings` are spread over every audit."""
    rng, made = random.Random(seed), Made()
    await load_folder(SHIPPED_CHECKLISTS)
    portraits = await ChecklistVersion.get(checklist_id=PORTRAITS)
    names = await ChecklistVersion.get(checklist_id=NAMES)
    await _sites(made)
    for number, building in enumerate(made.buildings):
        first = await _audit(made, people, building, portraits, f"Portraits {building['code']} 2025",
                             NOW - timedelta(days=300 + number), NOW - timedelta(days=290 - number))
        await _inventory(made, people, first, rng, skip=False)
        second = await _audit(made, people, building, portraits, f"Portraits {building['code']} 2026",
                              NOW - timedelta(days=120 + number), NOW - timedelta(days=100 - number))
        await _inventory(made, people, second, rng, skip=number % 2 == 0)
        await _audit(made, people, building, names, f"Names {building['code']}", NOW - timedelta(days=25), None)
    items = {PORTRAITS: _finding_items(portraits), NAMES: _finding_items(names)}
    rows, events = [], []
    for n in range(findings):
        audit = made.audits[n % len(made.audits)]
        record = _finding_record(rng, audit, n, items[audit["checklist"]], made)
        record.setdefault("due_date", None)
        events += _events(rng, record, people)
        made.findings.append(record)
        rows.append(_model(record, people, made))
    await Finding.bulk_create(rows)
    await FindingEvent.bulk_create(events)
    await tallies.rebuild()  # written in bulk, past flow.py: the dashboard's tallies are counted afresh
    return made


def _model(r: dict[str, Any], people: Any, made: Made) -> Finding:
    state = r["status"]
    past = list(PATHS[state])
    worked = "assigned" in past
    return Finding(
        id=r["id"], audit_id=r["audit"], space_id=r["space"], item_id=r["item"], section_id=r["section"],
        title=r["title"], description="Seen during the walk.", severity=r["severity"], remedies=["remove"],
        photo_ids=[], status=state, revision=len(past) + 1, created_by=people["auditor"].user,
        created_at=r["created_at"], updated_at=r["updated_at"], remedy="add_context" if "accepted" in past else None,
        assignee=people["facilities"].user if worked else None, due_date=r["due_date"],
        resolved_by=people["facilities"].user if "resolved" in past else None,
        duplicate_of_id=made.findings[0]["id"] if state == "duplicate" and r is not made.findings[0] else None)


def day(at: datetime) -> date:
    return at.astimezone(UTC).date()


def figures(answers: dict[str, Any] | None) -> dict[str, dict[str, int]]:
    out = {item: {"total": 0, "answered": 0, "unknown": 0} for item in COUNTS}
    if answers is None or answers.get("portraits-present") != "yes":
        return out  # counts are hidden when no portraits are present
    for item in COUNTS:
        value = answers.get(item)
        if value == "unknown":
            out[item]["unknown"] += 1
        elif isinstance(value, int):
            out[item]["total"] += value
            out[item]["answered"] += 1
    return out


def add(into: dict[str, dict[str, int]], more: dict[str, dict[str, int]]) -> None:
    for item, counts in more.items():
        for key, value in counts.items():
            into[item][key] += value

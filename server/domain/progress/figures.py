"""The figures of the public progress page, per campus, for the last cycle: the 12 months up to today (UTC).

A cycle here is a fixed 12 months, not any building's own schedule: one page for the whole institution has to
compare like with like, and most audit programmes walk each building once a year. Definitions (each a test
computes independently in tests/api/test_progress.py):

- spaces audited: distinct spaces walked (not skipped) in audits submitted in the cycle; coverage is that
  share of the campus's spaces.
- findings raised in the cycle, by category (a checklist's section; a community report's category), walk and
  community alike, except those the auditor withdrew and duplicates of another finding; of those, remedied (the
  fix is done: resolved or verified now) and verified (the committee checked the fix).
- median days from report to verified fix: over the findings verified in the cycle, in calendar days (UTC).
- the honorific inventory's documented shares: each documented count as a share of the people honored, from
  each space's latest submitted audit (current) and the one before (previous), as the inventory screen counts
  them, over the audits submitted in the last two cycles (24 months): a space last walked years ago says nothing
  about this cycle, and the page's cost does not grow with the years kept.
- community reports received in the cycle (spam never counts), answered (the committee replied or decided)
  and acted on (the report became a finding or joined one).

Every count passes through small.py. The queries are grouped in the database (a few rows per campus and
category come back, whatever the number of findings), except the inventory, which reads answers as the
inventory screen does.
"""

from __future__ import annotations

import statistics
from collections import Counter, defaultdict
from datetime import date, datetime, timedelta
from typing import Any

from tortoise.expressions import Subquery
from tortoise.functions import Count, Max

from server.domain.checklists.store import latest_versions, section_titles
from server.domain.community.states import category_title
from server.domain.findings.filters import Filters, midnight
from server.domain.progress import small
from server.domain.reporting import inventory
from server.errors import Invalid
from server.languages import SOURCE_LANGUAGE
from server.messages import say
from server.models import (
    Audit,
    AuditEvent,
    AuditSpace,
    Campus,
    ChecklistVersion,
    CommunityEvent,
    CommunityMessage,
    CommunityReport,
    Finding,
    FindingEvent,
    Space,
)

CYCLE_MONTHS = 12
NOT_RAISED = ("withdrawn", "duplicate")  # spelled out in _RAISED
REMEDIED = ("resolved", "verified")
DECIDED = ("finding", "joined", "declined")
ACTED_ON = ("finding", "joined")
# The inventory's whole (people honored) and the documented counts shown as its shares.
WHOLE = "portrait-count"
SHARES = ("portrait-count-women", "portrait-count-people-of-color", "portrait-count-race-undocumented",
          "portrait-count-unidentified")


def months_before(day: date, months: int) -> date:
    """The same day `months` earlier (the month's last day where it is shorter: 29 Feb -> 28 Feb)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    for last in (day.day, 30, 29, 28):
        try:
            return date(year, month + 1, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def cycle(on: date) -> tuple[date, date]:
    """The last cycle's first day and the day after its last (today)."""
    return months_before(on, CYCLE_MONTHS) + timedelta(days=1), on + timedelta(days=1)


def _key(value: Any) -> str:
    return str(value)


async def _spaces(start: datetime, end: datetime) -> tuple[Counter[str], Counter[str]]:
    total = {_key(r["building__campus_id"]): r["n"] for r in await Space.annotate(n=Count("id"))
             .group_by("building__campus_id").values("building__campus_id", "n")}
    walked = await (AuditSpace.filter(skip_reason__isnull=True, audit__status="submitted",
                                      audit__submitted_at__gte=start, audit__submitted_at__lt=end)
                    .annotate(n=Count("space_id", distinct=True)).group_by("space__building__campus_id")
                    .values("space__building__campus_id", "n"))
    return Counter(total), Counter({_key(r["space__building__campus_id"]): r["n"] for r in walked})


def _sql(dialect: str, sql: str) -> str:
    """Our SQL with ? placeholders, as the database wants them ($1, $2... on PostgreSQL)."""
    if dialect != "postgres":
        return sql
    parts = sql.split("?")
    return "".join(f"{part}${n}" if n < len(parts) else part for n, part in enumerate(parts, 1))


def _bounds(dialect: str, start: datetime, end: datetime) -> list[Any]:
    # SQLite: times as Tortoise writes them ("2026-06-15 12:00:00.5+00:00"), compared as it compares them.
    return [start, end] if dialect == "postgres" else [start.isoformat(sep=" "), end.isoformat(sep=" ")]


# Findings are grouped first by what they carry themselves (their audit, or for a community finding its space),
# then the few groups are placed on their campus: a walk's finding is in a space of its audit's building. So the
# database looks up a campus per audit, not per finding.
_CAMPUS = ("COALESCE(ab.campus_id, sb.campus_id)", "LEFT JOIN audits a ON a.id = g.audit_id "
           "LEFT JOIN buildings ab ON ab.id = a.building_id LEFT JOIN spaces s ON s.id = g.space_id "
           "LEFT JOIN buildings sb ON sb.id = s.building_id")
_RAISED = (
    "WITH g AS (SELECT f.audit_id AS audit_id, CASE WHEN f.audit_id IS NULL THEN f.space_id END AS space_id, "  # noqa: S608
    "f.section_id AS section_id, f.status AS status, COUNT(*) AS n FROM findings f "
    "WHERE f.created_at >= ? AND f.created_at < ? AND f.status NOT IN ('withdrawn', 'duplicate') "
    "GROUP BY f.audit_id, CASE WHEN f.audit_id IS NULL THEN f.space_id END, f.section_id, f.status) "
    f"SELECT {_CAMPUS[0]} AS campus, cv.checklist_id AS checklist, g.section_id AS section, g.status AS status, "
    f"SUM(g.n) AS n FROM g {_CAMPUS[1]} LEFT JOIN checklist_versions cv ON cv.id = a.checklist_id "
    f"GROUP BY {_CAMPUS[0]}, cv.checklist_id, g.section_id, g.status")


async def _findings(start: datetime, end: datetime) -> list[dict[str, Any]]:
    db = Finding._meta.db  # the connection the models use (tests give PostgreSQL its own label)
    dialect = db.capabilities.dialect
    rows = await db.execute_query_dict(_sql(dialect, _RAISED), _bounds(dialect, start, end))
    return [{"campus": _key(r["campus"]), "checklist": r["checklist"], "section": r["section"],
             "status": r["status"], "n": int(r["n"])} for r in rows]


Category = tuple[str | None, str | None]  # (checklist id, section id); no checklist: a community report's


async def category_names(keys: set[Category], lang: str) -> dict[Category, str]:
    """(checklist id, section id) -> the category's name in `lang`, as the checklist words it now; a community
    finding (no checklist) by its report category."""
    versions = await latest_versions(sorted({c for c, _ in keys if c}))
    titles = {c: section_titles(cv, lang) for c, cv in versions.items()}
    out = {}
    for checklist, section in keys:
        if checklist is None:
            out[(checklist, section)] = category_title(section, lang) or say("progress.other", lang)
        else:
            out[(checklist, section)] = titles.get(checklist, {}).get(section or "", "") or say("progress.other", lang)
    return out


def _by_category(rows: list[dict[str, Any]], names: dict[Category, str]) -> dict[str, list[dict[str, Any]]]:
    tallies: dict[str, dict[str, Counter[str]]] = defaultdict(lambda: defaultdict(Counter))
    for r in rows:
        name = names[(r["checklist"], r["section"])]
        tally = tallies[r["campus"]][name]
        tally["raised"] += r["n"]
        tally["remedied"] += r["n"] if r["status"] in REMEDIED else 0
        tally["verified"] += r["n"] if r["status"] == "verified" else 0
    return {campus: [{"category": name, **{k: small.count(t[k]) for k in ("raised", "remedied", "verified")}}
                     for name, t in sorted(by_name.items(), key=lambda kv: kv[0].lower())]
            for campus, by_name in tallies.items()}


def _day_difference(dialect: str) -> str:
    if dialect == "postgres":
        return "((e.at AT TIME ZONE 'UTC')::date - (f.created_at AT TIME ZONE 'UTC')::date)"
    # The day is the text's first ten characters: times are written in UTC (server/clock.py), and reading the
    # text costs a quarter of date()'s parsing over a year of fixes.
    return "CAST(julianday(substr(e.at, 1, 10)) - julianday(substr(f.created_at, 1, 10)) AS INTEGER)"


async def _days_to_verify(start: datetime, end: datetime) -> dict[str, Counter[int]]:
    """Per campus, how many fixes took each number of days (grouped in the database: one row per campus and
    day count, however many findings)."""
    db = FindingEvent._meta.db
    dialect = db.capabilities.dialect
    days = _day_difference(dialect)
    # No value is spliced in: the fragments are ours, the window's bounds are parameters.
    sql = ("WITH g AS (SELECT f.audit_id AS audit_id, CASE WHEN f.audit_id IS NULL THEN f.space_id END AS space_id, "  # noqa: S608
           f"{days} AS days, COUNT(*) AS n FROM finding_events e JOIN findings f ON f.id = e.finding_id "
           "WHERE e.to_status = 'verified' AND e.at >= ? AND e.at < ? AND e.from_status = 'resolved' "
           f"GROUP BY f.audit_id, CASE WHEN f.audit_id IS NULL THEN f.space_id END, {days}) "
           f"SELECT {_CAMPUS[0]} AS campus, g.days AS days, SUM(g.n) AS n FROM g {_CAMPUS[1]} "
           f"GROUP BY {_CAMPUS[0]}, g.days")
    out: dict[str, Counter[int]] = defaultdict(Counter)
    for row in await db.execute_query_dict(_sql(dialect, sql), _bounds(dialect, start, end)):
        out[_key(row["campus"])][int(row["days"])] += int(row["n"])
    return out


def _median(histogram: Counter[int]) -> dict[str, Any]:
    fixes = sum(histogram.values())
    days = statistics.median(sorted(histogram.elements())) if fixes else None
    return {"fixes": small.count(fixes), "days": small.median(fixes, None if days is None else float(days))}


async def _community(start: date, on: date) -> dict[str, Counter[str]]:
    scope = CommunityReport.filter(received_on__gte=start, received_on__lte=on).exclude(status="spam")
    out: dict[str, Counter[str]] = defaultdict(Counter)
    for r in await scope.annotate(n=Count("id")).group_by("space__building__campus_id", "status").values(
            "space__building__campus_id", "status", "n"):
        tally = out[_key(r["space__building__campus_id"])]
        tally["received"] += r["n"]
        tally["answered"] += r["n"] if r["status"] in DECIDED else 0
        tally["acted_on"] += r["n"] if r["status"] in ACTED_ON else 0
    replied = Subquery(CommunityMessage.filter(sender="committee").values("report_id"))
    for r in await (scope.filter(status__in=("received", "under_review"), id__in=replied)
                    .annotate(n=Count("id")).group_by("space__building__campus_id")
                    .values("space__building__campus_id", "n")):
        out[_key(r["space__building__campus_id"])]["answered"] += r["n"]
    return out


def _shares(figures: dict[str, Any] | None, present: set[str], lang: str) -> dict[str, Any] | None:
    """A campus's inventory totals (current and previous) as the public reads them."""
    if figures is None or WHOLE not in present:
        return None

    def total(which: str, item: str) -> int:
        return int(figures[which]["counts"][item]["total"])

    return {"people": {w: small.count(total(w, WHOLE)) for w in ("current", "previous")},
            "shares": [{"item": item, "label": say(f"progress.share.{item}", lang),
                        **{w: small.share(total(w, item), total(w, WHOLE)) for w in ("current", "previous")}}
                       for item in SHARES if item in present]}


# The inventory reads every answer of every submitted portraits audit, which takes seconds over years of cycles,
# and it changes only when an audit is submitted (a submitted audit's answers are final) or the registry or the
# checklists change. So each process keeps the last result with what it was made from, and makes it again only
# when that moved.
_INVENTORY: dict[str, tuple[tuple[Any, ...], dict[str, dict[str, Any]], set[str]]] = {}


async def _inventory_source() -> tuple[Any, ...]:
    audits = await Audit.filter(status="submitted").annotate(
        n=Count("id"), last=Max("submitted_at"), changed=Max("updated_at")).values("n", "last", "changed")
    versions = await ChecklistVersion.annotate(n=Count("id"), last=Max("loaded_at")).values("n", "last")
    campuses = frozenset(str(c) for c in await Campus.all().values_list("id", flat=True))
    return tuple(audits[0].values()), tuple(versions[0].values()), await Space.all().count(), campuses


async def _inventories(on: date, lang: str) -> tuple[dict[str, dict[str, Any]], set[str]]:
    """Per campus id, the inventory's current and previous totals over the last two cycles; and the count items
    the checklist has."""
    source = (on, await _inventory_source())
    kept = _INVENTORY.get(lang)
    if kept is not None and kept[0] == source:
        return kept[1], kept[2]
    try:
        data = await inventory.inventory(Filters(created_from=months_before(on, 2 * CYCLE_MONTHS)), lang)
    except Invalid:  # the portraits checklist is not loaded here: no inventory to show
        per_campus, present = {}, set()
    else:
        per_campus = {c["id"]: {"current": c["current"], "previous": c["previous"]} for c in data["campuses"]}
        present = {i["id"] for i in data["items"]}
    _INVENTORY[lang] = (source, per_campus, present)
    return per_campus, present


# The figures change only when something they count does, and every such change leaves a row behind: a finding's
# every change is an event (findings/flow.py), an audit's submission an audit event, a community report's every
# move an event and a reply a message. So each process keeps the last figures per language with the marks of the
# data they were made from (a handful of cheap queries), and makes them again only when a mark moved or the day
# changed: exact, never stale, and the page costs a few milliseconds between changes.
_FIGURES: dict[str, tuple[tuple[Any, ...], dict[str, Any]]] = {}


async def _latest(model: Any) -> Any:
    return (await model.annotate(last=Max("id")).values("last"))[0]["last"]


async def _marks(on: date) -> tuple[Any, ...]:
    spaces = await Space.annotate(n=Count("id"), last=Max("updated_at")).values("n", "last")
    return (on, await _latest(FindingEvent), await _latest(AuditEvent), await _latest(CommunityEvent),
            await CommunityMessage.all().count(), tuple(spaces[0].values()), await _inventory_source())


async def figures(on: date, lang: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    """Everything the page, the PDF, the CSV and the JSON show, per campus (by name)."""
    marks = await _marks(on)
    kept = _FIGURES.get(lang)
    if kept is not None and kept[0] == marks:
        return kept[1]
    made = await _figures(on, lang)
    _FIGURES[lang] = (marks, made)
    return made


async def _figures(on: date, lang: str) -> dict[str, Any]:
    first, after = cycle(on)
    start, end = midnight(first), midnight(after)
    total, walked = await _spaces(start, end)
    rows = await _findings(start, end)
    names = await category_names({(r["checklist"], r["section"]) for r in rows}, lang)
    categories = _by_category(rows, names)
    days = await _days_to_verify(start, end)
    community = await _community(first, on)
    inventories, present = await _inventories(on, lang)
    campuses = []
    for campus in await Campus.all().order_by("name"):
        cid = _key(campus.id)
        audited = walked[cid]
        campuses.append({
            "name": campus.name,
            "spaces": {"total": small.count(total[cid]), "audited": small.count(audited),
                       "coverage": small.share(audited, total[cid])},
            "findings": categories.get(cid, []),
            "median_days_to_verified": _median(days.get(cid, Counter())),
            "inventory": _shares(inventories.get(cid), present, lang),
            "community": {k: small.count(community[cid][k]) for k in ("received", "answered", "acted_on")},
        })
    return {"as_of": on.isoformat(), "cycle": {"months": CYCLE_MONTHS, "from": first.isoformat(), "to": on.isoformat()},
            "small_number": small.SMALL, "hidden": small.HIDDEN, "campuses": campuses}

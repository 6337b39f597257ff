"""Cycle over cycle: an audit beside the previous cycle of the same building and checklist.

A cycle is one submitted audit of a building with a checklist (by checklist id, whatever version each pinned),
numbered in the order they were submitted: cycle n is the n-th submitted, and an audit not yet submitted is
the next cycle (the number of submitted ones plus one). Its previous cycle, n-1, is the submitted audit of the
same building and checklist submitted last before it. (The dashboard's trend by cycle, server/domain/audits/
cycles.py, numbers audits in the order they were planned, submitted or not; the two agree whenever audits are
submitted in the order planned. Here the order of submission is what makes "the previous cycle" mean the walk
before this one.) A schedule's interval is not used: audits come when they come, and the comparison is between
two walks that really happened.

Per cycle: the spaces walked (planned and not skipped); the findings raised (withdrawn ones were never raised)
by category (the checklist section, or none) and severity; of those, how many are remedied now (resolved or
verified) and how many verified; and the inventory's documented shares (each "of these" count over the whole
count, summed over the spaces that cycle walked), when the checklist has count items.

Every figure comes from a handful of grouped queries over the two audits, whatever their size.
"""

from __future__ import annotations

from typing import Any

from tortoise.functions import Count
from tortoise.queryset import QuerySet

from server import clock
from server.checklists.rules import SEVERITIES
from server.domain.checklists.store import latest_versions, section_titles
from server.domain.reporting.inventory import Figures, count_items, walks
from server.languages import SOURCE_LANGUAGE
from server.models import Audit, AuditSpace, Finding

REMEDIED = ("resolved", "verified")
NO_CATEGORY = ""  # findings raised outside any checklist section


def _submitted_before(audit: Audit) -> QuerySet[Audit]:
    """The submitted audits of the same building and checklist before `audit` (all of them if it is not
    submitted itself)."""
    query = Audit.filter(status="submitted", building_id=audit.building_id,  # type: ignore[attr-defined]
                         checklist__checklist_id=audit.checklist.checklist_id).exclude(id=audit.id)
    if audit.status == "submitted" and audit.submitted_at is not None:
        query = query.filter(submitted_at__lt=audit.submitted_at)
    return query


async def previous_cycle(audit: Audit) -> Audit | None:
    """Cycle n-1: the submitted audit of the same building and checklist submitted last before `audit`."""
    return await _submitted_before(audit).order_by("-submitted_at", "-created_at").prefetch_related("checklist").first()


async def cycle_number(audit: Audit) -> int:
    return await _submitted_before(audit).count() + 1


async def _walked(ids: list[Any]) -> dict[str, int]:
    rows = await (AuditSpace.filter(audit_id__in=ids, skip_reason__isnull=True).annotate(n=Count("id"))
                  .group_by("audit_id").values("audit_id", "n"))
    return {str(r["audit_id"]): r["n"] for r in rows}


async def _findings(ids: list[Any]) -> dict[str, list[tuple[str, str, str, int]]]:
    """Per audit: (category, severity, status, how many) of its findings that were raised."""
    rows = await (Finding.filter(audit_id__in=ids).exclude(status="withdrawn").annotate(n=Count("id"))
                  .group_by("audit_id", "section_id", "severity", "status")
                  .values("audit_id", "section_id", "severity", "status", "n"))
    out: dict[str, list[tuple[str, str, str, int]]] = {}
    for r in rows:
        out.setdefault(str(r["audit_id"]), []).append((r["section_id"] or NO_CATEGORY, r["severity"], r["status"],
                                                       r["n"]))
    return out


def _shares(figures: Figures, items: list[str]) -> dict[str, Any]:
    whole, *parts = items
    total = figures.counts[whole]["total"]
    return {"spaces": figures.spaces, "whole": {"id": whole, "total": total},
            "parts": [{"id": item, "total": figures.counts[item]["total"],
                       "share": round(figures.counts[item]["total"] / total, 4) if total else None}
                      for item in parts]}


async def _inventory(audits: list[Audit], items: list[str]) -> dict[str, dict[str, Any]]:
    sums = {str(a.id): Figures(items) for a in audits}
    for walk in await walks(audits, items):
        sums[walk.audit["id"]].add(walk.figures)
    return {audit_id: _shares(figures, items) for audit_id, figures in sums.items()}


def _cycle(audit: Audit, number: int, walked: int, findings: list[tuple[str, str, str, int]],
           inventory: dict[str, Any] | None) -> dict[str, Any]:
    severities = {s: 0 for s in reversed(SEVERITIES)}
    categories: dict[str, int] = {}
    for category, severity, _, n in findings:
        severities[severity] = severities.get(severity, 0) + n
        categories[category] = categories.get(category, 0) + n
    return {
        "audit": {"id": str(audit.id), "title": audit.title, "cycle": number, "status": audit.status,
                  "submitted_at": clock.iso(audit.submitted_at)},
        "spaces_walked": walked, "findings": sum(n for *_, n in findings), "by_severity": severities,
        "by_category": categories,
        "remedied": sum(n for _, _, status, n in findings if status in REMEDIED),
        "verified": sum(n for _, _, status, n in findings if status == "verified"),
        "inventory": inventory,
    }


async def _categories(checklist_id: str, counts: list[dict[str, int]], lang: str) -> list[dict[str, Any]]:
    """Findings raised per category in each cycle (`counts`: this cycle's, then the previous one's): the
    categories either cycle raised any in, in the checklist's order, findings outside any section (id null) last."""
    used = {c for found in counts for c in found}
    cv = (await latest_versions([checklist_id]))[checklist_id]
    titles = section_titles(cv, lang)
    ordered = [s for s in titles if s in used] + sorted(used - set(titles) - {NO_CATEGORY})
    if NO_CATEGORY in used:
        ordered.append(NO_CATEGORY)
    return [{"id": s or None, "title": titles.get(s, s) or None, "current": counts[0].get(s, 0),
             "previous": counts[1].get(s, 0) if len(counts) > 1 else None} for s in ordered]


async def comparison(audit: Audit, lang: str = SOURCE_LANGUAGE) -> dict[str, Any]:
    """`audit` (its checklist fetched) as cycle n beside its previous cycle n-1 (None if it is the first)."""
    before = await previous_cycle(audit)
    audits = [audit, *([before] if before else [])]
    ids = [a.id for a in audits]
    walked, found = await _walked(ids), await _findings(ids)
    items = count_items(audit.checklist, lang)
    inventory = await _inventory(audits, [i["id"] for i in items]) if items else {}
    cycles = [_cycle(a, await cycle_number(a), walked.get(str(a.id), 0), found.get(str(a.id), []),
                     inventory.get(str(a.id))) for a in audits]
    categories = await _categories(audit.checklist.checklist_id, [c.pop("by_category") for c in cycles], lang)
    return {"current": cycles[0], "previous": cycles[1] if before else None, "categories": categories,
            "inventory_items": items}

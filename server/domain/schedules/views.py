"""Where each schedule stands (last audit, next due day, state) and how it reads in the API.

The standing is worked out when asked, from the audits themselves (due.py's rule), never stored: a submitted
audit moves its pair's due day at once, with nothing to keep in step.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from server import clock
from server.auth.permissions import verbs_for
from server.domain.people.views import person
from server.domain.schedules import due
from server.domain.sites.views import building_ref, campus_ref
from server.languages import SOURCE_LANGUAGE
from server.models import Audit, AuditMember, AuditSpace, ChecklistVersion, Schedule, Space, User, UserRole

STATES = ("overdue", "due_soon", "scheduled", "paused")
PAUSE_REASONS = ("checklist_archived",)


@dataclass(frozen=True)
class LastAudit:
    id: str
    title: str
    submitted_at: datetime


@dataclass(frozen=True)
class Checklist:
    titles: dict[str, str]  # by language: the English one, and each translation's
    active: bool

    def title(self, lang: str | None = None) -> str:
        return self.titles.get(lang or SOURCE_LANGUAGE) or self.titles[SOURCE_LANGUAGE]


async def _checklists(ids: set[str]) -> dict[str, Checklist]:
    """Each checklist's title (its latest version's) and whether its file is still in use."""
    out: dict[str, Checklist] = {}
    for cv in await ChecklistVersion.filter(checklist_id__in=list(ids) or [""]).order_by("version"):
        was = out.get(cv.checklist_id)
        titles = {SOURCE_LANGUAGE: cv.title, **{lang: text["title"] for lang, text
                                                in cv.content.get("translations", {}).items() if text.get("title")}}
        out[cv.checklist_id] = Checklist(titles, cv.active or bool(was and was.active))
    return out


async def last_audits(schedules: list[Schedule]) -> dict[tuple[str, str], LastAudit]:
    """The last submitted audit of each schedule's (building, checklist) pair."""
    buildings = list({s.building_id for s in schedules})  # type: ignore[attr-defined]
    if not buildings:
        return {}
    rows = await Audit.filter(building_id__in=buildings, submitted_at__isnull=False) \
        .order_by("submitted_at").values("id", "title", "submitted_at", "building_id", "checklist__checklist_id")
    out: dict[tuple[str, str], LastAudit] = {}
    for row in rows:  # in order, so the last one wins
        out[(str(row["building_id"]), row["checklist__checklist_id"])] = LastAudit(
            str(row["id"]), row["title"], row["submitted_at"])
    return out


@dataclass(frozen=True)
class Standing:
    schedule: Schedule
    checklist: Checklist
    last: LastAudit | None
    due: due.Standing | None  # None: paused

    @property
    def state(self) -> str:
        return self.due.state if self.due else "paused"


async def standings(schedules: list[Schedule], on: date | None = None) -> list[Standing]:
    """Where each schedule stands on a day (today, UTC, unless given), soonest due first, paused last."""
    on = on or due.today()
    checklists = await _checklists({s.checklist_id for s in schedules})
    lasts = await last_audits(schedules)
    out = []
    for s in schedules:
        checklist = checklists.get(s.checklist_id, Checklist({SOURCE_LANGUAGE: s.checklist_id}, False))
        last = lasts.get((str(s.building_id), s.checklist_id))  # type: ignore[attr-defined]
        standing = None
        if checklist.active:
            day = due.next_due(s.interval_months, last_submitted=last.submitted_at if last else None,
                               created=s.created_at)
            standing = due.standing(day, on)
        out.append(Standing(s, checklist, last, standing))
    return sorted(out, key=lambda x: (x.due is None, x.due.due_on if x.due else date.max, x.schedule.building.code))


def schedule_json(st: Standing, lang: str | None = None) -> dict[str, Any]:
    """A schedule as the API gives it, its checklist's title in `lang` (English where it has none)."""
    s = st.schedule
    return {
        "id": str(s.id), "building": building_ref(s.building), "campus": campus_ref(s.building.campus),
        "checklist": {"id": s.checklist_id, "title": st.checklist.title(lang)}, "interval_months": s.interval_months,
        "responsible": person(s.responsible), "created_at": clock.iso(s.created_at),
        "state": st.state, "paused_reason": None if st.due else "checklist_archived",
        "due_on": st.due.due_on.isoformat() if st.due else None,
        "days_left": st.due.days_left if st.due else None,
        "last_audit": {"id": st.last.id, "title": st.last.title,
                       "submitted_on": due.utc_day(st.last.submitted_at).isoformat()} if st.last else None,
    }


async def plan_for(st: Standing) -> dict[str, Any]:
    """What "Plan this audit" fills in: the pair, the spaces of its last audit (all the building's spaces when
    there is none) and its last team, less anyone who can no longer walk audits."""
    s = st.schedule
    if st.last is None:
        spaces = await Space.filter(building_id=s.building_id).values_list("id", flat=True)  # type: ignore[attr-defined]
        team: list[str] = []
    else:
        spaces = await AuditSpace.filter(audit_id=st.last.id).order_by("position").values_list("space_id", flat=True)
        members = await AuditMember.filter(audit_id=st.last.id).values_list("user_id", flat=True)
        active = set(await User.filter(id__in=list(members), disabled=False).values_list("id", flat=True))
        roles: dict[str, set[str]] = {}
        for user_id, role in await UserRole.filter(user_id__in=list(active)).values_list("user_id", "role"):
            roles.setdefault(str(user_id), set()).add(role)
        team = [str(m) for m in members if "audit.conduct" in verbs_for(roles.get(str(m), set()))]
    return {"building_id": str(s.building_id), "checklist_id": s.checklist_id,  # type: ignore[attr-defined]
            "space_ids": [str(x) for x in spaces], "member_ids": team}

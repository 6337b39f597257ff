"""Setting, changing and removing schedules, with every rule about what a schedule may name.

A campus chosen instead of a building makes one schedule for each of its buildings that has none yet for that
checklist (the due list and the reminders speak of buildings); two schedules for the same building and
checklist are refused (409). A schedule whose checklist file is taken out of the folder stays, paused: it is not
due and sends no reminder (views.py says why), and it runs again if the checklist comes back.
"""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server import clock
from server.auth.permissions import Actor, verbs_for
from server.domain.schedules.due import INTERVAL_MAX, INTERVAL_MIN
from server.errors import Conflict, Invalid, NotFound
from server.models import Building, ChecklistVersion, Schedule, User, UserRole

RELATED = ("building__campus", "responsible")


async def get_schedule(schedule_id: Any) -> Schedule:
    try:
        uuid.UUID(str(schedule_id))
    except ValueError:
        raise NotFound("No such schedule.") from None
    schedule = await Schedule.get_or_none(id=schedule_id).prefetch_related(*RELATED)
    if schedule is None:
        raise NotFound("No such schedule.")
    return schedule


def check_interval(months: Any) -> int:
    """The interval in months, 1 to 120 (the API's schema says the same; the domain does not rely on it)."""
    if isinstance(months, bool) or not isinstance(months, int) or not INTERVAL_MIN <= months <= INTERVAL_MAX:
        raise Invalid(f"interval_months must be a whole number of months from {INTERVAL_MIN} to {INTERVAL_MAX}.",
                      field="interval_months")
    return months


async def _responsible(user_id: str) -> User:
    """An active person who may read schedules (a committee member or an administrator)."""
    user = await User.get_or_none(id=user_id, disabled=False)
    roles = await UserRole.filter(user_id=user_id).values_list("role", flat=True) if user else []
    if user is None or "schedule.read" not in verbs_for(roles):
        raise Invalid(f"responsible_id: {user_id} is not an active committee member or administrator.",
                      field="responsible_id")
    return user


async def _active_checklist(checklist_id: str) -> None:
    if not await ChecklistVersion.filter(checklist_id=checklist_id, active=True).exists():
        raise Invalid(f"checklist_id: there is no checklist {checklist_id!r} in use.", field="checklist_id")


async def _buildings(body: dict[str, Any]) -> list[Building]:
    building_id, campus_id = body.get("building_id"), body.get("campus_id")
    if bool(building_id) == bool(campus_id):
        raise Invalid("Name either a building (building_id) or a campus (campus_id), not both.",
                      field="building_id")
    if building_id:
        building = await Building.get_or_none(id=building_id)
        if building is None:
            raise Invalid("building_id: there is no such building.", field="building_id")
        return [building]
    buildings = await Building.filter(campus_id=campus_id).order_by("code")
    if not buildings:
        raise Invalid("campus_id: there is no such campus, or it has no buildings.", field="campus_id")
    return list(buildings)


async def create(actor: Actor, body: dict[str, Any]) -> list[Schedule]:
    """One schedule for a building, or one for each building of a campus that has none for this checklist."""
    months = check_interval(body["interval_months"])
    await _active_checklist(body["checklist_id"])
    responsible = await _responsible(str(body["responsible_id"]))
    buildings = await _buildings(body)
    taken = set(await Schedule.filter(building_id__in=[b.id for b in buildings], checklist_id=body["checklist_id"])
                .values_list("building_id", flat=True))
    wanted = [b for b in buildings if b.id not in taken]
    if not wanted:
        what = "This building" if len(buildings) == 1 else "Every building of this campus"
        raise Conflict(f"{what} already has a schedule for the checklist {body['checklist_id']!r}.",
                       field="building_id" if body.get("building_id") else "campus_id")
    now = clock.now()
    try:
        async with in_transaction():
            made = [await Schedule.create(id=uuid.uuid4(), building=b, checklist_id=body["checklist_id"],
                                          interval_months=months, responsible=responsible,
                                          created_by_id=actor.user_id, created_at=now) for b in wanted]
    except IntegrityError:  # someone else scheduled the same pair a moment ago
        raise Conflict("A schedule for this building and checklist already exists.", field="building_id") from None
    return [await get_schedule(s.id) for s in made]


async def update(schedule: Schedule, body: dict[str, Any]) -> Schedule:
    """Change the interval or the responsible member (the pair itself is the schedule's identity)."""
    if "interval_months" in body:
        schedule.interval_months = check_interval(body["interval_months"])
    if "responsible_id" in body:
        schedule.responsible = await _responsible(str(body["responsible_id"]))
    await schedule.save()
    return await get_schedule(schedule.id)


async def remove(schedule: Schedule) -> None:
    await schedule.delete()  # its reminders go with it


async def responsibles() -> list[dict[str, str]]:
    """Active people who may be responsible for a schedule (committee and administrators), by name."""
    roles = [role for role in ("admin", "committee") if "schedule.read" in verbs_for([role])]
    ids = await UserRole.filter(role__in=roles).values_list("user_id", flat=True)
    return [{"id": str(u.id), "name": u.name}
            for u in await User.filter(id__in=list(set(ids)), disabled=False).order_by("name")]


async def all_schedules(*, mine: str = "") -> list[Schedule]:
    """Every schedule (only those `mine` is responsible for, when given)."""
    query = Schedule.all()
    if mine:
        query = query.filter(responsible_id=mine)
    return list(await query.prefetch_related(*RELATED))

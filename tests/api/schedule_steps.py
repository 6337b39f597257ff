"""What the schedule tests share: a schedule's body, audit histories, and the due rule written out again."""

from __future__ import annotations

import calendar
import uuid
from datetime import date, datetime
from typing import Any

from server.models import Audit, AuditMember, AuditSpace, ChecklistVersion


def body(walk: Any, **extra: Any) -> dict[str, Any]:
    return {"building_id": walk.building["id"], "checklist_id": "small-walk", "interval_months": 12,
            "responsible_id": str(walk.people["committee"].user.id), **extra}


def months_later(day: date, months: int) -> date:
    """Written here again, apart from the app's rule, so the test checks it rather than repeats it."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


async def submitted_audit(walk: Any, building_id: str, when: datetime, spaces: list[str] | None = None) -> Audit:
    """An audit of the pair submitted at `when` (a generated history: only its dates matter to schedules)."""
    checklist = await ChecklistVersion.get(checklist_id="small-walk")
    audit = await Audit.create(id=uuid.uuid4(), title=f"Walk {when:%Y-%m-%d}", building_id=building_id,
                               checklist=checklist, status="submitted", submitted_at=when,
                               created_by_id=walk.people["committee"].user.id)
    await AuditMember.create(audit=audit, user_id=walk.people["auditor"].user.id)
    for i, space_id in enumerate(spaces or []):
        await AuditSpace.create(audit=audit, space_id=space_id, position=i)
    return audit

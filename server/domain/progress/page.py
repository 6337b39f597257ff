"""Whether the public progress page is on: off until an administrator turns it on, read fresh on every public
request so that turning it off takes effect at the next load of any open browser."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from server import clock
from server.auth.permissions import Actor
from server.domain.people.views import person
from server.models import ProgressPage

ROW = 1


async def is_on() -> bool:
    return await ProgressPage.filter(id=ROW, enabled=True).exists()


async def state() -> dict[str, Any]:
    row = await ProgressPage.get_or_none(id=ROW).prefetch_related("changed_by")
    if row is None:
        return {"enabled": False, "changed_at": None, "changed_by": None, "address": "/progress"}
    return {"enabled": row.enabled, "changed_at": clock.iso(row.changed_at), "changed_by": person(row.changed_by),
            "address": "/progress"}


async def turn(actor: Actor, enabled: bool) -> dict[str, Any]:
    """Turn the page on or off (the same answer again changes nothing but who and when)."""
    values = {"enabled": enabled, "changed_at": clock.now(), "changed_by_id": actor.user_id}
    if not await ProgressPage.filter(id=ROW).update(**values):
        try:
            await ProgressPage.create(id=ROW, **values)
        except IntegrityError:  # two administrators at once: the later write wins, as with the update
            await ProgressPage.filter(id=ROW).update(**values)
    return await state()

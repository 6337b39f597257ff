"""Deleting records that have done their work, on a schedule the server keeps itself.

What goes, and when:
- sessions: once past their expiry (a lapsed login cannot be used again anyway);
- set-password links: 30 days after they expired or were used, so a late click is still told why the link
  no longer works ("expired", "already used") rather than only that it is not valid;
- operation records (the answers remembered so a replayed request gets its first answer again): 30 days
  after they started, well past the session lifetime, so a phone offline for weeks still gets its answers;
  a replay after that is still harmless, since every record is written on its own id and the same values
  change nothing;
- login attempts: once older than the login window, as no limit counts them any more;
- community reports' daily address keys and counts: once their day (UTC) is over, so no count can be tied back
  to an address; photos uploaded for a report that was never sent: a day after their upload day, with their
  files (unless another photo has the same bytes).

Every deletion is by condition, so several server processes purging at once (or a purge run again) delete
nothing twice; a purge that fails is logged and tried again at the next interval.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import timedelta

from tortoise.expressions import Q

from server import clock
from server.auth import ratelimit, sessions
from server.background import run_every
from server.domain.community import limits as community_limits
from server.domain.community import public as community_public
from server.domain.sync import operations
from server.models import Invitation
from server.photos import PhotoStore
from server.settings import Settings

log = logging.getLogger("spaces_audit.housekeeping")

LINKS_KEPT = timedelta(days=30)
OPERATIONS_KEPT = timedelta(days=30)


async def purge(settings: Settings) -> dict[str, int]:
    """Delete every stale record of each kind; how many of each went."""
    now = clock.now()
    links_before = now - LINKS_KEPT
    return {
        "sessions": await sessions.purge_expired(),
        "invitations": await Invitation.filter(Q(expires_at__lt=links_before) | Q(used_at__lt=links_before))
        .delete(),
        "operations": await operations.purge(now - OPERATIONS_KEPT),
        "login_attempts": await ratelimit.purge(now - timedelta(minutes=settings.login_window_minutes)),
        **await community_limits.purge(),
        "community_photos": await community_public.purge_photos(PhotoStore(settings.uploads_dir)),
    }


_NAMES = {"sessions": ("expired session", "expired sessions"),
          "invitations": ("old set-password link", "old set-password links"),
          "operations": ("old operation record", "old operation records"),
          "login_attempts": ("old login attempt", "old login attempts"),
          "community_keys": ("old address key", "old address keys"),
          "community_counts": ("old rate count", "old rate counts"),
          "community_photos": ("unsent report photo", "unsent report photos")}


def describe(counts: dict[str, int]) -> str:
    """The counts in words, for the log and the `purge` command."""
    return ", ".join(f"{n} {_NAMES[kind][n != 1]}" for kind, n in counts.items())


async def scheduled_purge(settings: Settings) -> None:
    """One scheduled purge, logged."""
    counts = await purge(settings)
    log.log(logging.INFO if any(counts.values()) else logging.DEBUG, "Housekeeping deleted %s.", describe(counts))


def start(settings: Settings) -> asyncio.Task[None] | None:
    """The background purge for the app's lifespan, or None when SPACES_PURGE_INTERVAL_MINUTES is 0."""
    if not settings.purge_interval_minutes:
        return None
    return asyncio.create_task(run_every(settings.purge_interval_minutes * 60, lambda: scheduled_purge(settings)),
                               name="housekeeping")


async def stop(task: asyncio.Task[None] | None) -> None:
    """Cancel the background purge and wait until it has stopped (mid-query or asleep)."""
    if task is None:
        return
    task.cancel()
    try:
        await task
    except asyncio.CancelledError:
        # Our own cancellation; if the lifespan itself is being cancelled, let that go on.
        current = asyncio.current_task()
        if current is not None and current.cancelling():
            raise


"""Work the server repeats while it runs (the purge, community report mail, schedule reminders): one loop that
logs a failure and tries again next time, so a database or mail hiccup never ends the task, let alone the server."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

log = logging.getLogger("spaces_audit.background")


async def run_every(interval_seconds: float, work: Callable[[], Awaitable[object]], what: str = "Housekeeping",
                    wait_first: bool = False) -> None:
    """Run work every interval until cancelled. wait_first: sleep before the first run, so a server that starts
    and stops at once (a test, a failed deploy) never leaves a query in flight for work that is not urgent."""
    while True:
        if wait_first:
            await asyncio.sleep(interval_seconds)
        try:
            await work()
        except Exception:  # a database or mail hiccup must not end the task, let alone the server
            log.exception("%s failed; it will be tried again in %s seconds.", what, interval_seconds)
        if not wait_first:
            await asyncio.sleep(interval_seconds)

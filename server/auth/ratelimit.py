"""Limits on login attempts, per account and per client address, shared by all server processes."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from server import clock
from server.errors import RateLimited
from server.models import LoginAttempt


@dataclass(frozen=True)
class LoginLimits:
    max_failures: int
    max_attempts_per_client: int
    window_minutes: int


async def check(account: str, client: str, limits: LoginLimits) -> None:
    """Refuse with 429 (and when to retry) before a password is even checked."""
    now = clock.now()
    since = now - timedelta(minutes=limits.window_minutes)
    last_success = await LoginAttempt.filter(account=account, succeeded=True, at__gt=since) \
        .order_by("-at").first()
    failures_since = last_success.at if last_success else since
    failures = await LoginAttempt.filter(account=account, succeeded=False, at__gt=failures_since) \
        .order_by("at").values_list("at", flat=True)
    if len(failures) >= limits.max_failures:
        _refuse(failures[-limits.max_failures], limits, now, "this account")
    attempts = await LoginAttempt.filter(client=client, at__gt=since).order_by("at") \
        .values_list("at", flat=True)
    if len(attempts) >= limits.max_attempts_per_client:
        _refuse(attempts[-limits.max_attempts_per_client], limits, now, "this device")


def _refuse(oldest_counted: datetime, limits: LoginLimits, now: datetime, whom: str) -> None:
    retry = oldest_counted + timedelta(minutes=limits.window_minutes) - now
    seconds = max(1, math.ceil(retry.total_seconds()))
    minutes = math.ceil(seconds / 60)
    raise RateLimited(
        f"Too many login attempts for {whom}. Try again in {minutes} minute{'s' if minutes != 1 else ''}.",
        retry_after=seconds,
    )


async def record(account: str, client: str, succeeded: bool, limits: LoginLimits) -> None:
    now = clock.now()
    await LoginAttempt.create(account=account, client=client, succeeded=succeeded, at=now)
    # Old attempts carry no weight any more; dropping them keeps the table small.
    await LoginAttempt.filter(at__lt=now - timedelta(minutes=limits.window_minutes)).delete()

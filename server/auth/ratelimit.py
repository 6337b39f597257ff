"""Login limits, per account and client address together, kept in the database for every server process.

Built so that nobody can lock a person out by guessing at their account (OWASP's authentication guidance):

- One address, one account: after `max_failures` wrong passwords within the window (counted since that
  address last logged in to that account), that address is refused on that account until the oldest of them
  leaves the window.
- One address, any accounts: after `max_failures_per_client` failures within the window, that address is
  refused everywhere in the same way (one address trying a password on many accounts).
- One account, many addresses: once other addresses have failed `max_failures` times on the account within
  the window, an address that has itself failed on it (and not logged in to it since) waits before each
  next try: 1 second, doubling with every further failure from elsewhere, at most `max_delay_seconds`,
  counted from that address's own latest failure. An address that has not been failing on the account is
  never slowed, so the person's own phone logs in while others guess; and one person's own typos, from one
  phone, meet only the first limit.

Every check runs before the password is hashed, and a refused attempt is not recorded: a flood costs a few
indexed queries per request and cannot lengthen its own wait.
"""

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
    max_failures_per_client: int
    window_minutes: int
    max_delay_seconds: int

    @property
    def window(self) -> timedelta:
        return timedelta(minutes=self.window_minutes)


def account_delay(failures: int, limits: LoginLimits) -> timedelta:
    """How long an address that failed on an account waits, given the failures on it from other addresses."""
    if failures < limits.max_failures:
        return timedelta(0)
    doublings = min(failures - limits.max_failures, 30)  # 2**30 s is far past any cap; no huge numbers
    return timedelta(seconds=min(2 ** doublings, limits.max_delay_seconds))


async def admit(account: str, client: str, limits: LoginLimits) -> int:
    """Record an attempt as failed until proven otherwise, or refuse (429) before any hashing; its id."""
    now = clock.now()
    _refuse_if_waiting(await _wait(account, client, limits, now), now)  # the cheap refusal: nothing written
    attempt = await LoginAttempt.create(account=account, client=client, succeeded=False, at=now)
    # Requests sent at the same moment all passed the check above. Checking again, each counting the
    # others' rows, lets none of them past a limit: at worst all of them are refused.
    wait = await _wait(account, client, limits, now, exclude=attempt.id)
    if wait is not None:
        await LoginAttempt.filter(id=attempt.id).delete()
        _refuse_if_waiting(wait, now)
    return attempt.id


async def succeeded(attempt_id: int) -> None:
    """The password was right: this address starts over on this account and is no longer slowed on it."""
    await LoginAttempt.filter(id=attempt_id).update(succeeded=True)


async def purge(made_before: datetime) -> int:
    """Forget attempts made before this time (no limit counts an attempt older than its window)."""
    return await LoginAttempt.filter(at__lt=made_before).delete()


@dataclass(frozen=True)
class _Wait:
    until: datetime
    because: str


async def _wait(account: str, client: str, limits: LoginLimits, now: datetime,
                exclude: int | None = None) -> _Wait | None:
    """The longest wait any limit asks of this address for this account, or None."""
    since = now - limits.window
    recent = LoginAttempt.filter(at__gt=since)
    if exclude is not None:
        recent = recent.exclude(id=exclude)
    waits: list[_Wait] = []
    # This address on this account, newest first; only failures since its last success count.
    pair = await recent.filter(account=account, client=client).order_by("-at", "-id") \
        .values_list("at", "succeeded")
    failures: list[datetime] = []
    for at, ok in pair:
        if ok:
            break
        failures.append(at)
    if len(failures) >= limits.max_failures:
        waits.append(_Wait(failures[limits.max_failures - 1] + limits.window,
                           "Too many wrong passwords for this account from this device."))
    # This address on any account: the failure that keeps it at the limit, if there are that many.
    at_limit = await recent.filter(client=client, succeeded=False).order_by("-at", "-id") \
        .offset(limits.max_failures_per_client - 1).first().values_list("at", flat=True)
    if at_limit is not None:
        waits.append(_Wait(at_limit + limits.window, "Too many failed logins from this device."))
    # An account failing from many addresses slows down those of them that have been failing on it.
    if failures:
        elsewhere = await recent.filter(account=account, succeeded=False).exclude(client=client).count()
        delay = account_delay(elsewhere, limits)
        if delay:
            waits.append(_Wait(failures[0] + delay, "Too many failed logins on this account."))
    waits = [w for w in waits if w.until > now]
    return max(waits, key=lambda w: w.until) if waits else None


def _refuse_if_waiting(wait: _Wait | None, now: datetime) -> None:
    if wait is None:
        return
    seconds = max(1, math.ceil((wait.until - now).total_seconds()))
    raise RateLimited(f"{wait.because} Try again in {_say(seconds)}.", retry_after=seconds)


def _say(seconds: int) -> str:
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"

"""Abuse limits on the public routes that remember nobody: daily counts in buckets, never an address.

A client address is only ever used as HMAC-SHA256(today's key, address). The day's key is random, made on
first use (the first of several processes to insert it wins; the others read it) and deleted with the day's
counts by the purge once the day is over, after which no count can be tied back to an address even by
someone holding the database and a list of every address. IPv6 addresses count by their /64 network, which
one household or phone usually holds whole.

Buckets (each counted per UTC day): reports per address, per space and overall; photos, messages and
follow-up failures per address. A count is taken with one upsert that raises it only while under the limit,
so several processes cannot together pass a limit.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import secrets
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from server import clock
from server.domain.community.text import PublicError
from server.models import DailyKey, RateCount
from server.settings import Settings

PHOTOS_PER_REPORT = 3


def today() -> date:
    """Public actions are dated to the (UTC) day: a precise time could single a reporter out."""
    return clock.now().date()


def seconds_to_tomorrow() -> int:
    now = clock.now()
    midnight = datetime.combine(now.date() + timedelta(days=1), time(), tzinfo=now.tzinfo)
    return max(1, int((midnight - now).total_seconds()) + 1)


@dataclass(frozen=True)
class Limits:
    reports_per_client: int
    reports_per_space: int
    reports_per_day: int
    follow_failures_per_client: int
    messages_per_client: int

    @property
    def photos_per_client(self) -> int:
        return self.reports_per_client * PHOTOS_PER_REPORT

    @classmethod
    def from_settings(cls, s: Settings) -> Limits:
        return cls(s.community_reports_per_client, s.community_reports_per_space, s.community_reports_per_day,
                   s.community_follow_failures_per_client, s.community_messages_per_client)


async def _daily_key(day: date) -> bytes:
    row = await DailyKey.get_or_none(day=day)
    if row is None:
        try:
            row = await DailyKey.create(day=day, key=secrets.token_hex(32))
        except IntegrityError:
            row = await DailyKey.get(day=day)  # another process made today's key first: use theirs
    return bytes.fromhex(row.key)


def _network(address: str) -> str:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:100]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


async def client_tag(address: str | None) -> str:
    """The address as today's keyed hash (64 hex digits); the address itself goes no further."""
    key = await _daily_key(today())
    return hmac.new(key, _network(address or "unknown").encode(), hashlib.sha256).hexdigest()


def _refused(key: str, lang: str) -> PublicError:
    wait = seconds_to_tomorrow()
    return PublicError(429, "rate_limited", key, lang, retry_after=wait)


# One statement counts in a bucket or refuses: made if missing, raised only while under the limit (the WHERE of
# the upsert), so racing requests and processes can neither lose a count nor pass the limit together.
_UPSERT = ("INSERT INTO rate_counts (bucket, day, count) VALUES ({0}, {1}, 1) ON CONFLICT (bucket, day) DO UPDATE "
           "SET count = rate_counts.count + 1 WHERE rate_counts.count < {2} RETURNING count")


async def _take_one(bucket: str, day: date, limit: int) -> bool:
    """Count one in the bucket if it is under the limit; whether it was."""
    if limit < 1:
        return False
    conn = RateCount._meta.db  # the current transaction's connection, when there is one
    if conn.capabilities.dialect == "postgres":
        rows = await conn.execute_query_dict(_UPSERT.format("$1", "$2", "$3"), [bucket, day, limit])
    else:
        rows = await conn.execute_query_dict(_UPSERT.format("?", "?", "?"), [bucket, day.isoformat(), limit])
    return bool(rows)  # the row inserted or raised; none when the bucket is full


async def take(buckets: list[tuple[str, int, str]], lang: str) -> None:
    """Count one in every (bucket, limit, message key), or in none of them: 429 naming the first that is full.
    Inside the caller's transaction, a refusal later in it (or any failure) gives the counts back too."""
    day = today()
    async with in_transaction():
        for bucket, limit, message in buckets:
            if not await _take_one(bucket, day, limit):
                raise _refused(message, lang)


async def count(bucket: str) -> int:
    row = await RateCount.get_or_none(bucket=bucket, day=today())
    return row.count if row else 0


async def refuse_if_full(bucket: str, limit: int, message: str, lang: str) -> None:
    """429 when the bucket has reached its limit (counting nothing)."""
    if await count(bucket) >= limit:
        raise _refused(message, lang)


async def add(bucket: str) -> None:
    """Count one, without a limit (follow-up failures: the check before the try is what refuses)."""
    await _take_one(bucket, today(), 2**31 - 1)


# Bucket names: short prefixes, then a client tag (64 hex) or a space id (36) -- within RateCount.bucket's 80.
def reports_by(client: str) -> str:
    return f"report:{client}"


def reports_at(space_id: str) -> str:
    return f"space:{space_id}"


REPORTS_ALL = "reports"


def photos_by(client: str) -> str:
    return f"photo:{client}"


def messages_by(client: str) -> str:
    return f"message:{client}"


def failures_by(client: str) -> str:
    return f"follow:{client}"


async def purge() -> dict[str, int]:
    """Delete the keys and counts of days that are over: after this, yesterday's counts name nobody."""
    day = today()
    return {"community_keys": await DailyKey.filter(day__lt=day).delete(),
            "community_counts": await RateCount.filter(day__lt=day).delete()}

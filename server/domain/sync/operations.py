"""The operation log: the first answer to each operation id, given again to every replay of it.

Record ids already make writes idempotent; the operation log adds the same answer (status and body) for a
replay, even when two copies arrive at once (two tabs, a retry racing the original): the first claims the
id, the second waits for its answer. A claim left by a crashed request expires so the phone can try again.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from tortoise.exceptions import IntegrityError

from server import clock
from server.errors import Conflict
from server.models import Operation

STALE_AFTER = timedelta(seconds=60)
WAIT_STEP_SECONDS = 0.05
WAIT_LIMIT_SECONDS = 30.0


@dataclass(frozen=True)
class Answer:
    status: int
    body: Any


def key_for(user_id: str, operation_id: str) -> str:
    return f"{user_id}:{operation_id}"


async def claim(key: str, method: str, path: str) -> Answer | None:
    """None: this request is the first and must run, then call finish(). Otherwise the first answer."""
    waited = 0.0
    while True:
        try:
            await Operation.create(key=key, method=method, path=path[:300], started_at=clock.now())
            return None
        except IntegrityError:
            pass
        found = await Operation.get_or_none(key=key)
        if found is None:
            continue  # an expired claim was just released: try again
        if found.done:
            return answer_of(found, method, path)
        if (found.method, found.path) != (method, path[:300]):
            raise Conflict("This operation id was already used for a different request.", field="Idempotency-Key")
        if clock.now() - found.started_at > STALE_AFTER:
            await Operation.filter(key=key, done=False).delete()
            continue
        if waited >= WAIT_LIMIT_SECONDS:
            raise Conflict("The first copy of this operation is still running; try again shortly.",
                           field="Idempotency-Key")
        await asyncio.sleep(WAIT_STEP_SECONDS)
        waited += WAIT_STEP_SECONDS


async def lookup(keys: list[str]) -> dict[str, Operation]:
    """The operation log's entries for these keys (one query: a batch learns at once what it has already run)."""
    return {op.key: op for op in await Operation.filter(key__in=keys)} if keys else {}


def answer_of(found: Operation, method: str, path: str) -> Answer:
    """A finished operation's first answer, for a replay of it; another request under its id is refused."""
    if (found.method, found.path) != (method, path[:300]):
        raise Conflict("This operation id was already used for a different request.", field="Idempotency-Key")
    return Answer(found.status or 200, found.body)


def running_elsewhere(found: Operation) -> bool:
    """Claimed by a request still running (a copy of the same operation): not finished, not expired."""
    return not found.done and clock.now() - found.started_at <= STALE_AFTER


async def record(answered: list[tuple[str, str, str, Answer]]) -> None:
    """Remember many operations as finished, with their answers, in one statement (key, method, path, answer).
    Inside the transaction that applied them: they count as run exactly when their changes are kept. A copy
    that claimed one of the keys meanwhile makes this raise IntegrityError (and the transaction roll back)."""
    if answered:
        now = clock.now()
        await Operation.bulk_create([Operation(key=key, method=method, path=path[:300], started_at=now, done=True,
                                               status=answer.status, body=answer.body)
                                     for key, method, path, answer in answered])


async def finish(key: str, status: int, body: Any) -> None:
    await Operation.filter(key=key).update(done=True, status=status, body=body)


async def release(key: str) -> None:
    """The request failed in a way a retry may fix (a server error): forget the claim."""
    await Operation.filter(key=key, done=False).delete()


async def purge(started_before: datetime) -> int:
    """Forget operations started before this time (each finishes within seconds of starting)."""
    return await Operation.filter(started_at__lt=started_before).delete()

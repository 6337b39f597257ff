"""Many small writes in one request (answers, findings, skips, transitions), for a phone emptying its outbox.

Each operation is answered exactly as if it had been sent alone (the same route, access check, validation and
answer), in order, and goes through the operation log (its id is its Idempotency-Key), so a batch sent twice
changes nothing the second time. What a batch shares is paid once: the session is looked up once, each audit
and its team are read once (access.checked_once), and the operations of one audit are written in one
transaction, answers in a few statements whatever their number (answer_batch.py). An operation that is refused
is rolled back alone and answered with its own error; the others go on.

Photos are not batched: they go one by one (two at a time from the phone).
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from tortoise.exceptions import DoesNotExist, IntegrityError
from tortoise.transactions import in_transaction

from server.api import audits as audit_routes
from server.domain.audits import access, answer_batch
from server.domain.sync import operations
from server.errors import DomainError, Invalid, NotFound
from server.http import batch_ops
from server.http.batch_ops import Op
from server.http.routing import LOGGED_IN, ApiRoute, Call
from server.schema import AnyJson, Body

# The phone sends at most 100 changes at a time (web/js/sync/outbox-send.js); more than this is refused whole,
# before anything runs, so one request never holds the database for long.
MAX_OPERATIONS = 200
BATCH = Body({"operations": AnyJson('[{"id": uuid, "method": "PUT", "path": "/api/responses/<id>", '
                                    f'"body": {{...}}}}, ...] (at most {MAX_OPERATIONS})')})
_routes: list[Any] = []  # built from server.api.ROUTES on first use (batch_ops.route_table)


@dataclass
class _Unit:
    """Consecutive operations of one audit (or of none named): applied in one transaction."""

    audit_id: str | None
    ops: list[Op]


def _units(ops: list[Op]) -> list[_Unit]:
    units: list[_Unit] = []
    for op in ops:
        if op.result is not None:
            continue  # refused before running (no such route, not allowed): nothing to apply
        named = op.audit_id
        if units and (named is None or named == units[-1].audit_id or units[-1].audit_id is None):
            units[-1].ops.append(op)
            units[-1].audit_id = units[-1].audit_id or named
        else:
            units.append(_Unit(named, [op]))
    return units


async def run_batch(call: Call) -> dict[str, Any]:
    raw = call.body["operations"]
    if not isinstance(raw, list) or not 1 <= len(raw) <= MAX_OPERATIONS:
        count = f" (this one has {len(raw)})" if isinstance(raw, list) and raw else ""
        raise Invalid(f"operations must be a list of 1 to {MAX_OPERATIONS} operations{count}: send more in "
                      "several batches.", field="operations")
    ops = [batch_ops.check(index, op, call.me) for index, op in enumerate(raw)]
    for op in ops:
        batch_ops.route(op, _route_table(), call)
    logged = await operations.lookup([op.key for op in ops if op.result is None])
    for unit in _units(ops):
        await _run_unit(call, unit, logged)
    return {"results": [{"id": op.id, "status": op.result[0], "body": op.result[1]}  # type: ignore[index]
                        for op in ops]}


def _route_table() -> list[Any]:
    if not _routes:
        from server.api import ROUTES  # the table this module is part of

        _routes.extend(batch_ops.route_table(ROUTES))
    return _routes


async def _run_unit(call: Call, unit: _Unit, logged: dict[str, Any]) -> None:
    if any(op.key in logged and operations.running_elsewhere(logged[op.key]) for op in unit.ops):
        await _one_by_one(call, unit)  # another copy is running: each waits for its first answer, as alone
        return
    try:
        async with in_transaction():
            with access.checked_once():
                answered = await _apply(call, unit, logged)
                await operations.record(answered)
    except (IntegrityError, DoesNotExist):
        # A copy of one of these operations (or a change to the same record) raced this batch: nothing of the
        # unit was kept; each operation is run again on its own, as if sent alone.
        await _one_by_one(call, unit)


async def _one_by_one(call: Call, unit: _Unit) -> None:
    with access.checked_once():
        for op in unit.ops:
            op.result = await batch_ops.run_alone(call, op)


async def _apply(call: Call, unit: _Unit, logged: dict[str, Any]) -> list[tuple[str, str, str, operations.Answer]]:
    """Run the unit's operations in order (answers in runs, the rest one at a time); the answers to remember."""
    answered: list[tuple[str, str, str, operations.Answer]] = []
    ops = unit.ops
    start = 0
    while start < len(ops):
        op = ops[start]
        if op.key in logged:
            op.result = batch_ops.replayed(logged[op.key], op, call)
            start += 1
            continue
        end = start
        while end < len(ops) and _is_answer(ops[end]) and ops[end].key not in logged:
            end += 1
        run = ops[start:end] if end > start else [op]
        if end > start:
            await _answers(call, run)
        else:
            await batch_ops.run_in_savepoint(call, op)
        answered += [(o.key, o.method, o.path, operations.Answer(*o.result)) for o in run  # type: ignore[misc]
                     if o.remember]
        start += len(run)
    return answered


def _is_answer(op: Op) -> bool:
    route: ApiRoute = op.route  # type: ignore[assignment]
    return route.handler is audit_routes.put_response


async def _answers(call: Call, run: list[Op]) -> None:
    puts: list[tuple[Op, answer_batch.Put]] = []
    for op in run:
        try:
            body = op.route.body.parse(op.body, partial=False)  # type: ignore[union-attr]
        except DomainError as exc:
            batch_ops.refused(op, exc, call)
            continue
        try:
            response_id = str(uuid.UUID(op.params["id"]))
        except ValueError:  # as path_id says for the request alone
            batch_ops.refused(op, NotFound("Nothing exists at this address."), call)
            continue
        puts.append((op, answer_batch.Put(response_id, body)))
    outcomes = await answer_batch.put_responses(call.me, [put for _, put in puts])
    for (op, _), outcome in zip(puts, outcomes, strict=True):
        if isinstance(outcome, DomainError):
            batch_ops.refused(op, outcome, call)
        else:
            data, created = outcome
            op.result, op.remember = (201 if created else 200, data), True


# Anyone logged in may send a batch: each operation inside is checked as if sent alone (facilities send finding
# transitions and comments from their outbox too).
ROUTES = [
    ApiRoute("POST", "/batch", run_batch, "Send many audit, answer and finding writes at once, in order; each "
             "is answered as if sent alone.", LOGGED_IN, body=BATCH, response="BatchResult", errors=(422,)),
]

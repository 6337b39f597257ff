"""One operation of a batch (server/api/batch.py) as the request it stands for: checked, routed, access-checked
and run exactly as the same request sent alone would be, with the batch's caller (its session was looked up
once, for the batch)."""

from __future__ import annotations

import json
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.routing import Match, Route
from starlette.types import Message, Scope
from tortoise.transactions import in_transaction

from server.auth.permissions import Actor
from server.domain.audits import access
from server.domain.sync import operations
from server.errors import DomainError, Invalid
from server.http import problems
from server.http.routing import ApiRoute, Call, check_access, json_of, run_logged, run_route
from server.models import Operation

BATCHABLE = re.compile(r"^/api/(audits|responses|findings)/[0-9a-fA-F-]{36}(/[\w-]+(/[0-9a-fA-F-]{36})?)?$")
METHODS = ("PUT", "POST", "PATCH", "DELETE")


@dataclass
class Op:
    """An operation of the batch, and (once answered) its result: (status, body)."""

    index: int
    id: str
    method: str
    path: str
    body: Any
    key: str  # its operation log key
    route: ApiRoute | None = None
    params: dict[str, Any] = field(default_factory=dict)
    result: tuple[int, Any] | None = None
    remember: bool = False  # the operation log keeps its answer (as for the same request sent alone)

    @property
    def audit_id(self) -> str | None:
        """The audit it writes to, when its address or body says (answers, findings, the audit's own routes)."""
        named = self.body.get("audit_id") if isinstance(self.body, dict) else None
        if named is None and self.path.startswith("/api/audits/"):
            named = self.params.get("id")
        try:
            return str(uuid.UUID(str(named))) if named is not None else None
        except ValueError:
            return None


def check(index: int, op: Any, actor: Actor) -> Op:
    where = f"operations[{index}]"
    if not isinstance(op, dict) or set(op) - {"id", "method", "path", "body"}:
        raise Invalid(f"{where} must be an object with id, method, path and body.", field=where)
    try:
        op_id = str(uuid.UUID(str(op.get("id"))))
    except ValueError:
        raise Invalid(f"{where}.id must be a UUID.", field=f"{where}.id") from None
    method, path = op.get("method"), op.get("path")
    if method not in METHODS:
        raise Invalid(f"{where}.method must be one of {', '.join(METHODS)}.", field=f"{where}.method")
    if not isinstance(path, str) or not BATCHABLE.match(path):
        raise Invalid(f"{where}.path must be an audit, response or finding address.", field=f"{where}.path")
    return Op(index, op_id, method, path, op.get("body"), operations.key_for(actor.user_id, op_id))


def route_table(routes: list[ApiRoute]) -> list[tuple[Route, ApiRoute]]:
    return [(Route(r.path, _unused, methods=[r.method]), r) for r in routes]


async def _unused(request: Request) -> None:  # pragma: no cover - the batch calls the ApiRoute, not this
    raise NotImplementedError


def _scope(op: Op, call: Call) -> Scope:
    # The full path under the /api root, as when the operation is sent alone: the operation log keys on it, so
    # an operation first tried alone and then in a batch (or the other way) is recognised as the same one.
    headers = [(b"content-type", b"application/json")]
    return {"type": "http", "method": op.method, "path": op.path, "root_path": "/api", "query_string": b"",
            "headers": headers, "app": call.request.app, "client": call.request.client,
            "path_params": dict(op.params)}


def request_of(op: Op, call: Call) -> Request:
    raw = b"" if op.body is None else json.dumps(op.body).encode()

    async def receive() -> Message:
        return {"type": "http.request", "body": raw, "more_body": False}

    return Request(_scope(op, call), receive)


def route(op: Op, table: list[tuple[Route, ApiRoute]], call: Call) -> None:
    """Find the operation's route as the router would (a path known for another method is 405, else 404) and
    check the caller may use it; a refusal is the operation's result."""
    scope = {"type": "http", "method": op.method, "path": op.path, "root_path": "/api"}
    partial = False
    for candidate, api_route in table:
        match, child = candidate.matches(scope)
        if match == Match.FULL:
            op.route, op.params = api_route, dict(child.get("path_params", {}))
            break
        partial = partial or match == Match.PARTIAL
    try:
        if op.route is None:
            raise HTTPException(405 if partial else 404)
        check_access(op.route, call.me)
    except problems.EXPECTED as exc:
        op.result = _answer(exc, op, call)


def _answer(exc: Exception, op: Op, call: Call) -> tuple[int, Any]:
    answer = problems.answer(exc, request_of(op, call))
    return answer.status, answer.body


def refused(op: Op, exc: DomainError, call: Call) -> None:
    """Refused by the domain: answered with its own error, remembered as the same request alone would be."""
    op.result, op.remember = _answer(exc, op, call), True


def replayed(found: Operation, op: Op, call: Call) -> tuple[int, Any]:
    try:
        answer = operations.answer_of(found, op.method, op.path)
    except DomainError as exc:
        return _answer(exc, op, call)
    return answer.status, answer.body


async def run_in_savepoint(call: Call, op: Op) -> None:
    """Inside the unit's transaction: a refusal rolls back this operation's writes only."""
    request = request_of(op, call)
    try:
        async with in_transaction():
            response = await run_route(op.route, request, call.me, call.settings)  # type: ignore[arg-type]
    except DomainError as exc:
        access.forget_checked()
        refused(op, exc, call)
        return
    except problems.EXPECTED as exc:  # answered as alone, and not remembered (a retry may succeed)
        access.forget_checked()
        op.result = _answer(exc, op, call)
        return
    op.result, op.remember = (response.status_code, json_of(response)), True


async def run_alone(call: Call, op: Op) -> tuple[int, Any]:
    """Exactly as the request sent alone (claiming its operation id, waiting for a copy still running)."""
    request = request_of(op, call)
    try:
        response = await run_logged(op.route, request, call.me, call.settings, op.key)  # type: ignore[arg-type]
    except problems.EXPECTED as exc:
        access.forget_checked()
        return _answer(exc, op, call)
    return response.status_code, json_of(response)

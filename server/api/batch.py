"""Many small writes in one request (answers, findings, skips, transitions), for a phone emptying its outbox.

Each operation runs exactly as if it had been sent alone: the same route, access check and validation, and
the operation log (its id is its Idempotency-Key), so a batch sent twice changes nothing the second time.
Photos are not batched: they go one by one.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Match, Route
from starlette.types import Message, Scope

from server.errors import Invalid
from server.http import problems
from server.http.routing import IDEMPOTENCY_HEADER, LOGGED_IN, ApiRoute, Call, json_of, starlette_routes
from server.schema import AnyJson, Body

MAX_OPERATIONS = 200
BATCHABLE = re.compile(r"^/api/(audits|responses|findings)/[0-9a-fA-F-]{36}(/[\w-]+(/[0-9a-fA-F-]{36})?)?$")
METHODS = ("PUT", "POST", "PATCH", "DELETE")
BATCH = Body({"operations": AnyJson('[{"id": uuid, "method": "PUT", "path": "/api/responses/<id>", '
                                    '"body": {...}}, ...] (at most 200)')})
log = logging.getLogger("spaces_audit")
_routes: list[Route] = []


def _api_routes() -> list[Route]:
    if not _routes:
        from server.api import ROUTES  # the table this module is part of

        _routes.extend(starlette_routes(ROUTES))
    return _routes


def _check(index: int, op: Any) -> tuple[str, str, str, Any]:
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
    return op_id, method, path, op.get("body")


async def _dispatch(outer: Request, op_id: str, method: str, path: str, body: Any) -> tuple[int, Any]:
    raw = b"" if body is None else json.dumps(body).encode()
    headers = [(b"content-type", b"application/json"), (IDEMPOTENCY_HEADER.lower().encode(), op_id.encode())]
    if "cookie" in outer.headers:
        headers.append((b"cookie", outer.headers["cookie"].encode()))
    # The full path under the /api root, as when the operation is sent alone: the operation log keys on it, so
    # an operation first tried alone and then in a batch (or the other way) is recognised as the same one.
    scope: Scope = {"type": "http", "method": method, "path": path, "root_path": "/api",
                    "query_string": b"", "headers": headers, "app": outer.app, "client": outer.client}

    async def receive() -> Message:
        return {"type": "http.request", "body": raw, "more_body": False}

    request = Request(scope, receive)
    try:
        response = await _endpoint(scope)(request)
    except problems.EXPECTED as exc:
        # Answered exactly as the same request sent alone would be. Anything else fails the whole batch (500),
        # so no later operation runs before this one is tried again.
        answer = problems.answer(exc, request)
        return answer.status, answer.body
    return response.status_code, json_of(response)


def _endpoint(scope: Scope) -> Callable[[Request], Awaitable[Response]]:
    """The route's endpoint, as the router would choose it: a path known for another method is 405, else 404."""
    partial = False
    for route in _api_routes():
        match, child = route.matches(scope)
        if match == Match.FULL:
            scope.update(child)
            return route.endpoint
        partial = partial or match == Match.PARTIAL
    raise HTTPException(405 if partial else 404)


async def run_batch(call: Call) -> dict[str, Any]:
    ops = call.body["operations"]
    if not isinstance(ops, list) or not 1 <= len(ops) <= MAX_OPERATIONS:
        raise Invalid(f"operations must be a list of 1 to {MAX_OPERATIONS} operations.", field="operations")
    checked = [_check(i, op) for i, op in enumerate(ops)]
    results = []
    for op_id, method, path, body in checked:
        status, answer = await _dispatch(call.request, op_id, method, path, body)
        results.append({"id": op_id, "status": status, "body": answer})
    return {"results": results}


# Anyone logged in may send a batch: each operation inside is checked as if sent alone (facilities send finding
# transitions and comments from their outbox too).
ROUTES = [
    ApiRoute("POST", "/batch", run_batch, "Send many audit, answer and finding writes at once, in order; each "
             "is answered as if sent alone.", LOGGED_IN, body=BATCH, response="BatchResult", errors=(422,)),
]

"""Any exception as the API's answer: the one JSON error shape, with the status server/errors.py gives its code.

The app's exception handlers and the batch endpoint both answer through answer(), so an operation inside a
batch gets exactly the body and status it would get if it were sent alone.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from tortoise.exceptions import DoesNotExist, IntegrityError

from server.domain.community import text as public_text
from server.errors import FOR_STATUS, Conflict, DomainError, NotFound, problem
from server.http.routing import MAX_JSON_BYTES, human_size

log = logging.getLogger("spaces_audit")
# What a request can meet in the ordinary course; anything else is a bug, answered 500 `internal` and logged.
EXPECTED = (DomainError, HTTPException, DoesNotExist, IntegrityError)
# Starlette's router says only "Not Found" or "Method Not Allowed": the registry's wording says more.
_ROUTING = frozenset({404, 405})


@dataclass(frozen=True)
class Answer:
    status: int
    body: dict[str, Any]
    headers: dict[str, str] = field(default_factory=dict)


def answer(exc: Exception, request: Request) -> Answer:
    if isinstance(exc, HTTPException):
        code = FOR_STATUS.get(exc.status_code) or ("bad_request" if exc.status_code < 500 else "internal")
        message = problem(code).message if exc.status_code in _ROUTING else str(exc.detail)
        return Answer(exc.status_code, DomainError(message, code=code).body(), dict(exc.headers or {}))
    error = _as_domain_error(exc, request)
    headers = {"retry-after": str(error.extra["retry_after"])} if "retry_after" in error.extra else {}
    return Answer(error.status, error.body(), headers)


def _as_domain_error(exc: Exception, request: Request) -> DomainError:
    if isinstance(exc, DomainError):
        # A reporter reads the public routes' refusals in their own language, including those raised before the
        # handler could word them (a body too large, not JSON).
        return public_text.localise(exc, request.url.path, request.headers.get("accept-language"),
                                    human_size(MAX_JSON_BYTES))
    if isinstance(exc, DoesNotExist):
        return NotFound()  # a record looked up with .get() is gone: the same 404 as an unknown address
    if isinstance(exc, IntegrityError):
        # Two requests racing to create the same thing: the loser is told, nothing half-written remains.
        return Conflict()
    log.error("Unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return DomainError(code="internal")

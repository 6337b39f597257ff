"""The API's contract, checked on every response the API tests receive.

The test client (`make_client` in tests/conftest.py) hands each response to `check_response`: its method and
address must be an operation of the OpenAPI document the app serves, its status one the operation documents,
its content type the documented one, and a JSON body must validate against the documented schema. The
schemas' objects are closed, so a field a handler returns without it being documented fails, as does a
documented field that is missing. An address that is no operation may only answer the shared error shape.
The operations inside a batch are checked too, each against the operation it names.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import httpx
import jsonschema_rs
from starlette.routing import compile_path

from server.api import ROUTES
from server.http.openapi import document, document_path
from server.http.routing import ApiRoute

PREFIX = "/api"
_ERROR = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
_SHOWN_ERRORS = 5


class ContractError(AssertionError):
    """A response the OpenAPI document does not describe."""


@dataclass(frozen=True)
class _Operation:
    pattern: re.Pattern[str]
    method: str
    path: str  # as the document spells it: /api/audits/{id}


class Contract:
    """One document's operations, matched as Starlette matches its routes (in order, first full match), with
    a validator compiled once per schema."""

    def __init__(self, doc: dict[str, Any], routes: Sequence[ApiRoute], prefix: str = PREFIX) -> None:
        self.doc = doc
        self.prefix = prefix
        self._operations = [_Operation(compile_path(prefix + r.path)[0], r.method,
                                       document_path(r.path, prefix)) for r in routes]
        self._validators: dict[str, jsonschema_rs.Validator] = {}

    def check(self, method: str, path: str, status: int, content_type: str, body: bytes) -> None:
        """Raise ContractError unless the document describes this answer to this request."""
        if path != self.prefix and not path.startswith(self.prefix + "/"):
            return  # the web app's files and the public pages: not the API
        where = f"{method} {path} answered {status}"
        responses = self._responses("GET" if method == "HEAD" else method, path)
        answer = responses.get(str(status)) or responses.get("default")
        if answer is None:
            raise ContractError(f"{where}, a status its operation does not document (it documents "
                                f"{', '.join(responses)})")
        if method != "HEAD":
            self._check_content(where, answer.get("content", {}), content_type, body)

    def _responses(self, method: str, path: str) -> dict[str, Any]:
        matches = [op for op in self._operations if op.pattern.match(path)]
        for op in matches:
            if op.method == method:
                return self.doc["paths"][op.path][method.lower()]["responses"]
        # Starlette's own answers: an address it has, but not for this method; an address it does not have.
        return {"405": _ERROR} if matches else {"404": _ERROR}

    def _check_content(self, where: str, content: dict[str, Any], content_type: str, body: bytes) -> None:
        if not content:
            if body:
                raise ContractError(f"{where} with a body ({content_type}), where the document says none")
            return
        media_type = _media_type(content_type)
        documented = {_media_type(name): answer for name, answer in content.items()}
        if media_type not in documented:
            raise ContractError(f"{where} with {content_type or 'no content type'}, where the document says "
                                f"{', '.join(content)}")
        if media_type == "application/json":
            self.validate(where, documented[media_type]["schema"], json.loads(body))

    def validate(self, where: str, schema: dict[str, Any], value: Any) -> None:
        errors = list(self._validator(schema).iter_errors(value))
        if errors:
            shown = "\n".join(f"  at /{'/'.join(map(str, e.instance_path))}: {e.message}"
                              for e in errors[:_SHOWN_ERRORS])
            more = f"\n  ... and {len(errors) - _SHOWN_ERRORS} more" if len(errors) > _SHOWN_ERRORS else ""
            raise ContractError(f"{where} with a body its documented schema refuses:\n{shown}{more}")

    def _validator(self, schema: dict[str, Any]) -> jsonschema_rs.Validator:
        key = json.dumps(schema, sort_keys=True)
        if key not in self._validators:
            # The schema, with the components its references point into (#/components/schemas/...).
            self._validators[key] = jsonschema_rs.Draft202012Validator(
                {**schema, "components": self.doc["components"]}, validate_formats=True)
        return self._validators[key]


def _media_type(content_type: str) -> str:
    return content_type.split(";")[0].strip().lower()


@cache
def contract() -> Contract:
    """The app's own document, built once per test session."""
    return Contract(document(ROUTES), ROUTES)


def check_batch(checker: Contract, request_body: bytes, answer: Any) -> None:
    """Each result of a batch is the answer its operation would give alone: check it as one."""
    operations = json.loads(request_body).get("operations")
    for op, result in zip(operations, answer["results"], strict=True):
        body = result["body"]
        checker.check(op["method"], op["path"], result["status"], "" if body is None else "application/json",
                      b"" if body is None else json.dumps(body).encode())


async def check_response(response: httpx.Response) -> None:
    """The test client's response hook."""
    await response.aread()
    request = response.request
    checker = contract()
    checker.check(request.method, request.url.path, response.status_code,
                  response.headers.get("content-type", ""), response.content)
    if (request.method, request.url.path, response.status_code) == ("POST", f"{PREFIX}/batch", 200):
        check_batch(checker, request.content, response.json())


EVENT_HOOKS = {"response": [check_response]}

"""The OpenAPI 3.1 document, built from the route declarations and the response shapes (response_schemas.py,
report_schemas.py)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from server import __version__
from server.http import report_schemas, response_schemas
from server.http.routing import LOGGED_IN, PUBLIC, ApiRoute
from server.http.schema_parts import ref

ERROR_TEXT = {400: "Malformed request", 401: "Not logged in", 403: "Not allowed", 404: "Not found",
              409: "Conflict", 413: "Too large", 415: "Unsupported media type", 422: "Invalid input",
              429: "Too many attempts", 503: "Unavailable"}

SCHEMAS = {**response_schemas.SCHEMAS, **report_schemas.SCHEMAS}
assert len(SCHEMAS) == len(response_schemas.SCHEMAS) + len(report_schemas.SCHEMAS), "a schema named twice"


# Handlers that also answer 200 when the record already exists (a replay), besides PUT on a phone-made id.
SAME_ID_AGAIN = {"comment", "public_message", "reply"}
# Error statuses a handler answers in its own response shape, not the shared Error: health's "unavailable".
OWN_SHAPE = {("health", 503)}


def _access(route: ApiRoute) -> str:
    if route.access == PUBLIC:
        return "Public."
    if route.access == LOGGED_IN:
        return "Any logged-in user."
    return f"Needs the verb `{route.access}`."


def _parameters(route: ApiRoute) -> list[dict[str, Any]]:
    params = []
    for p in route.query:
        where = "path" if p.type == "path" else "query"
        schema = {"type": "integer"} if p.type == "integer" else {"type": "string"}
        params.append({"name": p.name, "in": where, "required": where == "path", "description": p.description,
                       "schema": schema})
    return params


def _operation(route: ApiRoute) -> dict[str, Any]:
    op: dict[str, Any] = {"summary": route.summary, "description": _access(route),
                          "operationId": route.handler.__name__, "parameters": _parameters(route)}
    if route.access == PUBLIC:
        op.update(tags=["public"], security=[])  # callable without an account: no session needed
    if route.body is not None:
        op["requestBody"] = {"required": True, "content": {
            "application/json": {"schema": route.body.json_schema(partial=route.partial)}}}
    elif route.raw_body:
        op["requestBody"] = {"required": True, "content": {
            route.raw_body: {"schema": {"type": "string"}},
            "multipart/form-data": {"schema": {"type": "object", "required": ["file"], "properties": {
                "file": {"type": "string", "format": "binary"}}}}}}
    ok: dict[str, Any] = {"description": "Success"}
    if route.response:
        ok["content"] = {"application/json": {"schema": ref(route.response)}}
    elif route.produces:
        ok["content"] = {route.produces: {"schema": {"type": "string", "format": "binary"}}}
    responses: dict[str, Any] = {str(route.status): ok}
    if (route.method, route.status) == ("PUT", 201) or route.handler.__name__ in SAME_ID_AGAIN:
        # A record made on an id the phone chose: the same id again changes it or replays it, and answers 200.
        responses["200"] = {"description": "Changed, or the same request again (nothing changed)",
                            "content": ok.get("content", {})}
    if route.method == "GET" and (route.produces or "").startswith("image/"):
        # Photos carry an ETag: asked again with If-None-Match, an unchanged one answers 304 and no body.
        responses["304"] = {"description": "Not modified: the copy named in If-None-Match is current"}
    responses.update({str(code): {"description": ERROR_TEXT[code], "content": {"application/json": {
        "schema": ref(route.response if (route.handler.__name__, code) in OWN_SHAPE else "Error")}}}
        for code in sorted(_error_codes(route))})
    op["responses"] = responses
    return op


def _error_codes(route: ApiRoute) -> set[int]:
    """The errors a route declares, and those every route of its kind can answer before its handler runs."""
    codes = set(route.errors)
    codes.add(422)  # any route: a query parameter carrying a control character (server/http/json_input.py)
    if re.search(r"\{(\w+_)?id(:\w+)?\}", route.path):
        codes.add(404)  # a path id that is not a UUID names nothing (server/api/paging.py path_id)
    if route.body is not None:
        codes |= {400, 413, 415}  # not JSON, too large, not sent as JSON (and 422: not the declared shape)
    if route.raw_body:
        codes |= {400, 413, 415}  # a malformed multipart form, too large, not an accepted type
    if route.method in ("POST", "PUT", "PATCH", "DELETE"):
        codes.add(403)  # a request from another site (cross_origin: server/http/security.py)
        if route.access != PUBLIC:
            codes.add(400)  # an Idempotency-Key that is not a UUID
    if route.access != PUBLIC:
        codes |= {401} if route.access == LOGGED_IN else {401, 403}
    return codes


def document_path(path: str, prefix: str = "/api") -> str:
    """A route's address as the document spells it: /api/audits/{id} for /audits/{id:uuid}."""
    return prefix + re.sub(r"\{(\w+)(:\w+)?\}", r"{\1}", path)


def document(routes: Sequence[ApiRoute], prefix: str = "/api") -> dict[str, Any]:
    paths: dict[str, dict[str, Any]] = {}
    for route in routes:
        path = document_path(route.path, prefix)
        paths.setdefault(path, {})[route.method.lower()] = _operation(route)
    return {
        "openapi": "3.1.0",
        "info": {"title": "Spaces Audit API", "version": __version__,
                 "description": "The JSON API of Spaces Audit. Errors share one shape: see Error."},
        "paths": paths,
        "components": {
            "schemas": SCHEMAS,
            "securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "sa_session"}},
        },
    }

"""Health and the API's own description."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from server.db import check_database
from server.http.routing import PUBLIC, ApiRoute, Call, json_response


async def health(call: Call) -> Response:
    if await check_database():
        return json_response({"status": "ok"})
    return json_response({"status": "unavailable"}, 503)


async def openapi(call: Call) -> dict[str, Any]:
    from server.api import ROUTES
    from server.http.openapi import document

    return document(ROUTES)


ROUTES = [
    ApiRoute("GET", "/health", health, "Is the server up and its database reachable?", PUBLIC,
             response="Health", errors=(503,)),
    ApiRoute("GET", "/openapi.json", openapi, "This API's OpenAPI 3.1 description.", PUBLIC,
             response="OpenApi"),
]

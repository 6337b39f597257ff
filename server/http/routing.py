"""API routes declared as data: method, path, who may call, body schema and response shape.

The same declarations build the Starlette routes, check access in one place and produce the OpenAPI
document, so a route cannot exist without being described and guarded.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Awaitable, Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from server.auth.permissions import Actor, require
from server.auth.sessions import actor_for_token
from server.domain.list_filters import Filter
from server.domain.sync import operations
from server.errors import BadRequest, DomainError, NotAuthenticated, TooLarge, UnsupportedMediaType
from server.http import json_input
from server.languages import LANGUAGES, choose, normal
from server.schema import Body
from server.settings import Settings

SESSION_COOKIE = "sa_session"
MAX_JSON_BYTES = 256 * 1024
IDEMPOTENCY_HEADER = "Idempotency-Key"
REPLAY_HEADER = "Idempotent-Replay"

PUBLIC = "public"
LOGGED_IN = "logged_in"


@dataclass(frozen=True)
class Param:
    name: str
    description: str
    type: str = "string"


# Routes that answer with a file for people to read (PDF, CSV) take the language of its words.
LANG = Param("lang", f"The language of the file's words ({', '.join(LANGUAGES)}) when your profile names none; "
             "without it (or with one the app does not speak) the browser's Accept-Language, then English.")


def query_params(filters: Iterable[Filter]) -> tuple[Param, ...]:
    """A list's query parameters, from the filters its domain module declares (and parses with)."""
    return tuple(Param(f.name, f.description) for f in filters)


@dataclass
class Call:
    """What a handler gets: the request, who is asking (if anyone), the parsed body and the settings."""

    request: Request
    actor: Actor | None
    body: dict[str, Any]
    settings: Settings

    def query(self, name: str, default: str = "") -> str:
        return self.request.query_params.get(name, default)

    def path(self, name: str) -> str:
        return str(self.request.path_params[name])

    @property
    def lang(self) -> str:
        """The language to write to this person in: their profile's, else ?lang=, else their browser's, else
        English. Never an error: a language the app does not speak is passed over."""
        chosen = normal(self.actor.lang) if self.actor else None
        return chosen or choose(self.query("lang"), self.request.headers.get("accept-language"))

    @property
    def me(self) -> Actor:
        assert self.actor is not None  # routes that use it are declared LOGGED_IN or with a verb
        return self.actor


Handler = Callable[[Call], Awaitable[Any]]


@dataclass(frozen=True)
class ApiRoute:
    method: str
    path: str
    handler: Handler
    summary: str
    access: str  # PUBLIC, LOGGED_IN, or a permission verb
    body: Body | None = None
    partial: bool = False
    response: str | None = None  # a schema name in the OpenAPI components, or None for no body
    status: int = 200
    query: Sequence[Param] = field(default_factory=tuple)
    raw_body: str | None = None  # a media type the handler reads itself (e.g. text/csv)
    produces: str | None = None  # the media type of a file the handler answers with (PDF, CSV), not JSON
    errors: Sequence[int] = field(default_factory=tuple)


def json_response(data: Any, status: int = 200, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse(data, status_code=status, headers=headers)


def human_size(size: int) -> str:
    return f"{size // (1024 * 1024)} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


async def read_limited(request: Request, limit: int, what: str) -> bytes:
    """The whole body, refusing with 413 as soon as it passes the limit (before reading the rest)."""
    too_large = TooLarge(f"{what} is too large: at most {human_size(limit)}.")
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise too_large
        chunks.append(chunk)
    return b"".join(chunks)


async def _json_body(request: Request) -> Any:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json":
        raise UnsupportedMediaType("Send the request body as JSON (Content-Type: application/json).")
    return json_input.parse(await read_limited(request, MAX_JSON_BYTES, "The request body"))


async def resolve_actor(request: Request, settings: Settings) -> Actor | None:
    return await actor_for_token(request.cookies.get(SESSION_COOKIE), settings.session_lifetime_hours)


def check_access(route: ApiRoute, actor: Actor | None) -> None:
    """The route's guard: who may call it at all (the domain checks the record)."""
    if route.access == PUBLIC:
        return
    if actor is None:
        raise NotAuthenticated("Log in to continue.")
    if route.access != LOGGED_IN:
        require(actor, route.access)


def _endpoint(route: ApiRoute) -> Callable[[Request], Awaitable[Response]]:
    async def endpoint(request: Request) -> Response:
        settings: Settings = request.app.state.settings
        json_input.check_query(request.query_params)
        actor = None
        if route.access != PUBLIC:
            actor = await resolve_actor(request, settings)
        check_access(route, actor)
        return await run_logged(route, request, actor, settings, _operation_key(request, actor))

    endpoint.__name__ = route.handler.__name__
    return endpoint


async def run_logged(route: ApiRoute, request: Request, actor: Actor | None, settings: Settings,
                     key: str | None) -> Response:
    """Run the route; a write with an operation key is answered once and replayed (server/domain/sync)."""
    if key is None:
        return await run_route(route, request, actor, settings)
    first = await operations.claim(key, route.method, request.url.path)
    if first is not None:
        return replay_of(first)
    try:
        response = await run_route(route, request, actor, settings)
    except DomainError as exc:
        await operations.finish(key, exc.status, exc.body())
        raise
    except Exception:
        await operations.release(key)
        raise
    await operations.finish(key, response.status_code, json_of(response))
    return response


async def run_route(route: ApiRoute, request: Request, actor: Actor | None, settings: Settings) -> Response:
    body: dict[str, Any] = {}
    if route.body is not None:
        body = route.body.parse(await _json_body(request), partial=route.partial)
    result = await route.handler(Call(request, actor, body, settings))
    if isinstance(result, Response):
        return result
    return json_response(result, route.status)


def _operation_key(request: Request, actor: Actor | None) -> str | None:
    """Writes that carry an Idempotency-Key (the phone's operation id) are answered once and replayed."""
    raw = request.headers.get(IDEMPOTENCY_HEADER)
    if raw is None or actor is None or request.method not in ("PUT", "POST", "PATCH", "DELETE"):
        return None
    try:
        return operations.key_for(actor.user_id, str(uuid.UUID(raw)))
    except ValueError:
        raise BadRequest(f"{IDEMPOTENCY_HEADER} must be a UUID.", field=IDEMPOTENCY_HEADER) from None


def json_of(response: Response) -> Any:
    if not response.body:
        return None
    try:
        return json.loads(response.body)
    except ValueError:
        return None


def replay_of(answer: operations.Answer) -> Response:
    if answer.body is None:
        return Response(status_code=answer.status, headers={REPLAY_HEADER: "true"})
    return JSONResponse(answer.body, status_code=answer.status, headers={REPLAY_HEADER: "true"})


def starlette_routes(routes: Sequence[ApiRoute]) -> list[Route]:
    return [Route(r.path, _endpoint(r), methods=[r.method]) for r in routes]

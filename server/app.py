"""The app factory: routes, middleware, error handlers and lifespan, all listed in one place."""

from __future__ import annotations

import logging
import mimetypes
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from tortoise.exceptions import DoesNotExist, IntegrityError

from server import db, housekeeping, mail
from server.api import ROUTES, public
from server.domain.community import mail as community_mail
from server.domain.community import text as public_text
from server.errors import DomainError
from server.http import public_pages
from server.http.compression import Compression
from server.http.routing import MAX_JSON_BYTES, human_size, starlette_routes
from server.http.security import SameOrigin, SecurityHeaders
from server.http.shell import WEB_DIR, service_worker
from server.settings import Settings, load_settings

log = logging.getLogger("spaces_audit")

mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("text/javascript", ".js")

HTTP_CODES = {400: "bad_request", 401: "not_authenticated", 403: "forbidden", 404: "not_found",
              405: "method_not_allowed", 409: "conflict", 413: "too_large", 415: "unsupported_media_type",
              422: "validation", 429: "rate_limited"}


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message, "field": None}}, status_code=status,
                        headers=headers)


async def domain_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, DomainError)
    # A reporter reads the public routes' refusals in their own language, including those raised before the
    # handler could word them (a body too large, not JSON).
    exc = public_text.localise(exc, request.url.path, request.headers.get("accept-language"),
                               human_size(MAX_JSON_BYTES))
    headers = {}
    if "retry_after" in exc.extra:
        headers["retry-after"] = str(exc.extra["retry_after"])
    return JSONResponse(exc.body(), status_code=exc.status, headers=headers)


async def http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, HTTPException)
    messages = {404: "Nothing exists at this address.", 405: "This address does not accept that method."}
    message = messages.get(exc.status_code) or str(exc.detail)
    return _error(exc.status_code, HTTP_CODES.get(exc.status_code, "error"), message, exc.headers)


async def integrity_error(request: Request, exc: Exception) -> Response:
    # Two requests racing to create the same thing: the loser is told, nothing half-written remains.
    return _error(409, "conflict", "This conflicts with a record that already exists. Reload and try again.")


async def missing(request: Request, exc: Exception) -> Response:
    return _error(404, "not_found", "Nothing exists at this address.")


async def server_error(request: Request, exc: Exception) -> Response:
    log.exception("Unhandled error on %s %s", request.method, request.url.path)
    return _error(500, "internal", "Something went wrong on the server. It has been logged.")


def create_app(settings: Settings | None = None, *, manage_db: bool = True) -> Starlette:
    """Build the ASGI app. manage_db=False lets tests own the database connection."""
    settings = settings or load_settings()
    public.quiet_access_log()  # no client address in the access log lines of public requests

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        if manage_db:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            await db.open_database(settings.database_url)
        purging = housekeeping.start(settings)  # every SPACES_PURGE_INTERVAL_MINUTES, in each worker
        reporting = community_mail.start(settings)  # the committee's digest of new community reports
        try:
            yield
        finally:
            await housekeeping.stop(reporting)
            await housekeeping.stop(purging)
            await mail.drain()  # notifications already started are sent before the process ends
            if manage_db:
                await db.close_database()

    app = Starlette(
        routes=[
            Mount("/api", routes=starlette_routes(ROUTES)),
            Route("/sw.js", service_worker, methods=["GET"]),
            *public_pages.ROUTES,  # /r/{code} and /follow: the community report pages
            Mount("/", app=StaticFiles(directory=WEB_DIR, html=True, check_dir=False), name="web"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(Compression),
            Middleware(SameOrigin, public_url=settings.public_url),
        ],
        exception_handlers={
            DomainError: domain_error,
            HTTPException: http_error,
            IntegrityError: integrity_error,
            DoesNotExist: missing,
            Exception: server_error,
        },
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app

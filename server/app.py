"""The app factory: routes, middleware, error handlers and lifespan, all listed in one place."""

from __future__ import annotations

import mimetypes
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from server import db, housekeeping, mail
from server.api import ROUTES, public
from server.domain.community import mail as community_mail
from server.domain.schedules import reminders as schedule_reminders
from server.http import problems, progress_page, public_pages, view_graph
from server.http.compression import Compression
from server.http.routing import starlette_routes
from server.http.security import SameOrigin, SecurityHeaders
from server.http.shell import WEB_DIR, ModulePreloads, service_worker
from server.settings import Settings, load_settings

mimetypes.add_type("application/manifest+json", ".webmanifest")
mimetypes.add_type("text/javascript", ".js")


async def error_answer(request: Request, exc: Exception) -> Response:
    """Every error, expected or not, as problems.answer() words it (the batch endpoint answers the same way)."""
    answer = problems.answer(exc, request)
    return JSONResponse(answer.body, status_code=answer.status, headers=answer.headers)


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
        reminding = schedule_reminders.start(settings)  # scheduled audits due soon or overdue
        try:
            yield
        finally:
            await housekeeping.stop(reminding)
            await housekeeping.stop(reporting)
            await housekeeping.stop(purging)
            await mail.drain()  # notifications already started are sent before the process ends
            if manage_db:
                await db.close_database()

    app = Starlette(
        routes=[
            Mount("/api", routes=starlette_routes(ROUTES)),
            Route("/sw.js", service_worker, methods=["GET"]),
            Route(view_graph.URL, view_graph.view_graph_module, methods=["GET"]),
            *public_pages.ROUTES,  # /r/{code} and /follow: the community report pages
            *progress_page.ROUTES,  # /progress: the public progress page, when an administrator turns it on
            Mount("/", app=StaticFiles(directory=WEB_DIR, html=True, check_dir=False), name="web"),
        ],
        middleware=[
            Middleware(SecurityHeaders),
            Middleware(ModulePreloads),
            Middleware(Compression),
            Middleware(SameOrigin, public_url=settings.public_url),
        ],
        # Exception is Starlette's 500 handler; the others answer inside the middleware stack.
        exception_handlers={kind: error_answer for kind in (*problems.EXPECTED, Exception)},
        lifespan=lifespan,
    )
    app.state.settings = settings
    return app

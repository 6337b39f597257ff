"""The public progress page (/progress) and its published pairs (/progress/pairs/{id}): HTML written on the
server, no login, no script, no cookie read. Only `lang` is read from the query; any other parameter is ignored.

The switch is read on every request and nothing is cached on the way (`no-store`), so once an administrator turns
the page off, the next load of a browser that had it open gets the plain 404 page and nothing else.
"""

from __future__ import annotations

import uuid

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import Route

from server.api.progress import public_data
from server.domain.progress import page
from server.languages import choose
from server.reports import progress_html


def _lang(request: Request) -> str:
    return choose(request.query_params.get("lang"), request.headers.get("accept-language"))


def _html(text: str, lang: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(text, status_code=status, headers={
        "cache-control": "no-store", "content-language": lang, "vary": "accept-language"})


async def progress(request: Request) -> HTMLResponse:
    lang = _lang(request)
    if not await page.is_on():
        return _html(progress_html.off_page(lang), lang, 404)
    data = await public_data(lang)
    return _html(progress_html.page(data, data["pairs"], lang), lang)


async def pair(request: Request) -> HTMLResponse:
    lang = _lang(request)
    try:
        wanted = str(uuid.UUID(request.path_params["id"]))
    except ValueError:
        wanted = ""
    if wanted and await page.is_on():
        data = await public_data(lang)
        found = next((p for p in data["pairs"] if p["id"] == wanted), None)
        if found is not None:
            return _html(progress_html.pair_page(found, lang), lang)
    return _html(progress_html.off_page(lang), lang, 404)


ROUTES = [
    Route("/progress", progress, methods=["GET"]),
    Route("/progress/pairs/{id}", pair, methods=["GET"]),
]

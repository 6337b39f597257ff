"""The public progress page's routes: the administrator's switch, the committee's publications, and the public
figures as JSON, CSV and PDF and the published photos (the HTML page itself: server/http/progress_page.py).

Public routes read only `lang` from the query: any other parameter (?building=, ?finding=, ?user=) is ignored,
so nothing a caller names can reach a query. While the page is off they answer 404 and nothing else.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from starlette.responses import Response, StreamingResponse

from server.api.paging import path_id
from server.api.reports import CSV, PDF, pdf_file
from server.domain.findings.guards import today
from server.domain.progress import figures, page, publications
from server.errors import NotFound
from server.http.routing import PUBLIC, ApiRoute, Call, Param
from server.languages import PUBLIC_CHOICE, choose
from server.messages import say
from server.photos import PhotoStore
from server.reports import csv_rows
from server.reports.pdf_base import render
from server.reports.progress_files import COLUMNS, build_progress_pdf
from server.reports.progress_files import csv_rows as progress_rows
from server.schema import Body, Bool, Uuid

SWITCH = Body({"enabled": Bool()})
PAIR = Body({"before_photo_id": Uuid(required=False), "after_photo_id": Uuid(required=False)})
FINDING = (Param("id", "The finding's id.", "path"),)
PUBLIC_LANG = Param("lang", f"{PUBLIC_CHOICE} Every other parameter is ignored.")


def public_lang(call: Call) -> str:
    """The reader's language: ?lang=, else the browser's; never a profile (public routes read no session)."""
    return choose(call.query("lang"), call.request.headers.get("accept-language"))


async def _require_on() -> None:
    if not await page.is_on():
        raise NotFound("Nothing exists at this address.")


async def public_data(lang: str) -> dict[str, Any]:
    """The figures and the published pairs, as every public form shows them."""
    return {**await figures.figures(today(), lang), "pairs": await publications.public_pairs(lang)}


async def show_settings(call: Call) -> dict[str, Any]:
    return await page.state()


async def change_settings(call: Call) -> dict[str, Any]:
    return await page.turn(call.me, call.body["enabled"])


async def list_publications(call: Call) -> dict[str, Any]:
    items = await publications.committee_list()
    return {"items": items, "total": len(items)}


async def publish(call: Call) -> dict[str, Any]:
    body = {k: str(v) for k, v in call.body.items()}
    return await publications.publish(call.me, path_id(call), body)


async def withdraw(call: Call) -> dict[str, Any]:
    return await publications.withdraw(call.me, path_id(call))


async def public_json(call: Call) -> dict[str, Any]:
    await _require_on()
    return await public_data(public_lang(call))


async def public_csv(call: Call) -> StreamingResponse:
    await _require_on()
    lang = public_lang(call)
    data = await figures.figures(today(), lang)

    async def rows() -> Any:
        for row in progress_rows(data):
            yield row

    return StreamingResponse(csv_rows.stream(COLUMNS, rows(), lang), media_type=CSV, headers={
        "content-disposition": f'attachment; filename="{say("progress.file", lang)}.csv"'})


async def public_pdf(call: Call) -> Response:
    await _require_on()
    lang = public_lang(call)
    data = await public_data(lang)
    store = PhotoStore(call.settings.uploads_dir)
    digests = {p[side]["photo_id"]: await publications.public_display(p[side]["photo_id"])
               for p in data["pairs"] for side in ("before", "after")}

    def photo_path(photo_id: str) -> Path | None:
        digest = digests.get(photo_id)
        return store.path(digest) if digest else None

    path = await render(partial(build_progress_pdf, data, data["pairs"], photo_path, lang))
    return pdf_file(path, say("progress.file", lang), data["as_of"])


async def public_photo(call: Call) -> Response:
    """A published photo's redacted display copy; any other id (or the page off) is 404."""
    await _require_on()
    digest = await publications.public_display(path_id(call))
    if digest is None:
        raise NotFound("Nothing exists at this address.")
    etag = f'"{digest}"'
    # Revalidated every time: once withdrawn (or the page turned off) the next load must not find it.
    headers = {"etag": etag, "cache-control": "no-cache", "content-disposition": "inline"}
    if call.request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers=headers)
    return Response(await PhotoStore(call.settings.uploads_dir).read(digest), media_type="image/jpeg",
                    headers=headers)


ROUTES = [
    ApiRoute("GET", "/progress/settings", show_settings, "Whether the public progress page is on, since when "
             "and by whom.", "progress.manage", response="ProgressSettings"),
    ApiRoute("PUT", "/progress/settings", change_settings, "Turn the public progress page on or off (off by "
             "default; off: its address and files answer 404).", "progress.manage", body=SWITCH,
             response="ProgressSettings", errors=(422,)),
    ApiRoute("GET", "/progress/publications", list_publications, "The before/after pairs published (and "
             "withdrawn), latest first, with whether the page is on.", "progress.publish",
             response="PublicationList"),
    ApiRoute("PUT", "/findings/{id}/publication", publish, "Publish a verified finding's before/after pair on the "
             "progress page (both photos redacted; by default its first evidence photo and latest after-photo). "
             "An event in the finding's history.", "progress.publish", body=PAIR, response="Publication",
             query=FINDING, errors=(404, 409, 422)),
    ApiRoute("DELETE", "/findings/{id}/publication", withdraw, "Take a finding's pair off the progress page (an "
             "event in its history).", "progress.publish", response="Publication", query=FINDING,
             errors=(404, 409)),
    ApiRoute("GET", "/public/progress", public_json, "The public progress page's figures per campus and its "
             "published pairs, as JSON (counts 1-4 as \"<5\"); 404 while the page is off.", PUBLIC,
             response="PublicProgress", query=(PUBLIC_LANG,), errors=(404,)),
    ApiRoute("GET", "/public/progress.csv", public_csv, "The same figures as CSV, one per row; 404 while the page "
             "is off.", PUBLIC, produces=CSV, query=(PUBLIC_LANG,), errors=(404,)),
    ApiRoute("GET", "/public/progress.pdf", public_pdf, "The same figures and pairs as a printable annual report; "
             "404 while the page is off.", PUBLIC, produces=PDF, query=(PUBLIC_LANG,), errors=(404,)),
    ApiRoute("GET", "/public/progress/photos/{id}", public_photo, "A published photo's redacted display copy "
             "(JPEG); any other photo, or the page off: 404.", PUBLIC, produces="image/jpeg",
             query=(Param("id", "The photo's id, from a pair's url.", "path"), PUBLIC_LANG), errors=(404,)),
]

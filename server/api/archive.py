"""The JSON archive of everything recorded (administrators): for keeping, and for moving to another
installation with `spaces-audit import`."""

from __future__ import annotations

from starlette.responses import StreamingResponse

from server import clock
from server.domain.maintenance.archive import export_chunks
from server.http.routing import ApiRoute, Call


async def export_archive(call: Call) -> StreamingResponse:
    async def body():  # type: ignore[no-untyped-def]
        async for chunk in export_chunks():
            yield chunk.encode("utf-8")

    name = f"spaces-audit-archive-{clock.now().date().isoformat()}.json"
    return StreamingResponse(body(), media_type="application/json",
                             headers={"content-disposition": f'attachment; filename="{name}"'})


ROUTES = [
    ApiRoute("GET", "/archive.json", export_archive, "Everything recorded, as one JSON archive (streamed): people "
             "(no passwords), places, checklist versions, audits, answers, findings, events, comments, photo "
             "records.", "data.export", response="Archive"),
]

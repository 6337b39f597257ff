"""Photos of findings and of photo answers: upload on a phone-made UUID, the three re-encoded sizes, captions and
redaction."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response as HttpResponse

from server.api.paging import path_id, query_id
from server.domain.photos import redaction, uploads
from server.errors import Invalid
from server.http.routing import ApiRoute, Call, Param, json_response
from server.http.uploads import file_body
from server.photos import PhotoStore
from server.schema import AnyJson, Body, Str

CAPTION = Body({"caption": Str(max_length=300)})
REDACTION = Body({"boxes": AnyJson("A list of [x, y, width, height] rectangles, as fractions (0 to 1) of the "
                                   "upright photo.")})
ID = (Param("id", "The photo's id (a UUID made on the phone).", "path"),)


def _store(call: Call) -> PhotoStore:
    return PhotoStore(call.settings.uploads_dir)


async def put_photo(call: Call) -> HttpResponse:
    photo_id = path_id(call)
    finding_id = query_id(call, "finding_id")
    if not finding_id:
        raise Invalid("finding_id is required: the finding this photo belongs to.", field="finding_id")
    kind = call.query("kind", "evidence")
    data = await file_body(call.request, call.settings.max_upload_bytes, "The photo")
    result, created = await uploads.put_photo(call.me, photo_id, finding_id, kind, data, _store(call),
                                              call.settings.max_image_megapixels * 1_000_000)
    return json_response(result, 201 if created else 200)


async def put_answer_photo(call: Call) -> HttpResponse:
    space_id, item_id = query_id(call, "space_id"), call.query("item_id")
    if not space_id or not item_id:
        raise Invalid("space_id and item_id are required: the space and the photo item this photo answers.",
                      field="space_id" if not space_id else "item_id")
    data = await file_body(call.request, call.settings.max_upload_bytes, "The photo")
    result, created = await uploads.put_answer_photo(call.me, path_id(call), path_id(call, "photo_id"), space_id,
                                                     item_id, data, _store(call),
                                                     call.settings.max_image_megapixels * 1_000_000)
    return json_response(result, 201 if created else 200)


async def show_photo(call: Call) -> HttpResponse:
    photo = await uploads.get_photo(call.me, path_id(call))
    digest = uploads.digest_for(call.me, photo, call.path("size"))
    etag = f'"{digest}"'
    # An address carrying the current version (?v=, from the Photo's urls) always names the same bytes, so
    # browsers may keep them for a year. Without it the photo may change (a redaction), so browsers must ask
    # each time (the ETag makes that cheap): an unblurred copy must never outlive its redaction in a cache.
    version = call.query("v")
    fresh = bool(version) and digest.startswith(version)
    cache = "private, max-age=31536000, immutable" if fresh else "private, no-cache"
    headers = {"etag": etag, "cache-control": cache, "content-disposition": "inline"}
    if call.request.headers.get("if-none-match") == etag:
        return HttpResponse(status_code=304, headers=headers)
    return HttpResponse(await _store(call).read(digest), media_type="image/jpeg", headers=headers)


async def caption_photo(call: Call) -> dict[str, Any]:
    return await uploads.set_caption(call.me, path_id(call), call.body["caption"])


async def redact_photo(call: Call) -> dict[str, Any]:
    return await redaction.redact(call.me, path_id(call), call.body["boxes"], _store(call))


WRITES = (404, 409, 413, 415, 422)
ROUTES = [
    ApiRoute("PUT", "/photos/{id}", put_photo, "Upload a photo of a finding (the same bytes again: a replay): "
             "evidence by the audit's team, after-photos by the finding's assignee.", "photo.upload",
             response="Photo", status=201, raw_body="image/jpeg", errors=WRITES,
             query=(*ID, Param("finding_id", "The finding the photo belongs to."),
                    Param("kind", "evidence (default) or after."))),
    ApiRoute("PUT", "/audits/{id}/photos/{photo_id}", put_answer_photo, "Upload a photo of the answer to a photo "
             "item (the answer lists its id; the same bytes again: a replay), by the audit's team.",
             "audit.conduct", response="Photo", status=201, raw_body="image/jpeg", errors=WRITES,
             query=(Param("id", "The audit's id.", "path"),
                    Param("photo_id", "The photo's id (a UUID made on the phone).", "path"),
                    Param("space_id", "The space of the audit the answer is for."),
                    Param("item_id", "The checklist item (of type photo) the answer is for."))),
    ApiRoute("GET", "/photos/{id}/{size}", show_photo, "A photo as JPEG: thumb, display, evidence, or original "
             "(administrators: the unblurred evidence of a redacted photo).", "finding.read", errors=(404,),
             produces="image/jpeg",
             query=(*ID, Param("size", "thumb, display, evidence or original.", "path"))),
    ApiRoute("PATCH", "/photos/{id}", caption_photo, "Caption a photo.", "audit.conduct", body=CAPTION,
             response="Photo", query=ID, errors=(404, 409, 422)),
    ApiRoute("POST", "/photos/{id}/redactions", redact_photo, "Blur regions of a photo for everyone.",
             "photo.redact", body=REDACTION, response="Photo", query=ID, errors=(404, 422)),
]

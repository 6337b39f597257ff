"""Public routes of community reports: no account, nothing kept that identifies the reporter.

No cookie is read or set here, and the client address is handed to the domain only to be hashed under the
day's key for the limits. The access log line of every public request is written without the address
(PublicAccessLog below, installed by the app factory in each server process).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Any

from starlette.responses import Response

from server.api.paging import path_id
from server.domain.community import public, text
from server.domain.community.limits import PHOTOS_PER_REPORT, Limits
from server.errors import Invalid, TooLarge
from server.http.routing import PUBLIC, ApiRoute, Call, Param, human_size, json_response
from server.http.uploads import file_body
from server.languages import PUBLIC_CHOICE
from server.photos import PhotoStore
from server.schema import Body, Uuid, UuidList

# Requests a reporter's phone makes: the API, the poster's short address, the follow-up page, their assets, and
# the icon browsers fetch along with any page (its line would otherwise name the address at the same moment).
PUBLIC_PATHS = ("/api/public/", "/r/", "/follow", "/report/", "/favicon.ico", "/progress")


class PublicAccessLog(logging.Filter):
    """Blanks the client address ("-") in uvicorn's access log lines for public requests; other lines pass."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        # uvicorn's access line: (client address, method, path with query, HTTP version, status).
        if isinstance(args, tuple) and len(args) >= 3 and str(args[2]).startswith(PUBLIC_PATHS):
            record.args = ("-", *args[1:])
        return True


def quiet_access_log() -> None:
    """Install the filter on uvicorn's access logger (once per process; every worker builds its own app)."""
    logger = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, PublicAccessLog) for f in logger.filters):
        logger.addFilter(PublicAccessLog())


@dataclass(frozen=True)
class Text:
    """Text the domain checks itself (length, characters, emptiness), so its refusal is in the reporter's words."""

    max_length: int
    required: bool = True

    def parse(self, name: str, value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid(f"{name} must be text.", field=name)
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "maxLength": self.max_length}


@dataclass(frozen=True)
class Lang:
    """en or es; anything else (or nothing) is read as the browser's Accept-Language, then English."""

    required: bool = False

    def parse(self, name: str, value: Any) -> Any:
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "description": PUBLIC_CHOICE}


TRACKING = {"tracking_code": Text(40), "key": Text(100), "lang": Lang()}
REPORT = Body({"id": Uuid(), "code": Text(40), "category": Text(20), "description": Text(4000, False),
               "impact": Text(4000, False), "photo_ids": UuidList(max_items=PHOTOS_PER_REPORT, required=False),
               "email": Text(254, False), "lang": Lang(), "website": Text(200, False)})
FOLLOW = Body(TRACKING)
MESSAGE = Body({**TRACKING, "id": Uuid(), "text": Text(4000)})
EMAIL = Body({**TRACKING, "email": Text(254)})
LANG_QUERY = Param("lang", "en or es (else Accept-Language decides, then en): the language of any error.")


def _visitor(call: Call) -> public.Visitor:
    lang = text.choose(call.body.get("lang") or call.query("lang"), call.request.headers.get("accept-language"))
    return public.Visitor(call.request.client.host if call.request.client else None, lang)


def _limits(call: Call) -> Limits:
    return Limits.from_settings(call.settings)


async def public_space(call: Call) -> dict[str, Any]:
    return await public.space_for_code(call.path("code"), _visitor(call).lang)


async def public_photo(call: Call) -> Response:
    visitor, photo_id = _visitor(call), path_id(call)
    limit = call.settings.max_upload_bytes
    try:
        data = await file_body(call.request, limit, "The photo")
    except TooLarge:
        raise text.PublicError(413, "too_large", "photo_too_large", visitor.lang, field="file",
                               params={"limit": human_size(limit)}) from None
    result, created = await public.put_photo(photo_id, data, PhotoStore(call.settings.uploads_dir),
                                             call.settings.max_image_megapixels * 1_000_000, visitor, _limits(call))
    return json_response(result, 201 if created else 200)


async def public_report(call: Call) -> dict[str, Any]:
    return await public.submit(call.body, _visitor(call), _limits(call))


async def public_follow(call: Call) -> dict[str, Any]:
    b = call.body
    return await public.follow(b["tracking_code"], b["key"], _visitor(call), _limits(call))


async def public_message(call: Call) -> Response:
    b = call.body
    result, created = await public.add_message(b["tracking_code"], b["key"], str(b["id"]), b["text"],
                                               _visitor(call), _limits(call))
    return json_response(result, 201 if created else 200)


async def public_set_email(call: Call) -> Response:
    b = call.body
    await public.set_email(b["tracking_code"], b["key"], b["email"], _visitor(call), _limits(call))
    return Response(status_code=204)


async def public_delete_email(call: Call) -> Response:
    b = call.body
    await public.delete_email(b["tracking_code"], b["key"], _visitor(call), _limits(call))
    return Response(status_code=204)


ROUTES: list[ApiRoute] = [
    ApiRoute("GET", "/public/spaces/{code}", public_space, "The space a poster code names, and whether it takes "
             "reports (a renewed poster's code: 404 code_retired).", PUBLIC, response="PublicSpace",
             query=(Param("code", "The poster's code, as typed (case and dashes do not matter).", "path"),
                    LANG_QUERY), errors=(404,)),
    ApiRoute("PUT", "/public/photos/{id}", public_photo, "Upload a photo for a report being written (decoded, "
             "re-encoded, stripped of location; the same bytes again: a replay). Unattached photos go after a "
             "day.", PUBLIC, response="PublicPhoto", status=201, raw_body="image/jpeg",
             query=(Param("id", "The photo's id (a UUID made by the page).", "path"), LANG_QUERY),
             errors=(409, 413, 415, 422, 429)),
    ApiRoute("POST", "/public/reports", public_report, "Send a community report; the answer holds the follow-up "
             "key, shown this once and never stored.", PUBLIC, body=REPORT, response="PublicReportSent",
             status=201, errors=(403, 404, 409, 422, 429)),
    ApiRoute("POST", "/public/follow", public_follow, "A report's status, progress and messages, by its tracking "
             "code and key (a wrong code or key: the same 404).", PUBLIC, body=FOLLOW, response="PublicFollow",
             errors=(404, 429)),
    ApiRoute("POST", "/public/follow/messages", public_message, "Add a message to a report (more detail, or an "
             "answer to the committee); the same id and text again: a replay.", PUBLIC, body=MESSAGE,
             response="PublicMessage", status=201, errors=(404, 409, 422, 429)),
    ApiRoute("POST", "/public/follow/email", public_set_email, "Leave or replace an email address for updates on a "
             "report (deleted when it closes).", PUBLIC, body=EMAIL, status=204, errors=(404, 409, 422, 429)),
    ApiRoute("POST", "/public/follow/email/delete", public_delete_email, "Delete the email address left for updates.",
             PUBLIC, body=FOLLOW, status=204, errors=(404, 429)),
]

"""The committee's and administrators' routes for community reports: the list and each report, its photos,
replies to the reporter, the committee's actions, and (administrators) poster codes and poster PDFs.

Every answer lists explicit fields (server/domain/community/views.py): nothing about the reporter."""

from __future__ import annotations

from functools import partial
from typing import Any

from starlette.responses import FileResponse
from starlette.responses import Response as HttpResponse

from server.api.paging import PAGING, page, paging, path_id
from server.api.reports import PDF, pdf_file
from server.checklists.rules import REMEDIES, SEVERITIES
from server.domain.community import codes, lists, review, views
from server.domain.community import mail as community_mail
from server.domain.list_filters import parse
from server.domain.sites import registry
from server.errors import NotFound
from server.http.routing import LANG, ApiRoute, Call, Param, json_response, query_params
from server.messages import say
from server.models import CommunityPhoto
from server.photos import PhotoStore
from server.reports.pdf_base import render
from server.reports.posters import build_posters
from server.schema import Body, Choices, OneOf, Str, Uuid

TRANSITION = Body({
    "to": OneOf(review.TARGETS),
    "note": Str(max_length=4000, required=False),
    "finding_id": Uuid(required=False),
    "title": Str(max_length=200, required=False),
    "severity": OneOf(SEVERITIES, required=False),
    "remedies": Choices(REMEDIES, required=False),
})
MESSAGE = Body({"id": Uuid(), "text": Str(min_length=1, max_length=4000)})
RENEW = Body({})  # nothing to say: an empty JSON object
ID = (Param("id", "The report's id.", "path"),)


def _base_url(call: Call) -> str:
    return call.settings.public_url or str(call.request.base_url).rstrip("/")


async def list_reports(call: Call) -> dict[str, Any]:
    limit, offset = paging(call)
    return page(*await lists.list_reports(**parse(lists.FILTERS, call.request.query_params), limit=limit,
                                          offset=offset))


async def show_report(call: Call) -> dict[str, Any]:
    report = await review.get_report(path_id(call))
    return await views.detail_json(report.id)


async def summary(call: Call) -> dict[str, Any]:
    return await lists.summary()


async def show_photo(call: Call) -> HttpResponse:
    photo = await CommunityPhoto.get_or_none(id=path_id(call), report_id__isnull=False)
    size = call.path("size")
    if photo is None or size not in views.SIZES:
        raise NotFound("There is no such photo.")
    digest = str(getattr(photo, size))
    # Reporters' photos never change once sent, so an address carrying the version may be kept by browsers.
    fresh = digest.startswith(call.query("v") or "-")
    headers = {"etag": f'"{digest}"', "content-disposition": "inline",
               "cache-control": "private, max-age=31536000, immutable" if fresh else "private, no-cache"}
    if call.request.headers.get("if-none-match") == headers["etag"]:
        return HttpResponse(status_code=304, headers=headers)
    return HttpResponse(await PhotoStore(call.settings.uploads_dir).read(digest), media_type="image/jpeg",
                        headers=headers)


async def reply(call: Call) -> HttpResponse:
    message, created = await review.reply(call.me, path_id(call), str(call.body["id"]), call.body["text"])
    if created:
        await community_mail.tell_reporters(call.settings, [path_id(call)])
    return json_response(message, 201 if created else 200)


async def transition(call: Call) -> dict[str, Any]:
    report = await review.transition(call.me, path_id(call), call.body)
    if call.body["to"] != "under_review":  # the reporter hears of decisions (of spam never: its address goes)
        await community_mail.tell_reporters(call.settings, [report.id])
    return await views.detail_json(report.id)


async def renew_code(call: Call) -> dict[str, Any]:
    space = await registry.get_space(path_id(call))
    code = await codes.renew(space)
    return {"code": code, "public_code": codes.display(code), "url": f"{_base_url(call)}/r/{code}"}


async def building_posters(call: Call) -> FileResponse:
    building = await registry.get_building(path_id(call), field="id")
    spaces = await lists.poster_spaces(_base_url(call), building_id=str(building.id))
    title = say("poster.title_building", call.lang, code=building.code, name=building.name)
    path = await render(partial(build_posters, spaces, title, call.lang))
    return pdf_file(path, say("file.posters", call.lang), building.code)


async def space_poster(call: Call) -> FileResponse:
    space = await registry.get_space(path_id(call))
    spaces = await lists.poster_spaces(_base_url(call), space_id=str(space.id))
    title = say("poster.title_space", call.lang, name=space.name)
    path = await render(partial(build_posters, spaces, title, call.lang))
    return pdf_file(path, say("file.poster", call.lang), space.building.code, space.room_number or space.name)


READ, RESPOND, MANAGE = "community.read", "community.respond", "community.manage"
ROUTES = [
    ApiRoute("GET", "/community/reports", list_reports, "Community reports, newest first: open (received or "
             "under review, the default), closed, spam, or all (every report but spam).", READ,
             response="CommunityReportList", errors=(422,),
             query=(*query_params(lists.FILTERS), *PAGING)),
    ApiRoute("GET", "/community/summary", summary, "How many reports are open, and how many nobody has looked "
             "at yet (spam is never counted).", READ, response="CommunitySummary"),
    ApiRoute("GET", "/community/reports/{id}", show_report, "A report with its messages and its history.", READ,
             response="CommunityReportDetail", query=ID, errors=(404,)),
    ApiRoute("GET", "/community/photos/{id}/{size}", show_photo, "A reporter's photo as JPEG (thumb, display or "
             "evidence).", READ, produces="image/jpeg", errors=(404,),
             query=(Param("id", "The photo's id.", "path"), Param("size", "thumb, display or evidence.", "path"))),
    ApiRoute("POST", "/community/reports/{id}/messages", reply, "Write to the reporter (they read it on their "
             "follow-up page; the same message id again: a replay).", RESPOND, body=MESSAGE,
             response="CommunityMessage", status=201, query=ID, errors=(404, 409, 422)),
    ApiRoute("POST", "/community/reports/{id}/transitions", transition, "Act on a report: under review, turn it "
             "into a finding, attach it to a finding (joined), decline it with a reason, or mark it as spam.",
             RESPOND, body=TRANSITION, response="CommunityReportDetail", query=ID, errors=(404, 409, 422)),
    ApiRoute("POST", "/spaces/{id}/public-code", renew_code, "Give a space a new poster code; the old code "
             "(and its posters) then says it is out of date.", MANAGE, body=RENEW, response="PublicCode",
             query=(Param("id", "The space's id.", "path"),), errors=(404,)),
    ApiRoute("GET", "/buildings/{id}/posters.pdf", building_posters, "Posters inviting community reports for "
             "every space of a building: one A4 page each, with its QR code.", MANAGE, produces=PDF,
             query=(Param("id", "The building's id.", "path"), LANG), errors=(404, 422)),
    ApiRoute("GET", "/spaces/{id}/poster.pdf", space_poster, "The poster inviting community reports for one "
             "space (A4, with its QR code).", MANAGE, produces=PDF,
             query=(Param("id", "The space's id.", "path"), LANG), errors=(404,)),
]

"""Checklists as loaded from checklists/ (verb checklist.read: everyone)."""

from __future__ import annotations

from typing import Any

from server.api.paging import page
from server.domain.checklists import store
from server.domain.checklists.views import content_json, summary_json
from server.errors import NotFound
from server.http.routing import ApiRoute, Call, Param


async def list_checklists(call: Call) -> dict[str, Any]:
    items = [summary_json(cv) for cv in await store.current_versions()]
    return page(items, len(items))


async def show_checklist_version(call: Call) -> dict[str, Any]:
    raw = call.path("version")
    if not raw.isdigit() or len(raw) > 9:
        raise NotFound("There is no such checklist version.")
    return content_json(await store.get_version(call.path("id")[:80], int(raw)))


ROUTES = [
    ApiRoute("GET", "/checklists", list_checklists, "The current version of each checklist.", "checklist.read",
             response="ChecklistList"),
    ApiRoute("GET", "/checklists/{id}/versions/{version}", show_checklist_version,
             "One stored version of a checklist, with every section and item.", "checklist.read",
             response="Checklist", errors=(404,),
             query=(Param("id", "The checklist's id.", "path"), Param("version", "The version number.", "path"))),
]

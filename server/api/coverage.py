"""Coverage of a building: which spaces were audited with which checklist and when (server/domain/reporting/
coverage.py). Everyone who reads the registry of places reads it: it says when a space was last walked, nothing
of what was found there, and auditors and the committee plan from it."""

from __future__ import annotations

from typing import Any

from server.api.paging import path_id
from server.domain.list_filters import parse
from server.domain.reporting import coverage
from server.http.routing import ApiRoute, Call, Param, query_params


async def show_coverage(call: Call) -> dict[str, Any]:
    given = parse(coverage.COVERAGE_FILTERS, call.request.query_params)
    return await coverage.coverage(path_id(call), given["checklist"], given["months"], call.lang)


ROUTES = [
    ApiRoute("GET", "/buildings/{id}/coverage", show_coverage, "A building's spaces floor by floor with when each "
             "was last audited (with one checklist, or any), and the spaces never audited or audited N or more "
             "months ago.", "site.read", response="Coverage",
             query=(Param("id", "The building's id.", "path"), *query_params(coverage.COVERAGE_FILTERS)),
             errors=(404, 422)),
]

"""Importing buildings and spaces from CSV (verb site.manage)."""

from __future__ import annotations

from typing import Any

from server.domain.sites.imports import import_spaces
from server.errors import Invalid
from server.http.routing import ApiRoute, Call, Param
from server.http.uploads import file_body

CSV_TYPES = {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel",
             "application/octet-stream"}


async def _csv_bytes(call: Call) -> bytes:
    return await file_body(call.request, call.settings.max_csv_bytes, "The CSV file", CSV_TYPES)


async def import_csv(call: Call) -> dict[str, Any]:
    dry_run = call.query("dry_run", "false")
    if dry_run not in ("true", "false"):
        raise Invalid("dry_run must be true or false.", field="dry_run")
    return await import_spaces(await _csv_bytes(call), dry_run=dry_run == "true")


ROUTES = [
    ApiRoute("POST", "/imports/spaces", import_csv,
             "Import campuses, buildings and spaces from CSV; all rows or none.", "site.manage",
             response="ImportResult", raw_body="text/csv",
             query=(Param("dry_run", "true to check the file without writing."),), errors=(413, 415, 422)),
]

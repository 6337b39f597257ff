"""Importing buildings and spaces from CSV (verb site.manage)."""

from __future__ import annotations

from typing import Any

from starlette.datastructures import UploadFile

from server.domain.space_import import import_spaces
from server.errors import Invalid, TooLarge, UnsupportedMediaType
from server.http.routing import ApiRoute, Call, Param, read_limited

CSV_TYPES = {"text/csv", "text/plain", "application/csv", "application/vnd.ms-excel",
             "application/octet-stream"}


async def _csv_bytes(call: Call) -> bytes:
    limit = call.settings.max_csv_bytes
    media_type = call.request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type == "multipart/form-data":
        declared = call.request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit + 64 * 1024:
            raise TooLarge(f"The CSV file is too large: at most {call.settings.max_csv_mb} MB.")
        async with call.request.form(max_files=1, max_fields=5, max_part_size=limit) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise Invalid("Attach the CSV file as the form field \"file\".", field="file")
            data = await upload.read(limit + 1)
        if len(data) > limit:
            raise TooLarge(f"The CSV file is too large: at most {call.settings.max_csv_mb} MB.")
        return data
    if media_type not in CSV_TYPES:
        raise UnsupportedMediaType("Send the file as text/csv, or as multipart/form-data with a field \"file\".")
    return await read_limited(call.request, limit, "The CSV file")


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

"""Reading an uploaded file, as the raw request body or as the multipart field "file", within a size limit.

The limit is enforced while the body streams in: a declared length over it is refused before reading, and a
body that grows past it is refused as soon as it does.
"""

from __future__ import annotations

from starlette.datastructures import UploadFile
from starlette.requests import Request

from server.errors import Invalid, TooLarge, UnsupportedMediaType
from server.http.routing import human_size, read_limited

MULTIPART_OVERHEAD = 64 * 1024  # boundaries and part headers around the file


async def file_body(request: Request, limit: int, what: str, raw_types: set[str] | None = None) -> bytes:
    """The file's bytes. raw_types: media types accepted as a raw body (None: any, as for photos, whose kind
    is decided by decoding them)."""
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    too_large = TooLarge(f"{what} is too large: at most {human_size(limit)}.")
    if media_type == "multipart/form-data":
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit + MULTIPART_OVERHEAD:
            raise too_large
        async with request.form(max_files=1, max_fields=5, max_part_size=limit) as form:
            upload = form.get("file")
            if not isinstance(upload, UploadFile):
                raise Invalid(f"Attach {what.lower()} as the form field \"file\".", field="file")
            data = await upload.read(limit + 1)
        if len(data) > limit:
            raise too_large
        return data
    if raw_types is not None and media_type not in raw_types:
        raise UnsupportedMediaType(f"Send {what.lower()} as {' or '.join(sorted(raw_types))}, or as "
                                   "multipart/form-data with a field \"file\".")
    return await read_limited(request, limit, what)

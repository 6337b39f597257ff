"""How a finding's photo reads in the API: its record, and the versioned address of each stored size (the
version is the start of the stored JPEG's hash, so a redacted photo gets new addresses)."""

from __future__ import annotations

from typing import Any

from server import clock
from server.domain.people.views import person
from server.models import Photo, User

SIZES = ("thumb", "display", "evidence")


def url(photo: Photo, size: str) -> str:
    return f"/api/photos/{photo.id}/{size}?v={getattr(photo, size)[:16]}"


def photo_json(photo: Photo, uploaded_by: User | None = None) -> dict[str, Any]:
    return {"id": str(photo.id), "finding_id": str(photo.finding_id), "kind": photo.kind,  # type: ignore[attr-defined]
            "caption": photo.caption, "width": photo.width, "height": photo.height,
            "taken_at": clock.wall_clock_iso(photo.taken_at), "redacted": photo.original_evidence is not None,
            "urls": {size: url(photo, size) for size in SIZES},
            "uploaded_by": person(uploaded_by or photo.uploaded_by), "created_at": clock.iso(photo.created_at)}

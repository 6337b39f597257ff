"""How a photo (a finding's, or an answer's) reads in the API: its record, and the versioned address of each
stored size (the version is the start of the stored JPEG's hash, so a redacted photo gets new addresses)."""

from __future__ import annotations

from typing import Any

from server import clock
from server.domain.people.views import person
from server.models import Photo, User

SIZES = ("thumb", "display", "evidence")


def url(photo: Photo, size: str) -> str:
    return size_url(photo.id, size, getattr(photo, size))


def size_url(photo_id: object, size: str, digest: str) -> str:
    """A stored size's address, versioned by the start of its JPEG's hash (from a row or a model)."""
    return f"/api/photos/{photo_id}/{size}?v={digest[:16]}"


def _id(value: object) -> str | None:
    return None if value is None else str(value)


def photo_json(photo: Photo, uploaded_by: User | None = None) -> dict[str, Any]:
    """finding_id for a finding's photo; audit_id, space_id and item_id (its place) for an answer's."""
    return {"id": str(photo.id), "finding_id": _id(photo.finding_id), "kind": photo.kind,  # type: ignore[attr-defined]
            "audit_id": _id(photo.audit_id), "space_id": _id(photo.space_id),  # type: ignore[attr-defined]
            "item_id": photo.item_id,
            "caption": photo.caption, "width": photo.width, "height": photo.height,
            "taken_at": clock.wall_clock_iso(photo.taken_at), "redacted": photo.original_evidence is not None,
            "urls": {size: url(photo, size) for size in SIZES},
            "uploaded_by": person(uploaded_by or photo.uploaded_by), "created_at": clock.iso(photo.created_at)}

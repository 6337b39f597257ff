"""Photos of findings: upload (idempotent per phone-made UUID), who may read which, what each size is, and
captions. Blurring regions is redaction.py.

Uploaded bytes are never kept or served: only the pipeline's re-encoded JPEGs are stored, by content hash.
"""

from __future__ import annotations

import hashlib
from typing import Any

from tortoise.exceptions import IntegrityError

from server.auth.permissions import Actor
from server.domain.audits.access import get_audit, require_walker
from server.domain.findings import access as finding_access
from server.domain.findings.states import WORK_STATES
from server.domain.photos.views import SIZES, photo_json
from server.domain.sync.replay import submitted_error
from server.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from server.models import Audit, Finding, Photo, User
from server.photos import PhotoRejected, PhotoStore, ProcessedPhoto, process_bounded

KINDS = ("evidence", "after")


async def _finding(actor: Actor, finding_id: str, kind: str) -> tuple[Finding, Audit | None]:
    """Evidence is the audit team's (their audit is returned); after-photos are the assignee's."""
    finding = await Finding.get_or_none(id=finding_id)
    if finding is None or (kind == "after" and not await finding_access.can_see(actor, finding)):
        raise Invalid("finding_id: there is no such finding (save the finding before its photos).",
                      field="finding_id")
    if kind == "after":
        if str(finding.assignee_id) != actor.user_id:  # type: ignore[attr-defined]
            raise Forbidden("Only the person this finding is assigned to can add after-photos.")
        return finding, None
    if not actor.can("audit.conduct"):
        raise Forbidden("Only the audit's team adds evidence photos (after-photos are kind=after).")
    if finding.audit_id is None:  # type: ignore[attr-defined]
        # A community finding's evidence is the reporter's photos, carried over from the report.
        if not await finding_access.can_see(actor, finding):
            raise Invalid("finding_id: there is no such finding (save the finding before its photos).",
                          field="finding_id")
        raise Forbidden("This finding came from a community report: its evidence photos come from the report.")
    audit = await get_audit(actor, str(finding.audit_id))  # type: ignore[attr-defined]
    await require_walker(actor, audit)
    return finding, audit


async def _processed(data: bytes, max_pixels: int) -> ProcessedPhoto:
    try:
        return await process_bounded(data, max_pixels=max_pixels)
    except PhotoRejected as exc:
        raise DomainError(exc.message, code=exc.code, field="file") from None


async def store_sizes(store: PhotoStore, processed: ProcessedPhoto) -> dict[str, str]:
    return {"evidence": await store.put(processed.evidence), "display": await store.put(processed.display),
            "thumb": await store.put(processed.thumb)}


async def put_photo(actor: Actor, photo_id: str, finding_id: str, kind: str, data: bytes, store: PhotoStore,
                    max_pixels: int) -> tuple[dict[str, Any], bool]:
    if kind not in KINDS:
        raise Invalid(f"kind must be one of: {', '.join(KINDS)}.", field="kind")
    finding, audit = await _finding(actor, finding_id, kind)
    digest = hashlib.sha256(data).hexdigest()
    existing = await Photo.get_or_none(id=photo_id).prefetch_related("uploaded_by")
    if existing is not None:
        if str(existing.finding_id) != str(finding.id):  # type: ignore[attr-defined]
            await finding_access.require_readable(actor, existing.finding_id, "photo")  # type: ignore[attr-defined]
        return _replayed(existing, digest, finding_id, kind), False
    if audit is not None and audit.status == "submitted":
        raise submitted_error()
    if kind == "after" and finding.status not in WORK_STATES:
        raise Conflict(f"After-photos are added while the work is under way; this finding is "
                       f"{finding.status.replace('_', ' ')}.", field="finding_id")
    processed = await _processed(data, max_pixels)
    sizes = await store_sizes(store, processed)
    try:
        photo = await Photo.create(id=photo_id, finding=finding, kind=kind, upload_sha256=digest, **sizes,
                                   width=processed.width, height=processed.height, taken_at=processed.taken_at,
                                   uploaded_by_id=actor.user_id)
    except IntegrityError:
        # The same upload raced itself (a retry while the first was still processing): answer as a replay.
        raced = await Photo.get(id=photo_id).prefetch_related("uploaded_by")
        return _replayed(raced, digest, finding_id, kind), False
    return photo_json(photo, await User.get(id=actor.user_id)), True


def _replayed(photo: Photo, digest: str, finding_id: str, kind: str) -> dict[str, Any]:
    same = (photo.upload_sha256, str(photo.finding_id), photo.kind) == (digest, finding_id, kind)  # type: ignore[attr-defined]
    if not same:
        raise Conflict("A different photo was already uploaded under this id.", current=photo_json(photo))
    return photo_json(photo)


async def get_photo(actor: Actor, photo_id: str) -> Photo:
    photo = await Photo.get_or_none(id=photo_id).prefetch_related("uploaded_by", "finding")
    if photo is None:
        raise NotFound("There is no such photo.")
    if not await finding_access.can_see(actor, photo.finding):
        # Roles that never see audits (facilities) are told no, as before they could see assigned findings.
        raise NotFound("There is no such photo.") if actor.can("audit.read") else Forbidden(
            "Your roles do not allow this.")
    return photo


def digest_for(actor: Actor, photo: Photo, size: str) -> str:
    """The stored JPEG for a size; "original" is the unblurred evidence, for administrators only."""
    if size == "original":
        if not actor.can("photo.original"):
            raise Forbidden("Only administrators can see a photo as it was before redaction.")
        return photo.original_evidence or photo.evidence
    if size not in SIZES:
        raise NotFound(f"Photo sizes are {', '.join(SIZES)}.")
    return str(getattr(photo, size))


async def set_caption(actor: Actor, photo_id: str, caption: str) -> dict[str, Any]:
    photo = await get_photo(actor, photo_id)
    if photo.finding.audit_id is None:  # type: ignore[attr-defined]
        raise Forbidden("Captions are written by an audit's team; this finding came from a community report.")
    audit = await get_audit(actor, str(photo.finding.audit_id))  # type: ignore[attr-defined]
    await require_walker(actor, audit)
    if photo.caption != caption:
        if audit.status == "submitted" and photo.kind == "evidence":
            raise submitted_error()
        photo.caption = caption
        await photo.save()
    return photo_json(photo)

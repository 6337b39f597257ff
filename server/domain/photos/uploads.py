"""Photos of findings and of photo answers: upload (idempotent per phone-made UUID), who may read which, what
each size is, and captions. Blurring regions is redaction.py.

A finding's photo belongs to its finding (kind evidence or after). The answer to a checklist item of type photo
is a list of photo ids: each is uploaded on its own (kind answer) to its place (audit, space, item), before or
after the answer reaches the server, and read by whoever may read the audit.

Uploaded bytes are never kept or served: only the pipeline's re-encoded JPEGs are stored, by content hash.
"""

from __future__ import annotations

import hashlib
from typing import Any

from tortoise.exceptions import IntegrityError

from server.auth.permissions import Actor
from server.checklists.rules import find_item
from server.domain.audits.access import get_audit, require_readable, require_walker
from server.domain.audits.answers import require_space
from server.domain.findings import access as finding_access
from server.domain.findings.states import WORK_STATES
from server.domain.photos.views import SIZES, photo_json
from server.domain.sync.replay import submitted_error
from server.errors import Conflict, DomainError, Forbidden, Invalid, NotFound
from server.models import Audit, Finding, Photo, User
from server.photos import PhotoRejected, PhotoStore, ProcessedPhoto, process_bounded

KINDS = ("evidence", "after")  # a finding's; "answer" photos are put by put_answer_photo


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
        if existing.finding_id is None:  # type: ignore[attr-defined]
            await require_readable(actor, existing.audit_id, "photo")  # type: ignore[attr-defined]
        elif str(existing.finding_id) != str(finding.id):  # type: ignore[attr-defined]
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
    return _same_or_conflict(photo, same)


def _same_or_conflict(photo: Photo, same: bool) -> dict[str, Any]:
    if not same:
        raise Conflict("A different photo was already uploaded under this id.", current=photo_json(photo))
    return photo_json(photo)


async def put_answer_photo(actor: Actor, audit_id: str, photo_id: str, space_id: str, item_id: str, data: bytes,
                           store: PhotoStore, max_pixels: int) -> tuple[dict[str, Any], bool]:
    """A photo of the answer to a photo item: the audit's team, in one of its spaces, for an item of type photo."""
    audit = await get_audit(actor, audit_id)
    await require_walker(actor, audit)
    await require_space(audit, space_id)
    found = find_item(audit.checklist.content, item_id)
    if found is None or found[1]["type"] != "photo":
        raise Invalid(f"item_id: {item_id!r} is not a photo item of checklist {audit.checklist.checklist_id} "
                      f"version {audit.checklist.version}.", field="item_id")
    digest = hashlib.sha256(data).hexdigest()
    place = (str(audit.id), space_id, item_id)

    def replayed(photo: Photo) -> dict[str, Any]:
        where = (str(photo.audit_id), str(photo.space_id), photo.item_id)  # type: ignore[attr-defined]
        return _same_or_conflict(photo, (photo.upload_sha256, photo.kind, where) == (digest, "answer", place))

    existing = await Photo.get_or_none(id=photo_id).prefetch_related("uploaded_by")
    if existing is not None:
        if existing.audit_id is None:  # type: ignore[attr-defined]
            await finding_access.require_readable(actor, existing.finding_id, "photo")  # type: ignore[attr-defined]
        elif str(existing.audit_id) != str(audit.id):  # type: ignore[attr-defined]
            await require_readable(actor, existing.audit_id, "photo")  # type: ignore[attr-defined]
        return replayed(existing), False
    if audit.status == "submitted":
        raise submitted_error()
    processed = await _processed(data, max_pixels)
    sizes = await store_sizes(store, processed)
    try:
        photo = await Photo.create(id=photo_id, kind="answer", audit_id=audit.id, space_id=space_id,
                                   item_id=item_id, upload_sha256=digest, **sizes, width=processed.width,
                                   height=processed.height, taken_at=processed.taken_at,
                                   uploaded_by_id=actor.user_id)
    except IntegrityError:
        return replayed(await Photo.get(id=photo_id).prefetch_related("uploaded_by")), False
    return photo_json(photo, await User.get(id=actor.user_id)), True


async def get_photo(actor: Actor, photo_id: str) -> Photo:
    photo = await Photo.get_or_none(id=photo_id).prefetch_related("uploaded_by", "finding")
    if photo is None:
        raise NotFound("There is no such photo.")
    if photo.finding is None:
        # An answer's photo: read by whoever may read its audit; to anyone else it does not exist.
        try:
            await get_audit(actor, str(photo.audit_id))  # type: ignore[attr-defined]
        except NotFound:
            raise NotFound("There is no such photo.") from None
        return photo
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
    audit_id = photo.audit_id if photo.finding is None else photo.finding.audit_id  # type: ignore[attr-defined]
    if audit_id is None:
        raise Forbidden("Captions are written by an audit's team; this finding came from a community report.")
    audit = await get_audit(actor, str(audit_id))
    await require_walker(actor, audit)
    if photo.caption != caption:
        if audit.status == "submitted" and photo.kind in ("evidence", "answer"):
            raise submitted_error()
        photo.caption = caption
        await photo.save()
    return photo_json(photo)

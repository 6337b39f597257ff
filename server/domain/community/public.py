"""What anyone may do without an account: look up a poster's space, upload a photo, send a report, follow it
up with its tracking code and key, add a message, and leave or remove an address for updates.

Nothing that identifies the reporter is stored: no address, device, account or cookie, and every date is a
day. The client address arrives only to be turned into today's keyed hash for the limits (limits.py). Every
refusal is worded in the reporter's language (text.py).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import anyio.to_thread
from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from server.domain.community import codes, limits, progress, views
from server.domain.community.limits import Limits, today
from server.domain.community.text import PublicError
from server.domain.sites.views import reports_on
from server.models import (
    CommunityEvent,
    CommunityMessage,
    CommunityPhoto,
    CommunityReport,
    Photo,
    ReporterContact,
    Space,
)
from server.photos import PhotoRejected, PhotoStore, ProcessedPhoto, process_bounded
from server.schema import CONTROL_CHARS, EMAIL_RE

CATEGORIES = ("portrait", "name_plaque", "art_mural", "poster_sign", "other")
MAX_TEXT = 4000
MAX_EMAIL = 254
UNATTACHED_PHOTOS_KEPT = timedelta(days=1)


@dataclass(frozen=True)
class Visitor:
    """Who is asking, as far as the server lets itself know: an address (only ever hashed) and a language."""

    address: str | None
    lang: str


# Reading and checking what was typed ----------------------------------------------------------------------

def _text(value: Any, field: str, lang: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if CONTROL_CHARS.search(text):
        raise PublicError(422, "validation", "control_character", lang, field=field)
    if len(text) > limit:
        raise PublicError(422, "too_long", f"{field}_too_long", lang, field=field, params={"limit": limit})
    return text


def _email(value: Any, lang: str) -> str:
    email = (value or "").strip().lower() if isinstance(value, str) else ""
    if email and (len(email) > MAX_EMAIL or CONTROL_CHARS.search(email) or not EMAIL_RE.match(email)):
        raise PublicError(422, "validation", "email_invalid", lang, field="email")
    return email


def accepting(space: Space) -> bool:
    """Reports are on when the building says so, or says nothing and its campus does."""
    return reports_on(space.building)


async def _space(typed: str, lang: str) -> tuple[str, Space]:
    found = await codes.resolve(typed)
    if found.status == "retired":
        raise PublicError(404, "code_retired", "code_retired", lang, field="code")
    if found.space is None:
        raise PublicError(404, "unknown_code", "unknown_code", lang, field="code")
    return found.code, found.space


async def space_for_code(typed: str, lang: str) -> dict[str, Any]:
    code, space = await _space(typed, lang)
    return {"code": code, "code_display": codes.display(code), "space": views.public_space_json(space),
            "accepting": accepting(space)}


# Photos -------------------------------------------------------------------------------------------------------

async def _processed(data: bytes, max_pixels: int, lang: str) -> ProcessedPhoto:
    try:
        return await process_bounded(data, max_pixels=max_pixels)
    except PhotoRejected as exc:
        key = {"unsupported_media_type": "photo_unsupported", "photo_too_large": "photo_too_many_pixels"}.get(
            exc.code, "photo_invalid")
        raise PublicError(exc.status, exc.code, key, lang, field="file",
                          params={"limit": f"{max_pixels / 1_000_000:g}"}) from None


def _photo_replayed(photo: CommunityPhoto, digest: str, lang: str) -> dict[str, str]:
    if photo.upload_sha256 != digest:
        raise PublicError(409, "conflict", "photo_conflict", lang, field="id")
    return {"id": str(photo.id)}


async def put_photo(photo_id: str, data: bytes, store: PhotoStore, max_pixels: int, visitor: Visitor,
                    caps: Limits) -> tuple[dict[str, str], bool]:
    """Store a photo for a report still being written: decoded, re-encoded, stripped of EXIF and location, no
    capture time kept. The same id and bytes again is a replay; different bytes under it, a conflict."""
    digest = hashlib.sha256(data).hexdigest()
    existing = await CommunityPhoto.get_or_none(id=photo_id)
    if existing is not None:
        return _photo_replayed(existing, digest, visitor.lang), False
    client = await limits.client_tag(visitor.address)
    await limits.take([(limits.photos_by(client), caps.photos_per_client, "limit_photos_client")], visitor.lang)
    processed = await _processed(data, max_pixels, visitor.lang)
    sizes = {size: await store.put(getattr(processed, size)) for size in ("evidence", "display", "thumb")}
    try:
        await CommunityPhoto.create(id=photo_id, upload_sha256=digest, **sizes, width=processed.width,
                                    height=processed.height, received_on=today())
    except IntegrityError:  # the same upload raced itself
        return _photo_replayed(await CommunityPhoto.get(id=photo_id), digest, visitor.lang), False
    return {"id": photo_id}, True


async def _referenced(digest: str) -> bool:
    named = Q(evidence=digest) | Q(display=digest) | Q(thumb=digest)
    original = Q(original_evidence=digest) | Q(original_display=digest) | Q(original_thumb=digest)
    return await CommunityPhoto.filter(named).exists() or await Photo.filter(named | original).exists()


async def purge_photos(store: PhotoStore) -> int:
    """Delete photos no report named within a day of their upload, and their files unless another photo has the
    same bytes."""
    old = await CommunityPhoto.filter(report_id=None, received_on__lt=today() - UNATTACHED_PHOTOS_KEPT)
    if not old:
        return 0
    deleted = await CommunityPhoto.filter(id__in=[p.id for p in old], report_id=None).delete()
    for digest in {d for p in old for d in (p.evidence, p.display, p.thumb)}:
        if not await _referenced(digest):
            await anyio.to_thread.run_sync(lambda d=digest: store.path(d).unlink(missing_ok=True))
    return deleted


# Sending a report ---------------------------------------------------------------------------------------------

def _checked(form: dict[str, Any], lang: str) -> tuple[str, str, list[str], str]:
    if form.get("category") not in CATEGORIES:
        raise PublicError(422, "validation", "category", lang, field="category")
    description = _text(form.get("description"), "description", lang)
    impact = _text(form.get("impact"), "impact", lang)
    photo_ids = [str(i) for i in form.get("photo_ids") or []]
    if len(photo_ids) > limits.PHOTOS_PER_REPORT:
        raise PublicError(422, "validation", "too_many_photos", lang, field="photo_ids",
                          params={"limit": limits.PHOTOS_PER_REPORT})
    if not description and not photo_ids:
        raise PublicError(422, "empty_report", "empty_report", lang, field="description")
    return description, impact, photo_ids, _email(form.get("email"), lang)


def _already_sent(lang: str) -> PublicError:
    return PublicError(409, "already_sent", "already_sent", lang, field="id")


async def submit(form: dict[str, Any], visitor: Visitor, caps: Limits) -> dict[str, Any]:
    """Receive a report; the answer carries the follow-up key, which is never stored and never shown again."""
    lang = visitor.lang
    if form.get("website"):  # a field people never see: only form-filling robots fill it in
        raise PublicError(422, "rejected", "rejected", lang)
    description, impact, photo_ids, email = _checked(form, lang)
    report_id = str(form["id"])
    if await CommunityReport.exists(id=report_id):
        raise _already_sent(lang)
    _, space = await _space(form.get("code") or "", lang)
    if not accepting(space):
        raise PublicError(403, "reports_off", "reports_off", lang, field="code")
    missing = PublicError(422, "photo_missing", "photo_missing", lang, field="photo_ids")
    if photo_ids and await CommunityPhoto.filter(id__in=photo_ids, report_id=None).count() != len(photo_ids):
        raise missing
    client = await limits.client_tag(visitor.address)
    tracking, key, day = await codes.new_tracking_code(), codes.new_key(), today()
    try:
        async with in_transaction():  # one commit for all of it; a failure gives the counts back too
            await limits.take([(limits.reports_by(client), caps.reports_per_client, "limit_reports_client"),
                               (limits.reports_at(str(space.id)), caps.reports_per_space, "limit_reports_space"),
                               (limits.REPORTS_ALL, caps.reports_per_day, "limit_reports_all")], lang)
            report = await CommunityReport.create(
                id=report_id, tracking_code=tracking, key_hash=codes.hash_key(key), space=space,
                category=form["category"], description=description, impact=impact, lang=lang,
                status="received", received_on=day, updated_on=day)
            if photo_ids and await CommunityPhoto.filter(id__in=photo_ids, report_id=None).update(
                    report_id=report.id) != len(photo_ids):
                raise missing  # named by another report a moment ago: nothing of this one is kept
            await CommunityEvent.create(report=report, actor=None, from_status=None, to_status="received", on=day)
            if email:
                await ReporterContact.create(report=report, email=email)
    except IntegrityError:
        if await CommunityReport.exists(id=report_id):
            raise _already_sent(lang) from None
        raise
    return {"tracking_code": tracking, "tracking_code_display": codes.display(tracking), "key": key,
            "follow_url": codes.follow_path(tracking, key)}


# Following a report up ----------------------------------------------------------------------------------------

async def _find(tracking_code: str, key: str, visitor: Visitor, caps: Limits) -> tuple[CommunityReport, str]:
    """The report and the client's tag, or the same 404 for a wrong code and a wrong key, after the same work."""
    client = await limits.client_tag(visitor.address)
    failures = limits.failures_by(client)
    await limits.refuse_if_full(failures, caps.follow_failures_per_client, "limit_follow_client", visitor.lang)
    report = await CommunityReport.get_or_none(tracking_code=codes.normalise(tracking_code)[:12])
    if not codes.key_matches(key, report.key_hash if report else None) or report is None:
        await limits.add(failures)
        raise PublicError(404, "not_found", "not_found", visitor.lang)
    return report, client


async def follow(tracking_code: str, key: str, visitor: Visitor, caps: Limits) -> dict[str, Any]:
    report, _ = await _find(tracking_code, key, visitor, caps)
    await report.fetch_related("space__building__campus")
    return await views.follow_json(report)


async def _write_message(report: CommunityReport, message_id: str, text: str, count: list[Any],
                         lang: str) -> CommunityMessage:
    """Append at the next position (counted against the client's limit); two messages at once retry rather than
    share one."""
    for _ in range(5):
        last = await CommunityMessage.filter(report_id=report.id).order_by("-position").first()
        try:
            async with in_transaction():
                await limits.take(count, lang)
                message = await CommunityMessage.create(id=message_id, report=report, sender="reporter",
                                                        text=text, on=today(),
                                                        position=(last.position + 1) if last else 1)
                await CommunityReport.filter(id=report.id).update(updated_on=today())
            return message
        except IntegrityError:
            if await CommunityMessage.exists(id=message_id):
                raise
    raise RuntimeError("could not place the message after 5 tries")


async def add_message(tracking_code: str, key: str, message_id: str, text: Any, visitor: Visitor,
                      caps: Limits) -> tuple[dict[str, str], bool]:
    """More detail, or an answer to the committee; the same id and text again is a replay."""
    lang = visitor.lang
    report, client = await _find(tracking_code, key, visitor, caps)
    text = _text(text, "text", lang)
    existing = await CommunityMessage.get_or_none(id=message_id)
    if existing is not None:
        if (str(existing.report_id), existing.sender, existing.text) != (str(report.id), "reporter", text):  # type: ignore[attr-defined]
            raise PublicError(409, "conflict", "message_conflict", lang, field="id")
        return views.public_message_json(existing), False
    if progress.is_closed(report):
        raise PublicError(409, "report_closed", "report_closed", lang)
    if not text:
        raise PublicError(422, "validation", "message_empty", lang, field="text")
    count = [(limits.messages_by(client), caps.messages_per_client, "limit_messages_client")]
    try:
        message = await _write_message(report, message_id, text, count, lang)
    except IntegrityError:  # the same message raced itself
        return await add_message(tracking_code, key, message_id, text, visitor, caps)
    return views.public_message_json(message), True


async def set_email(tracking_code: str, key: str, email: Any, visitor: Visitor, caps: Limits) -> None:
    """Leave (or replace) an address for updates: kept apart from the report and deleted when it closes."""
    lang = visitor.lang
    report, client = await _find(tracking_code, key, visitor, caps)
    address = _email(email, lang)
    if not address:
        raise PublicError(422, "validation", "email_required", lang, field="email")
    if progress.is_closed(report):
        raise PublicError(409, "report_closed", "report_closed_email", lang)
    await limits.take([(limits.messages_by(client), caps.messages_per_client, "limit_messages_client")], lang)
    # No event is written: the committee must not learn even whether an address is on file.
    if not await ReporterContact.filter(report_id=report.id).update(email=address):
        try:
            await ReporterContact.create(report_id=report.id, email=address)
        except IntegrityError:
            await ReporterContact.filter(report_id=report.id).update(email=address)


async def delete_email(tracking_code: str, key: str, visitor: Visitor, caps: Limits) -> None:
    report, _ = await _find(tracking_code, key, visitor, caps)
    await ReporterContact.filter(report_id=report.id).delete()

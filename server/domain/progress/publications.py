"""Before/after pairs of verified fixes that the committee publishes on the progress page.

Publishing and withdrawing are events in the finding's history (from verified to verified, with
{"published": [old, new]} and the pair's photo ids), written by the one place a finding changes
(server/domain/findings/flow.py) together with the publication's row. Only a verified finding's own photos
(an evidence photo before, an after-photo after) that have been redacted (blurred at least once, so someone
looked at them for faces, names and anything private) can be published, and the public sees only their display
copies, as blurred now.
"""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from server import clock
from server.auth.permissions import Actor
from server.domain.findings.flow import Change, commit
from server.domain.findings.views import detail_json
from server.domain.findings.views import publication_json as row_json
from server.domain.progress.figures import category_names
from server.errors import Conflict, Invalid, NotFound
from server.models import Finding, FindingEvent, Photo, Publication

# The most pairs the page shows (the latest published first): it stays small and fast.
SHOWN = 12


class NotVerified(Conflict):
    code = "not_verified"


class NotRedacted(Invalid):
    code = "photo_not_redacted"


def _current(actor: Actor) -> Any:
    async def current(finding_id: str) -> dict[str, Any]:
        return await detail_json(actor, finding_id)

    return current


async def _photo(finding: Finding, photo_id: Any, kind: str, field: str) -> Photo:
    if photo_id is None:  # not chosen: the first evidence photo, the latest after-photo
        order = "created_at" if kind == "evidence" else "-created_at"
        photos = await Photo.filter(finding_id=finding.id, kind=kind).order_by(order)
        ordered = [p for i in finding.photo_ids for p in photos if str(p.id) == i] if kind == "evidence" else []
        photo = (ordered or photos or [None])[0]
    else:
        photo = await Photo.get_or_none(id=photo_id, finding_id=finding.id, kind=kind)
    if photo is None:
        which = "an evidence photo" if kind == "evidence" else "an after-photo"
        raise Invalid(f"{field}: choose {which} of this finding.", field=field)
    if photo.original_evidence is None:
        raise NotRedacted(f"{field}: this photo has not been redacted. Blur what needs blurring (faces, names, "
                          "anything private) before publishing it.", field=field)
    return photo


async def publication_json(finding_id: Any) -> dict[str, Any] | None:
    """A finding's publication as the committee sees it on the finding's page (null: never published)."""
    return row_json(await Publication.get_or_none(finding_id=finding_id))


async def publish(actor: Actor, finding_id: str, body: dict[str, Any]) -> dict[str, Any]:
    """Publish a verified fix's before/after pair (again, or with another pair: the row follows)."""
    finding = await Finding.get_or_none(id=finding_id)
    if finding is None:
        raise NotFound("There is no such finding.")
    if finding.status != "verified":
        raise NotVerified(f"This finding is {finding.status.replace('_', ' ')}: only a fix the committee has "
                          "verified can be published.", field="finding")
    before = await _photo(finding, body.get("before_photo_id"), "evidence", "before_photo_id")
    after = await _photo(finding, body.get("after_photo_id"), "after", "after_photo_id")
    row = await Publication.get_or_none(finding_id=finding.id)
    pair = (str(before.id), str(after.id))
    if row and row.published and (str(row.before_photo_id), str(row.after_photo_id)) == pair:  # type: ignore[attr-defined]
        return await publication_json(finding.id) or {}  # already so: nothing happens, no event
    now = clock.now()
    values = {"before_photo_id": before.id, "after_photo_id": after.id, "published": True, "changed_at": now}

    async def write() -> None:
        if not await Publication.filter(finding_id=finding.id).update(**values):
            try:
                await Publication.create(finding_id=finding.id, **values)
            except IntegrityError:  # published by someone else a moment ago: theirs is overwritten by ours
                await Publication.filter(finding_id=finding.id).update(**values)

    was = bool(row and row.published)
    await commit([Change(finding, "verified", actor.user_id, changes={"published": [was, True]},
                         photo_ids=list(pair))], _current(actor), also=write)
    return await publication_json(finding.id) or {}


async def withdraw(actor: Actor, finding_id: str) -> dict[str, Any]:
    """Take a published pair off the page (its row stays, marked withdrawn; publishing again is possible)."""
    finding = await Finding.get_or_none(id=finding_id)
    row = await Publication.get_or_none(finding_id=finding_id) if finding else None
    if finding is None or row is None or not row.published:
        raise NotFound("This finding is not published.")

    async def write() -> None:
        await Publication.filter(id=row.id).update(published=False, changed_at=clock.now())

    await commit([Change(finding, finding.status, actor.user_id, changes={"published": [True, False]})],
                 _current(actor), also=write)
    return await publication_json(finding.id) or {}


def photo_url(photo: Photo) -> str:
    """The public address of a published photo's display copy (versioned: a new redaction, a new address)."""
    return f"/api/public/progress/photos/{photo.id}?v={photo.display[:16]}"


async def shown() -> list[Publication]:
    """The pairs on the page now: published, of verified findings, both photos redacted; latest first."""
    return await (Publication.filter(published=True, finding__status="verified",
                                     before_photo__original_evidence__isnull=False,
                                     after_photo__original_evidence__isnull=False)
                  .order_by("-changed_at").limit(SHOWN)
                  .prefetch_related("finding__space__building__campus", "finding__audit__checklist",
                                    "before_photo", "after_photo"))


async def public_display(photo_id: str) -> str | None:
    """The stored display copy of a photo the page shows now, else None (every other photo is unreachable)."""
    pairs = await Publication.filter(published=True, finding__status="verified").filter(
        before_photo_id=photo_id).values_list("before_photo_id", flat=True) + await Publication.filter(
        published=True, finding__status="verified", after_photo_id=photo_id).values_list("after_photo_id", flat=True)
    if not pairs:
        return None
    photo = await Photo.get_or_none(id=photo_id)
    if photo is None or photo.original_evidence is None:
        return None
    return photo.display


async def verified_days(finding_ids: list[Any]) -> dict[str, str]:
    """The day each finding was verified (UTC), for the pairs' captions."""
    rows = await FindingEvent.filter(finding_id__in=finding_ids, from_status="resolved",
                                     to_status="verified").values_list("finding_id", "at")
    return {str(fid): clock.iso(at)[:10] for fid, at in rows}  # type: ignore[index]



async def public_pairs(lang: str) -> list[dict[str, Any]]:
    """The pairs as the public reads them: where (campus and building, never the room), what kind of image, the
    remedy, the day it was verified, and the two photos' addresses. Nothing of who found, fixed or verified it."""
    rows = await shown()
    findings = [r.finding for r in rows]
    keys = {(f.audit.checklist.checklist_id if f.audit else None, f.section_id) for f in findings}
    names = await category_names(keys, lang)
    days = await verified_days([f.id for f in findings])
    out = []
    for row, f in zip(rows, findings, strict=True):
        key = (f.audit.checklist.checklist_id if f.audit else None, f.section_id)
        out.append({"id": str(f.id), "campus": f.space.building.campus.name, "building": f.space.building.name,
                    "category": names[key], "remedy": f.remedy, "verified_on": days.get(str(f.id)),
                    **{side: {"photo_id": str(p.id), "url": photo_url(p), "width": p.width, "height": p.height}
                       for side, p in (("before", row.before_photo), ("after", row.after_photo))}})
    return out


async def committee_list() -> list[dict[str, Any]]:
    """Every pair ever published (withdrawn ones too), latest change first, for the committee's screen."""
    rows = await Publication.all().order_by("-changed_at").limit(200).prefetch_related("finding__space__building")
    return [{"finding": {"id": str(r.finding.id), "title": r.finding.title, "status": r.finding.status},
             "building": {"id": str(r.finding.space.building.id), "code": r.finding.space.building.code,
                          "name": r.finding.space.building.name},
             **(row_json(r) or {})} for r in rows]

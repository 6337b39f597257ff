"""Blurring regions of a finding's photo (faces, badges, patients): the blurred set becomes what everyone sees,
and the photo as it was is kept for administrators (photo.original)."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from server import clock
from server.auth.permissions import Actor
from server.domain.photos.uploads import get_photo, store_sizes
from server.domain.photos.views import photo_json
from server.errors import Invalid
from server.models import PhotoRedaction
from server.photos import PhotoStore, redact_bounded


def _boxes(raw: Any) -> list[tuple[float, float, float, float]]:
    if not isinstance(raw, list) or not 1 <= len(raw) <= 50:
        raise Invalid("boxes must be a list of 1 to 50 rectangles.", field="boxes")
    boxes = []
    for index, box in enumerate(raw, 1):
        numbers = isinstance(box, list) and len(box) == 4 and all(
            isinstance(v, int | float) and not isinstance(v, bool) for v in box)
        x, y, w, h = box if numbers else (0, 0, 0, 0)
        if not numbers or not (0 <= x < 1 and 0 <= y < 1 and 0 < w <= 1 - x + 1e-9 and 0 < h <= 1 - y + 1e-9):
            raise Invalid(f"boxes[{index}] must be [x, y, width, height], fractions of the photo inside it.",
                          field="boxes")
        boxes.append((float(x), float(y), float(w), float(h)))
    return boxes


async def redact(actor: Actor, photo_id: str, raw_boxes: Any, store: PhotoStore) -> dict[str, Any]:
    """Blur regions (faces, badges, patients); the blurred set becomes what everyone sees."""
    boxes = _boxes(raw_boxes)
    photo = await get_photo(actor, photo_id)
    try:
        processed = await redact_bounded(await store.read(photo.evidence), boxes)
    except ValueError as exc:
        raise Invalid(str(exc), field="boxes") from None
    sizes = await store_sizes(store, processed)
    async with in_transaction():
        if photo.original_evidence is None:
            photo.original_evidence, photo.original_display = photo.evidence, photo.display
            photo.original_thumb = photo.thumb
        photo.evidence, photo.display, photo.thumb = sizes["evidence"], sizes["display"], sizes["thumb"]
        await photo.save()
        await PhotoRedaction.create(photo=photo, actor_id=actor.user_id, at=clock.now(),
                                    boxes=[list(b) for b in boxes])
    return photo_json(photo)

"""Many answers at once (a phone emptying its outbox): each is answered exactly as put_response would answer it
sent alone, in order, but the batch reads what it needs in a few queries and writes the new answers and their
history in one statement each, so its cost does not grow with the number of answers.

The caller holds the transaction (one per audit) and the checks cache (access.checked_once): an answer that is
refused writes nothing, and the others are kept or dropped together with their operation log entries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from server.auth.permissions import Actor
from server.domain.audits.access import require_readable
from server.domain.audits.answers import answer_values, answered_elsewhere, revision_of
from server.domain.audits.status import started
from server.domain.audits.views import response_json
from server.domain.sync.replay import check_change, require_same_place, submitted_error
from server.errors import DomainError
from server.models import Audit, Response, ResponseRevision, User

Outcome = tuple[dict[str, Any], bool] | DomainError  # (the answer's JSON, created) or the refusal


@dataclass(frozen=True)
class Put:
    response_id: str
    body: dict[str, Any]  # as the route's schema parsed it


@dataclass
class _Checked:
    index: int
    response_id: str
    audit: Audit
    values: dict[str, Any]
    base_revision: int | None


async def put_responses(actor: Actor, puts: Sequence[Put]) -> list[Outcome]:
    """The outcome of each PUT /responses/{id}, in order."""
    outcomes: list[Outcome | None] = [None] * len(puts)
    chunk: list[_Checked] = []
    touched: set[object] = set()
    for index, put in enumerate(puts):
        try:
            audit, values = await answer_values(actor, put.body)
        except DomainError as exc:
            outcomes[index] = exc
            continue
        place = (values["audit_id"], values["space_id"], values["item_id"])
        if put.response_id in touched or place in touched:
            # A second change to one answer sees the first: what came before it is written first.
            await _apply(actor, chunk, outcomes)
            chunk, touched = [], set()
        touched |= {put.response_id, place}
        chunk.append(_Checked(index, put.response_id, audit, values, put.body.get("base_revision")))
    await _apply(actor, chunk, outcomes)
    return [outcome for outcome in outcomes if outcome is not None]


async def _apply(actor: Actor, chunk: list[_Checked], outcomes: list[Outcome | None]) -> None:
    if not chunk:
        return
    existing = {str(r.id): r for r in await Response.filter(id__in=[c.response_id for c in chunk])
                .prefetch_related("answered_by")}
    others = await _answers_at(chunk, existing)
    creates: list[tuple[int, Response]] = []
    updates: list[tuple[int, Response]] = []
    for c in chunk:
        try:
            stored = existing.get(c.response_id)
            if stored is None:
                creates.append((c.index, _new(actor, c, others)))
            else:
                changed = await _changed(actor, c, stored)
                if changed:
                    updates.append((c.index, stored))
                else:
                    outcomes[c.index] = (response_json(stored), False)
        except DomainError as exc:
            outcomes[c.index] = exc
    await _write(actor, [r for _, r in creates], [r for _, r in updates], {c.audit.id: c.audit for c in chunk})
    me = await User.get(id=actor.user_id) if creates or updates else None
    for index, response in creates:
        outcomes[index] = (response_json(response, me), True)
    for index, response in updates:
        outcomes[index] = (response_json(response, me), False)


async def _answers_at(chunk: list[_Checked], existing: dict[str, Response]) -> dict[tuple[str, str, str], Response]:
    """The answers already given at the places of the new ones (another phone's answer to the same item)."""
    new = [c for c in chunk if c.response_id not in existing]
    if not new:
        return {}
    found = await Response.filter(audit_id__in={c.audit.id for c in new},
                                  space_id__in={c.values["space_id"] for c in new},
                                  item_id__in={c.values["item_id"] for c in new}).prefetch_related("answered_by")
    return {(str(r.audit_id), str(r.space_id), r.item_id): r for r in found}  # type: ignore[attr-defined]


def _new(actor: Actor, c: _Checked, others: dict[tuple[str, str, str], Response]) -> Response:
    if c.audit.status == "submitted":
        raise submitted_error()
    other = others.get((c.values["audit_id"], c.values["space_id"], c.values["item_id"]))
    if other is not None:
        raise answered_elsewhere(other)
    return Response(id=c.response_id, audit_id=c.audit.id, space_id=c.values["space_id"],
                    item_id=c.values["item_id"], answer={"value": c.values["answer"]}, note=c.values["note"],
                    answered_by_id=actor.user_id)


async def _changed(actor: Actor, c: _Checked, existing: Response) -> bool:
    """Apply the change to the stored answer in memory; False for a replay (as put_response decides)."""
    if existing.audit_id != c.audit.id:  # type: ignore[attr-defined]
        await require_readable(actor, existing.audit_id, "answer")  # type: ignore[attr-defined]
    stored = response_json(existing)

    async def current() -> dict[str, Any]:
        return stored

    if not await check_change(stored, c.values, revision=existing.revision, base_revision=c.base_revision,
                              submitted=c.audit.status == "submitted", current=current):
        return False
    require_same_place(stored, c.values, "response")
    existing.answer, existing.note = {"value": c.values["answer"]}, c.values["note"]
    existing.answered_by_id = actor.user_id  # type: ignore[attr-defined]
    existing.revision += 1
    return True


async def _write(actor: Actor, creates: list[Response], updates: list[Response], audits: dict[Any, Audit]) -> None:
    """The new answers, the changed ones and a history entry for each; a planned audit starts with its first."""
    if creates:
        for audit_id in dict.fromkeys(r.audit_id for r in creates):  # type: ignore[attr-defined]
            await started(actor, audits[audit_id])
        await Response.bulk_create(creates)
    for response in updates:
        await response.save()
    if creates or updates:
        await ResponseRevision.bulk_create([revision_of(r, actor) for r in [*creates, *updates]])

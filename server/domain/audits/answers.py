"""Answers to checklist items, one per audit, space and item, checked against the audit's pinned checklist."""

from __future__ import annotations

from typing import Any

from tortoise.transactions import in_transaction

from server import clock
from server.auth.permissions import Actor
from server.checklists.rules import answer_problem, find_item
from server.domain.audits.access import get_audit, require_readable, require_walker, space_ids
from server.domain.audits.status import started
from server.domain.audits.views import response_json
from server.domain.sync.replay import check_change, require_same_place, submitted_error
from server.errors import Conflict, Invalid, NotFound
from server.models import Audit, Response, ResponseRevision, User
from server.schema import CONTROL_CHARS


async def require_space(audit: Audit, space_id: str) -> None:
    if space_id not in await space_ids(audit):
        raise Invalid("space_id: this space is not part of the audit.", field="space_id")


def _note(value: Any) -> str:
    if not isinstance(value, str) or len(value.strip()) > 2000 or CONTROL_CHARS.search(value.replace("\n", "")):
        raise Invalid("note must be text of at most 2000 characters.", field="note")
    return value.strip()


async def answer_values(actor: Actor, body: dict[str, Any]) -> tuple[Audit, dict[str, Any]]:
    """The audit (which the caller must walk) and the answer's values, checked against its pinned checklist."""
    audit = await get_audit(actor, str(body["audit_id"]))
    await require_walker(actor, audit)
    space_id, item_id = str(body["space_id"]), body["item_id"]
    await require_space(audit, space_id)
    found = find_item(audit.checklist.content, item_id)
    if found is None:
        raise Invalid(f"item_id: {item_id!r} is not an item of checklist {audit.checklist.checklist_id} "
                      f"version {audit.checklist.version}.", field="item_id")
    answer = body["answer"]
    problem = answer_problem(found[1], answer)
    if problem:
        raise Invalid(f"answer: {problem}", field="answer")
    if isinstance(answer, str) and found[1]["type"] == "text":
        answer = answer.strip()
    return audit, {"audit_id": str(audit.id), "space_id": space_id, "item_id": item_id, "answer": answer,
                   "note": _note(body.get("note", ""))}


async def put_response(actor: Actor, response_id: str, body: dict[str, Any]) -> tuple[dict[str, Any], bool]:
    audit, incoming = await answer_values(actor, body)
    existing = await Response.get_or_none(id=response_id).prefetch_related("answered_by")
    if existing is None:
        return await _create(actor, audit, response_id, incoming), True
    if existing.audit_id != audit.id:  # type: ignore[attr-defined]
        await require_readable(actor, existing.audit_id, "answer")  # type: ignore[attr-defined]
    stored = response_json(existing)

    async def current() -> dict[str, Any]:
        return stored

    if not await check_change(stored, incoming, revision=existing.revision, base_revision=body.get("base_revision"),
                              submitted=audit.status == "submitted", current=current):
        return stored, False
    require_same_place(stored, incoming, "response")
    existing.answer, existing.note = {"value": incoming["answer"]}, incoming["note"]
    existing.answered_by_id = actor.user_id  # type: ignore[attr-defined]
    existing.revision += 1
    async with in_transaction():  # the answer and its history entry, or neither
        await existing.save()
        await _remember(existing, actor)
    return response_json(existing, await User.get(id=actor.user_id)), False


def answered_elsewhere(other: Response) -> Conflict:
    return Conflict("This item already has an answer in this space; here it is.", field="item_id",
                    current=response_json(other))


async def _create(actor: Actor, audit: Audit, response_id: str, values: dict[str, Any]) -> dict[str, Any]:
    if audit.status == "submitted":
        raise submitted_error()
    other = await Response.get_or_none(audit_id=audit.id, space_id=values["space_id"],
                                       item_id=values["item_id"]).prefetch_related("answered_by")
    if other is not None:
        raise answered_elsewhere(other)
    async with in_transaction():  # starting the audit, the answer and its history entry: all or none
        await started(actor, audit)
        created = await Response.create(id=response_id, audit_id=audit.id, space_id=values["space_id"],
                                        item_id=values["item_id"], answer={"value": values["answer"]},
                                        note=values["note"], answered_by_id=actor.user_id)
        await _remember(created, actor)
    return response_json(created, await User.get(id=actor.user_id))


def revision_of(response: Response, actor: Actor) -> ResponseRevision:
    # Every saved state is kept: when two people edit one answer, the later edit wins and the earlier stays here.
    return ResponseRevision(response_id=response.id, revision=response.revision, answer=response.answer,
                            note=response.note, actor_id=actor.user_id, at=clock.now())


async def _remember(response: Response, actor: Actor) -> None:
    await revision_of(response, actor).save()


async def response_history(actor: Actor, response_id: str) -> dict[str, Any]:
    """The answer as it is now, with every earlier state, newest first."""
    response = await Response.get_or_none(id=response_id).prefetch_related("answered_by")
    if response is None:
        raise NotFound("There is no such answer.")
    await get_audit(actor, str(response.audit_id))  # type: ignore[attr-defined]
    revisions = await ResponseRevision.filter(response_id=response.id).order_by("-revision").prefetch_related("actor")
    return {**response_json(response),
            "history": [{"revision": r.revision, "answer": r.value, "note": r.note, "at": clock.iso(r.at),
                         "by": {"id": str(r.actor.id), "name": r.actor.name}} for r in revisions]}

"""Comments on a finding, at any state, by anyone who may see it. Each comment's id is made by the client, so
a comment sent twice (a retry, a replayed outbox) is stored once."""

from __future__ import annotations

from typing import Any

from tortoise.exceptions import IntegrityError

from server import clock
from server.auth.permissions import Actor
from server.domain.findings.access import get_finding, require_readable
from server.domain.findings.views import comment_json
from server.errors import Conflict
from server.models import FindingComment


def _same(comment: FindingComment, finding_id: str, actor: Actor, text: str) -> dict[str, Any]:
    mine = (str(comment.finding_id), str(comment.author_id), comment.text)  # type: ignore[attr-defined]
    if mine != (finding_id, actor.user_id, text):
        raise Conflict(
            "A different comment was already saved under this id.", field="id", current=comment_json(comment)
        )
    return comment_json(comment)


async def add_comment(actor: Actor, finding_id: str, comment_id: str, text: str) -> tuple[dict[str, Any], bool]:
    """Returns (comment, created); the same comment again is answered as it was saved."""
    finding = await get_finding(actor, finding_id)
    existing = await FindingComment.get_or_none(id=comment_id).prefetch_related("author")
    if existing is not None:
        if existing.finding_id != finding.id:  # type: ignore[attr-defined]
            await require_readable(actor, existing.finding_id, "comment")  # type: ignore[attr-defined]
        return _same(existing, str(finding.id), actor, text), False
    try:
        comment = await FindingComment.create(
            id=comment_id, finding=finding, author_id=actor.user_id, text=text, at=clock.now()
        )
    except IntegrityError:  # the same comment raced itself: answer as a replay
        return _same(
            await FindingComment.get(id=comment_id).prefetch_related("author"), str(finding.id), actor, text
        ), False
    await comment.fetch_related("author")
    return comment_json(comment), True

"""A finding's history and conversation: one event per change (the timeline is the history) and comments.

The finding's `status` column is a projection of its events, kept for filtering and for the conditional
update that settles races; server/domain/findings/flow.py writes both in one transaction, nothing else does.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class FindingEvent(Model):
    # One change to a finding: who, when, from which state to which, why (note), with which photos, and the
    # fields it changed as {"field": [old, new]}. Never updated or deleted.

    id = fields.IntField(primary_key=True)
    finding: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Finding", related_name="events", on_delete=fields.CASCADE
    )
    actor: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="finding_events", on_delete=fields.RESTRICT
    )
    at = fields.DatetimeField()
    from_status = fields.CharField(max_length=20, null=True)
    to_status = fields.CharField(max_length=20)
    note = fields.TextField(default="")
    photo_ids = fields.JSONField(default=list)
    changes = fields.JSONField(default=dict)

    class Meta:
        table = "finding_events"
        # A finding's timeline; the verifications (when, and of which findings) for the dashboard and filters; the
        # fixes verified in a period (the progress page's days to a verified fix), found without a scan.
        indexes = (("finding_id",), ("to_status", "finding_id", "at"), ("to_status", "at", "from_status", "finding_id"))


class FindingComment(Model):
    id = fields.UUIDField(primary_key=True)  # made by the client, so a replayed comment is recognised
    finding: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Finding", related_name="comments", on_delete=fields.CASCADE
    )
    author: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="finding_comments", on_delete=fields.RESTRICT
    )
    text = fields.TextField()
    at = fields.DatetimeField()

    class Meta:
        table = "finding_comments"
        indexes = (("finding_id",),)

"""Operations the phone has sent, remembered by their ids, so that a replay gets the first answer again."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Operation(Model):
    # "<user id>:<operation id>": ids are made on phones, so they are only unique per person.
    key = fields.CharField(max_length=80, primary_key=True)
    method = fields.CharField(max_length=10)
    path = fields.CharField(max_length=300)
    done = fields.BooleanField(default=False)
    status = fields.IntField(null=True)
    body = fields.JSONField(null=True)
    started_at = fields.DatetimeField()

    class Meta:
        table = "operations"

"""What the institution shows the public: whether the progress page is on, and the before/after pairs of verified
fixes the committee chose to publish. Each publishing and withdrawal is also an event in the finding's history
(server/domain/progress/publications.py writes both in one transaction)."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ProgressPage(Model):
    # One row (id 1) once an administrator has turned the page on or off; no row means off, the default.
    id = fields.IntField(primary_key=True)
    enabled = fields.BooleanField(default=False)
    changed_at = fields.DatetimeField()
    changed_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="progress_page_changes", on_delete=fields.RESTRICT)

    class Meta:
        table = "progress_page"


class Publication(Model):
    # One per finding that was ever published: the pair shown, and whether it is shown now (a withdrawal keeps
    # the row, so publishing again is an update; the finding's events keep every step).
    id = fields.IntField(primary_key=True)
    finding: fields.OneToOneRelation = fields.OneToOneField(
        "models.Finding", related_name="publication", on_delete=fields.CASCADE)
    before_photo: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Photo", related_name="published_before", on_delete=fields.CASCADE)
    after_photo: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Photo", related_name="published_after", on_delete=fields.CASCADE)
    published = fields.BooleanField(default=True, db_index=True)
    changed_at = fields.DatetimeField()

    class Meta:
        table = "publications"

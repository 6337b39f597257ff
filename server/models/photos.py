"""Photos of findings: what was uploaded (by hash, for replays), the three sizes everyone sees, and the
unblurred originals kept for administrators when a photo has been redacted."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Photo(Model):
    id = fields.UUIDField(primary_key=True)  # made on the phone
    finding: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Finding", related_name="photos", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=10)  # evidence (the auditor's) or after (the remedy's)
    upload_sha256 = fields.CharField(max_length=64)
    # Content hashes of the JPEGs in the photo store: what everyone is shown (blurred once redacted).
    evidence = fields.CharField(max_length=64)
    display = fields.CharField(max_length=64)
    thumb = fields.CharField(max_length=64)
    # The unblurred set, kept only once a redaction replaced the one above; shown to administrators only.
    original_evidence = fields.CharField(max_length=64, null=True)
    original_display = fields.CharField(max_length=64, null=True)
    original_thumb = fields.CharField(max_length=64, null=True)
    width = fields.IntField()
    height = fields.IntField()
    taken_at = fields.DatetimeField(null=True)
    caption = fields.CharField(max_length=300, default="")
    uploaded_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="photos", on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "photos"


class PhotoRedaction(Model):
    # Every redaction: who blurred which regions of which photo, and when.
    id = fields.IntField(primary_key=True)
    photo: fields.ForeignKeyRelation[Photo] = fields.ForeignKeyField(
        "models.Photo", related_name="redactions", on_delete=fields.CASCADE)
    actor: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="redactions", on_delete=fields.RESTRICT)
    boxes = fields.JSONField()
    at = fields.DatetimeField()

    class Meta:
        table = "photo_redactions"

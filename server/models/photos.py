"""Photos of findings and of photo answers: what was uploaded (by hash, for replays), the three sizes everyone
sees, and the unblurred originals kept for administrators when a photo has been redacted."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Photo(Model):
    id = fields.UUIDField(primary_key=True)  # made on the phone
    # A finding's photo (kind evidence: the auditor's; after: the remedy's) has a finding; the answer to a photo
    # item of a checklist (kind answer) has its place instead: the audit, the space and the item.
    finding: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Finding", related_name="photos", null=True, on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=10)  # evidence | after | answer
    audit: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Audit", related_name="answer_photos", null=True, on_delete=fields.CASCADE)
    space: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Space", related_name="answer_photos", null=True, on_delete=fields.RESTRICT)
    item_id = fields.CharField(max_length=80, null=True)
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
        indexes = (("finding_id",),)  # a list's thumbnails and a finding's page read a finding's photos


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

"""Checklist versions as loaded, and audits: who walks which spaces with which pinned checklist, their answers
and findings. Audit, response and finding ids are made on the phone, so replays can be recognised."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class ChecklistVersion(Model):
    # One loaded version of one checklist file: never deleted, and never changed but for translated texts added
    # to it (checklists/README.md, Versions and pinning), so pinned audits keep working.

    id = fields.UUIDField(primary_key=True)
    checklist_id = fields.CharField(max_length=80)
    version = fields.IntField()
    fingerprint = fields.CharField(max_length=64)
    title = fields.CharField(max_length=200)
    content = fields.JSONField()
    # False once the checklist's file is gone from the folder: no new audits, but pinned ones keep reading it.
    active = fields.BooleanField(default=True)
    loaded_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "checklist_versions"
        unique_together = (("checklist_id", "version"),)


class Audit(Model):
    id = fields.UUIDField(primary_key=True)
    title = fields.CharField(max_length=200)
    building: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Building", related_name="audits", on_delete=fields.RESTRICT)
    checklist: fields.ForeignKeyRelation[ChecklistVersion] = fields.ForeignKeyField(
        "models.ChecklistVersion", related_name="audits", on_delete=fields.RESTRICT)
    status = fields.CharField(max_length=20, default="planned")
    revision = fields.IntField(default=1)
    created_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="audits_created", on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    submitted_at = fields.DatetimeField(null=True)

    class Meta:
        table = "audits"


class AuditMember(Model):
    id = fields.IntField(primary_key=True)
    audit: fields.ForeignKeyRelation[Audit] = fields.ForeignKeyField(
        "models.Audit", related_name="members", on_delete=fields.CASCADE)
    user: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="audit_memberships", on_delete=fields.RESTRICT)

    class Meta:
        table = "audit_members"
        unique_together = (("audit", "user"),)


class AuditSpace(Model):
    id = fields.IntField(primary_key=True)
    audit: fields.ForeignKeyRelation[Audit] = fields.ForeignKeyField(
        "models.Audit", related_name="spaces", on_delete=fields.CASCADE)
    space: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Space", related_name="audit_spaces", on_delete=fields.RESTRICT)
    position = fields.IntField()
    skip_reason = fields.CharField(max_length=20, null=True)
    skip_note = fields.TextField(default="")

    class Meta:
        table = "audit_spaces"
        unique_together = (("audit", "space"),)


class AuditEvent(Model):
    # The history of an audit: every status change (and who made it), written with the change itself.

    id = fields.IntField(primary_key=True)
    audit: fields.ForeignKeyRelation[Audit] = fields.ForeignKeyField(
        "models.Audit", related_name="events", on_delete=fields.CASCADE)
    actor: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="audit_events", on_delete=fields.RESTRICT)
    from_status = fields.CharField(max_length=20, null=True)
    to_status = fields.CharField(max_length=20)
    at = fields.DatetimeField()

    class Meta:
        table = "audit_events"


class Response(Model):
    id = fields.UUIDField(primary_key=True)
    audit: fields.ForeignKeyRelation[Audit] = fields.ForeignKeyField(
        "models.Audit", related_name="responses", on_delete=fields.CASCADE)
    space: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Space", related_name="responses", on_delete=fields.RESTRICT)
    item_id = fields.CharField(max_length=80)
    # Stored as {"value": answer}: Tortoise reads a bare JSON string such as "yes" as already-encoded JSON.
    answer = fields.JSONField()
    note = fields.TextField(default="")
    revision = fields.IntField(default=1)
    answered_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="responses", on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    @property
    def value(self) -> object:
        return self.answer["value"]

    class Meta:
        table = "responses"
        unique_together = (("audit", "space", "item_id"),)


# Every saved state of an answer, so a change merged over another person's edit never erases it.
# (A comment, not a docstring: Tortoise would copy a docstring into the migration as the table description.)
class ResponseRevision(Model):
    id = fields.IntField(primary_key=True)
    response: fields.ForeignKeyRelation[Response] = fields.ForeignKeyField(
        "models.Response", related_name="revisions", on_delete=fields.CASCADE)
    revision = fields.IntField()
    answer = fields.JSONField()
    note = fields.TextField(default="")
    actor: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="response_revisions", on_delete=fields.RESTRICT)
    at = fields.DatetimeField()

    @property
    def value(self) -> object:
        return self.answer["value"]

    class Meta:
        table = "response_revisions"
        unique_together = (("response", "revision"),)


class Finding(Model):
    id = fields.UUIDField(primary_key=True)
    # A finding comes from an audit's walk, or from a community report (then it has no audit).
    audit: fields.ForeignKeyNullableRelation[Audit] = fields.ForeignKeyField(
        "models.Audit", related_name="findings", null=True, on_delete=fields.CASCADE)
    source = fields.CharField(max_length=10, default="walk", db_default="walk")  # walk | community
    space: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Space", related_name="findings", on_delete=fields.RESTRICT)
    item_id = fields.CharField(max_length=80, null=True)
    section_id = fields.CharField(max_length=80, null=True)
    title = fields.CharField(max_length=200)
    description = fields.TextField(default="")
    severity = fields.CharField(max_length=10)
    remedies = fields.JSONField(default=list)
    photo_ids = fields.JSONField(default=list)
    # A projection of the finding's events (server/models/remediation.py), written only by
    # server/domain/findings/flow.py in the same transaction as the event that explains it.
    status = fields.CharField(max_length=20, default="open", db_index=True)
    revision = fields.IntField(default=1)
    created_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="findings_created", on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)
    # Remediation (issue 6): the remedy the committee chose, who fixes it by when, and who said it was fixed.
    remedy = fields.CharField(max_length=30, null=True)
    priority = fields.CharField(max_length=10, default="normal", db_default="normal")
    assignee: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="findings_assigned", null=True, on_delete=fields.RESTRICT)
    due_date = fields.DateField(null=True)
    resolved_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="findings_resolved", null=True, on_delete=fields.RESTRICT)
    duplicate_of: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Finding", related_name="duplicates", null=True, on_delete=fields.RESTRICT)

    class Meta:
        table = "findings"
        # The list is newest first and filtered by day; facilities see the findings assigned to them. The others
        # hold every column a dashboard count reads (server/domain/reporting/counting.py), in the order it groups
        # by, so counting 100,000 findings reads small indexes rather than the findings; the one led by audit_id
        # also finds an audit's findings (what auditors see). The public progress page counts the findings raised
        # in a year by campus, category and state from the one led by created_at and status
        # (server/domain/progress/figures.py).
        indexes = (("created_at",), ("assignee_id",), ("status", "severity", "source", "created_at", "due_date"),
                   ("audit_id", "section_id", "status"), ("space_id", "status"), ("status", "id"), ("id", "created_at"),
                   ("created_at", "status", "audit_id", "space_id", "section_id"))

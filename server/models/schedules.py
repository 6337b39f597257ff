"""Audit schedules: a building walked with a checklist every so many months, with a responsible member; and the
reminders mailed about them, one row per reminder so each goes out once."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Schedule(Model):
    # One per (building, checklist): a campus choice creates one for each of its buildings, so the due list
    # and the reminders speak of buildings, which is what a team walks. The checklist is its file's id, not
    # a version: audits pin versions, the rhythm belongs to the checklist. A building that is deleted takes
    # its schedules with it; a checklist whose file is taken out of the folder pauses its schedules
    # (server/domain/schedules/store.py), and they resume if it comes back.
    id = fields.UUIDField(primary_key=True)
    building: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Building", related_name="schedules", on_delete=fields.CASCADE)
    checklist_id = fields.CharField(max_length=80)
    interval_months = fields.IntField()
    responsible: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="schedules", on_delete=fields.RESTRICT)
    created_by: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.User", related_name="schedules_created", on_delete=fields.RESTRICT)
    created_at = fields.DatetimeField()
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "schedules"
        unique_together = (("building", "checklist_id"),)


class ScheduleReminder(Model):
    # A reminder claimed by inserting its row before the mail is sent: the unique key means it goes out once,
    # across restarts and several server processes. Keyed by the due day, so the next cycle (after a new
    # audit) gets reminders of its own. A claim whose mail reached nobody is deleted, to be tried again.
    id = fields.IntField(primary_key=True)
    schedule: fields.ForeignKeyRelation[Schedule] = fields.ForeignKeyField(
        "models.Schedule", related_name="reminders", on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=10)  # soon | overdue
    due_on = fields.DateField()
    sent_on = fields.DateField()
    to_email = fields.CharField(max_length=254)

    class Meta:
        table = "schedule_reminders"
        unique_together = (("schedule", "kind", "due_on"),)

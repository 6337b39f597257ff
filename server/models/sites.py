"""The registry of places: campus -> building -> space."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class Campus(Model):
    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=200, unique=True)
    created_at = fields.DatetimeField(auto_now_add=True)
    # Community reports from posters in this campus's spaces; a building may say otherwise.
    community_reports = fields.BooleanField(default=False, db_default=False)

    buildings: fields.ReverseRelation[Building]

    class Meta:
        table = "campuses"


class Building(Model):
    id = fields.UUIDField(primary_key=True)
    campus: fields.ForeignKeyRelation[Campus] = fields.ForeignKeyField(
        "models.Campus", related_name="buildings", on_delete=fields.RESTRICT
    )
    code = fields.CharField(max_length=40)
    name = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)
    community_reports = fields.BooleanField(null=True)  # None: as its campus says

    spaces: fields.ReverseRelation[Space]

    class Meta:
        table = "buildings"
        unique_together = (("campus", "code"),)


class Space(Model):
    id = fields.UUIDField(primary_key=True)
    building: fields.ForeignKeyRelation[Building] = fields.ForeignKeyField(
        "models.Building", related_name="spaces", on_delete=fields.RESTRICT
    )
    floor = fields.CharField(max_length=20)
    # NULL, not "", when a space has no room number (corridors, stairwells), so the uniqueness of room
    # numbers within a building does not forbid two corridors.
    room_number = fields.CharField(max_length=40, null=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharField(max_length=40)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = "spaces"
        unique_together = (("building", "room_number"),)

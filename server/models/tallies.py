"""Counts of findings kept as findings change, so the dashboard reads a number of rows that does not grow with
the findings (server/domain/reporting/tallies.py keeps them; tallied.py reads them).

A tally cell counts the findings (never the withdrawn ones: the dashboard leaves them out everywhere) that share
a scope (everywhere, a campus, a building, each with or without one checklist: the dashboard's place filters), a
kind (what the cell counts by: state, audit, section, building, overdue, verified, wait), a period (the UTC month
or day the finding was raised: a month's cell and a day's cell both hold it) and the kind's own dimensions.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class FindingTally(Model):
    # Every key column is text and never null ("" for none), so the unique index is the cell's identity and the
    # insert-or-add of server/domain/reporting/tallies.py can name it in ON CONFLICT.
    id = fields.BigIntField(primary_key=True)
    scope = fields.CharField(max_length=120)
    kind = fields.CharField(max_length=10)
    grain = fields.CharField(max_length=1)  # m: period is a month (YYYY-MM); d: a day (YYYY-MM-DD)
    period = fields.CharField(max_length=10)
    status = fields.CharField(max_length=20, default="")
    severity = fields.CharField(max_length=10, default="")
    source = fields.CharField(max_length=10, default="")
    extra = fields.CharField(max_length=200, default="")
    n = fields.IntField(default=0)

    class Meta:
        table = "finding_tallies"
        # Led by what every read fixes (scope, kind, grain), then the period it takes a range of.
        unique_together = (("scope", "kind", "grain", "period", "status", "severity", "source", "extra"),)


class FindingWait(Model):
    # How long each verified finding waited (raised to verified, in microseconds), with the filters the dashboard
    # takes, so the median is read exactly: the wait histogram (tallies of kind "wait") names the day the middle
    # falls on, and only that day's rows are read from here, through the index on waited_us.
    finding: fields.OneToOneRelation = fields.OneToOneField(
        "models.Finding", related_name="wait", on_delete=fields.CASCADE, primary_key=True)
    waited_us = fields.BigIntField()
    campus_id = fields.CharField(max_length=36)
    building_id = fields.CharField(max_length=36)
    checklist_id = fields.CharField(max_length=64, default="")
    source = fields.CharField(max_length=10)
    raised_day = fields.DateField()

    class Meta:
        table = "finding_waits"
        indexes = (("waited_us",),)

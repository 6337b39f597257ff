"""Community reports: what anyone in a space can send from a poster's QR code, without an account.

Nothing here identifies the reporter: no address, device, cookie or account, and public actions are dated to
the day, not the second. The follow-up key is kept only as a hash; an email address left for updates lives
in its own table and is deleted when the report closes or on request.
"""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class SpaceCode(Model):
    # The code printed on a space's poster (not its database id). Renewing it retires the old one, so an old
    # poster can say it is out of date rather than "not found".
    code = fields.CharField(max_length=12, primary_key=True)
    space: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Space", related_name="public_codes", on_delete=fields.CASCADE)
    created_on = fields.DateField()
    retired_on = fields.DateField(null=True)

    class Meta:
        table = "space_codes"


class CommunityReport(Model):
    id = fields.UUIDField(primary_key=True)  # made by the reporter's page, so a double send is one report
    tracking_code = fields.CharField(max_length=12, unique=True)  # easy to read aloud: KF7-M2Q-9XD
    key_hash = fields.CharField(max_length=64)  # SHA-256 of the secret follow-up key; the key is never kept
    space: fields.ForeignKeyRelation = fields.ForeignKeyField(
        "models.Space", related_name="community_reports", on_delete=fields.RESTRICT)
    category = fields.CharField(max_length=20)
    description = fields.TextField(default="")
    impact = fields.TextField(default="")  # how it affected them, kept apart from what they saw
    lang = fields.CharField(max_length=5, default="en")
    # received -> under_review -> finding | joined | declined; spam is hidden and never counted.
    status = fields.CharField(max_length=20, default="received", db_index=True)
    received_on = fields.DateField(db_index=True)  # the day only: a precise time could single someone out
    updated_on = fields.DateField()
    decline_reason = fields.TextField(default="")
    finding: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.Finding", related_name="community_reports", null=True, on_delete=fields.SET_NULL)
    closed_on = fields.DateField(null=True)

    class Meta:
        table = "community_reports"


class CommunityPhoto(Model):
    # Uploaded by the reporter's page before the report (which then names it); decoded, re-encoded and
    # stripped by the same pipeline as every photo. No capture time is kept: it could identify the reporter.
    id = fields.UUIDField(primary_key=True)
    report: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.CommunityReport", related_name="photos", null=True, on_delete=fields.CASCADE)
    upload_sha256 = fields.CharField(max_length=64)
    evidence = fields.CharField(max_length=64)
    display = fields.CharField(max_length=64)
    thumb = fields.CharField(max_length=64)
    width = fields.IntField()
    height = fields.IntField()
    received_on = fields.DateField()

    class Meta:
        table = "community_photos"


class CommunityMessage(Model):
    # The conversation between the reporter and the committee. The committee member's name is never shown to
    # the reporter; the reporter has none.
    id = fields.UUIDField(primary_key=True)
    report: fields.ForeignKeyRelation[CommunityReport] = fields.ForeignKeyField(
        "models.CommunityReport", related_name="messages", on_delete=fields.CASCADE)
    sender = fields.CharField(max_length=10)  # reporter | committee
    author: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="community_messages", null=True, on_delete=fields.RESTRICT)
    text = fields.TextField()
    on = fields.DateField()
    position = fields.IntField()  # order within the report: times are kept to the day

    class Meta:
        table = "community_messages"
        unique_together = (("report", "position"),)


class CommunityEvent(Model):
    # Every change of a report's status, by whom (a committee member, or none for the reporter's own actions).
    id = fields.IntField(primary_key=True)
    report: fields.ForeignKeyRelation[CommunityReport] = fields.ForeignKeyField(
        "models.CommunityReport", related_name="events", on_delete=fields.CASCADE)
    actor: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        "models.User", related_name="community_events", null=True, on_delete=fields.RESTRICT)
    from_status = fields.CharField(max_length=20, null=True)
    to_status = fields.CharField(max_length=20)
    note = fields.TextField(default="")
    on = fields.DateField()

    class Meta:
        table = "community_events"


class ReporterContact(Model):
    # An address a reporter chose to leave for updates: apart from the report, shown to nobody, deleted when
    # the report closes or when the reporter asks.
    id = fields.IntField(primary_key=True)
    report: fields.OneToOneRelation[CommunityReport] = fields.OneToOneField(
        "models.CommunityReport", related_name="contact", on_delete=fields.CASCADE)
    email = fields.CharField(max_length=254)

    class Meta:
        table = "reporter_contacts"


class RateCount(Model):
    # Abuse limits without remembering people: a bucket is a keyed hash of a client address under a key
    # that changes every day (DailyKey), or a space, or everyone; counts are per day and purged after it.
    id = fields.IntField(primary_key=True)
    bucket = fields.CharField(max_length=80)
    day = fields.DateField()
    count = fields.IntField(default=0)

    class Meta:
        table = "rate_counts"
        unique_together = (("bucket", "day"),)


class DailyKey(Model):
    # The day's random key for hashing client addresses; yesterday's is deleted, so no count can be tied
    # back to an address once the day is over.
    day = fields.DateField(primary_key=True)
    key = fields.CharField(max_length=64)

    class Meta:
        table = "daily_keys"


class CommunityDigest(Model):
    # A mail to the committee about new reports, claimed by inserting its row before sending: with several
    # server processes only one insert succeeds, so each digest goes out once. Dated to the day only (a
    # precise time would date the reports it announces).
    key = fields.CharField(max_length=60, primary_key=True)  # "day:2026-05-01" (daily) or "report:<id>" (each)
    on = fields.DateField()
    reports = fields.IntField(default=0)

    class Meta:
        table = "community_digests"

"""Tortoise models, one module per domain noun; Tortoise discovers them from this package."""

from server.models.audits import (
    Audit,
    AuditEvent,
    AuditMember,
    AuditSpace,
    ChecklistVersion,
    Finding,
    Response,
    ResponseRevision,
)
from server.models.community import (
    CommunityDigest,
    CommunityEvent,
    CommunityMessage,
    CommunityPhoto,
    CommunityReport,
    DailyKey,
    RateCount,
    ReporterContact,
    SpaceCode,
)
from server.models.operations import Operation
from server.models.photos import Photo, PhotoRedaction
from server.models.publications import ProgressPage, Publication
from server.models.remediation import FindingComment, FindingEvent
from server.models.schedules import Schedule, ScheduleReminder
from server.models.sites import Building, Campus, Space
from server.models.tallies import FindingTally, FindingWait
from server.models.users import Invitation, LoginAttempt, Session, User, UserRole

__all__ = [
    "Audit",
    "AuditEvent",
    "AuditMember",
    "AuditSpace",
    "Building",
    "Campus",
    "ChecklistVersion",
    "CommunityDigest",
    "CommunityEvent",
    "CommunityMessage",
    "CommunityPhoto",
    "CommunityReport",
    "DailyKey",
    "Finding",
    "FindingComment",
    "FindingEvent",
    "FindingTally",
    "FindingWait",
    "Invitation",
    "LoginAttempt",
    "Operation",
    "Photo",
    "PhotoRedaction",
    "ProgressPage",
    "Publication",
    "RateCount",
    "ReporterContact",
    "Response",
    "ResponseRevision",
    "Schedule",
    "ScheduleReminder",
    "Session",
    "Space",
    "SpaceCode",
    "User",
    "UserRole",
]

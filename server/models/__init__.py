"""Tortoise models, one module per domain noun; Tortoise discovers them from this package."""

from server.models.sites import Building, Campus, Space
from server.models.users import Invitation, LoginAttempt, Session, User, UserRole

__all__ = ["Building", "Campus", "Invitation", "LoginAttempt", "Session", "Space", "User", "UserRole"]

"""People, their roles, their sessions and the links that let them set a password."""

from __future__ import annotations

from tortoise import fields
from tortoise.models import Model


class User(Model):
    id = fields.UUIDField(primary_key=True)
    email = fields.CharField(max_length=254, unique=True)  # stored lower-cased
    name = fields.CharField(max_length=200)
    password_hash = fields.CharField(max_length=200, null=True)
    disabled = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    last_login_at = fields.DatetimeField(null=True)
    # The language the person chose for the app, their mail and their downloads (server/languages.py);
    # null until they choose: the web app then follows the browser, and mail is in English.
    lang = fields.CharField(max_length=5, null=True)

    roles: fields.ReverseRelation[UserRole]

    class Meta:
        table = "users"


class UserRole(Model):
    id = fields.IntField(primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="roles", on_delete=fields.CASCADE
    )
    role = fields.CharField(max_length=20)

    class Meta:
        table = "user_roles"
        unique_together = (("user", "role"),)


class Session(Model):
    # The cookie carries a random token; only its SHA-256 is stored, so a copy of the database cannot be
    # used to log in as anyone.
    token_hash = fields.CharField(max_length=64, primary_key=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="sessions", on_delete=fields.CASCADE
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField(db_index=True)

    class Meta:
        table = "sessions"


class Invitation(Model):
    id = fields.UUIDField(primary_key=True)
    token_hash = fields.CharField(max_length=64, unique=True)
    user: fields.ForeignKeyRelation[User] = fields.ForeignKeyField(
        "models.User", related_name="invitations", on_delete=fields.CASCADE
    )
    purpose = fields.CharField(max_length=10)  # invite | reset
    created_by: fields.ForeignKeyNullableRelation[User] = fields.ForeignKeyField(
        "models.User", related_name=False, null=True, on_delete=fields.SET_NULL
    )
    created_at = fields.DatetimeField(auto_now_add=True)
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    revoked = fields.BooleanField(default=False)

    class Meta:
        table = "invitations"


class LoginAttempt(Model):
    # Kept in the database, not in memory, so the limits hold across several server processes.
    id = fields.IntField(primary_key=True)
    account = fields.CharField(max_length=254)  # the email as typed, lower-cased, known or not
    client = fields.CharField(max_length=64)  # the client's address
    succeeded = fields.BooleanField()
    at = fields.DatetimeField(db_index=True)  # the purge deletes by age

    class Meta:
        table = "login_attempts"
        # The limits ask about "this account from this address" and "this address on any account" within
        # a window; an index led by each answers without reading other people's attempts.
        indexes = (("account", "client", "at"), ("client", "at"))

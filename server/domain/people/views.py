"""How people read in the API: a user (for administrators and for the user themselves), a person named on a
record (id and name only), and a set-password link."""

from __future__ import annotations

from typing import Any, overload

from server import clock
from server.models import Invitation, User


def user_json(user: User, *, verbs: frozenset[str] | None = None) -> dict[str, Any]:
    """The fields of a user anyone allowed to see them gets; never the password hash."""
    data: dict[str, Any] = {
        "id": str(user.id),
        "email": user.email,
        "name": user.name,
        "roles": sorted(r.role for r in user.roles),
        "disabled": user.disabled,
        "has_password": user.password_hash is not None,
        "created_at": clock.iso(user.created_at),
        "last_login_at": clock.iso(user.last_login_at),
        "lang": user.lang,
    }
    if verbs is not None:
        data["verbs"] = sorted(verbs)
    return data


@overload
def person(user: User) -> dict[str, str]: ...


@overload
def person(user: User | None) -> dict[str, str] | None: ...


def person(user: User | None) -> dict[str, str] | None:
    """Someone named on a record (who answered, who is assigned): never more than their id and name."""
    return None if user is None else {"id": str(user.id), "name": user.name}


def invitation_json(invitation: Invitation, url: str) -> dict[str, Any]:
    return {"url": url, "purpose": invitation.purpose, "expires_at": clock.iso(invitation.expires_at)}

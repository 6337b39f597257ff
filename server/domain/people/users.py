"""People: creating them, changing their roles, disabling them, and logging them in."""

from __future__ import annotations

import uuid
from typing import Any

from tortoise.exceptions import IntegrityError
from tortoise.expressions import Q, Subquery
from tortoise.transactions import in_transaction

from server import clock
from server.auth import ratelimit
from server.auth.passwords import hash_password, needs_rehash, verify_password
from server.auth.permissions import ROLES, Actor
from server.auth.sessions import end_all_sessions
from server.domain.list_filters import Filter, one_of, text, true_or_false
from server.errors import Conflict, DomainError, Invalid, NotFound
from server.models import User, UserRole


class InvalidCredentials(DomainError):
    code = "invalid_credentials"


async def get_user(user_id: str | uuid.UUID) -> User:
    user = await User.get_or_none(id=user_id).prefetch_related("roles")
    if user is None:
        raise NotFound("No such user.")
    return user


# GET /api/users: what list_users takes, read from the query string.
FILTERS = (
    Filter("q", "Part of a name or email.", text(200)),
    Filter("role", "Only users with this role.", one_of(ROLES, message="{name} must be one of {choices}.")),
    Filter("include_disabled", "true (default) or false.", true_or_false(default=True)),
)


async def list_users(*, q: str = "", role: str = "", include_disabled: bool = True,
                     limit: int = 50, offset: int = 0) -> tuple[list[User], int]:
    query = User.all()
    if q:
        query = query.filter(Q(email__icontains=q) | Q(name__icontains=q))
    if role:
        query = query.filter(id__in=Subquery(UserRole.filter(role=role).values("user_id")))
    if not include_disabled:
        query = query.filter(disabled=False)
    total = await query.count()
    users = await query.order_by("name", "email").offset(offset).limit(limit).prefetch_related("roles")
    return users, total


async def create_user(email: str, name: str, roles: list[str], password: str | None = None) -> User:
    if not roles:
        raise Invalid("Give the person at least one role.", field="roles")
    try:
        async with in_transaction():
            user = await User.create(email=email.lower(), name=name,
                                     password_hash=hash_password(password) if password else None)
            await UserRole.bulk_create([UserRole(user=user, role=r) for r in sorted(set(roles))])
    except IntegrityError:
        raise Conflict(f"A user with the email {email} already exists.", field="email") from None
    return await get_user(user.id)


async def update_user(actor: Actor, user_id: str, changes: dict[str, Any]) -> User:
    user = await get_user(user_id)
    is_self = str(user.id) == actor.user_id
    if is_self and changes.get("disabled") is True:
        raise Invalid("You cannot disable your own account.", field="disabled")
    if is_self and "roles" in changes and "admin" not in changes["roles"]:
        raise Invalid("You cannot remove your own administrator role.", field="roles")
    if "roles" in changes and not changes["roles"]:
        raise Invalid("Give the person at least one role.", field="roles")
    async with in_transaction():
        if "name" in changes:
            user.name = changes["name"]
        if "disabled" in changes:
            user.disabled = changes["disabled"]
        await user.save()
        if "roles" in changes:
            await UserRole.filter(user=user).delete()
            await UserRole.bulk_create([UserRole(user=user, role=r) for r in changes["roles"]])
        if user.disabled:
            # A disabled person must not keep working through a session opened earlier.
            await end_all_sessions(str(user.id))
    return await get_user(user.id)


async def update_profile(actor: Actor, changes: dict[str, Any]) -> User:
    """What a person changes about themselves: their language (None: not chosen, follow the browser)."""
    user = await get_user(actor.user_id)
    if "lang" in changes:
        user.lang = changes["lang"]
        await user.save(update_fields=["lang"])
    return user


async def set_password(user: User, password: str) -> None:
    user.password_hash = hash_password(password)
    await user.save(update_fields=["password_hash"])


async def authenticate(email: str, password: str, client: str, limits: ratelimit.LoginLimits) -> User:
    """The user these credentials belong to, or InvalidCredentials; the same answer for every failure."""
    account = email.strip().lower()[:254]
    attempt = await ratelimit.admit(account, client, limits)  # a refusal (429) comes before the costly hash
    user = await User.get_or_none(email=account).prefetch_related("roles")
    ok = verify_password(user.password_hash if user else None, password)
    if not ok or user is None or user.disabled:
        raise InvalidCredentials("The email or password is not right.")
    await ratelimit.succeeded(attempt)
    if needs_rehash(user.password_hash or ""):
        await set_password(user, password)
    user.last_login_at = clock.now()
    await user.save(update_fields=["last_login_at"])
    return user


async def get_user_by_email(email: str) -> User:
    user = await User.get_or_none(email=email.strip().lower()).prefetch_related("roles")
    if user is None:
        raise NotFound(f"No user has the email {email}.", field="email")
    return user

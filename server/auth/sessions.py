"""Server-side sessions: revocable at once, sliding expiry."""

from __future__ import annotations

from datetime import timedelta

from server import clock, query_shapes
from server.auth.permissions import Actor
from server.auth.tokens import new_token, token_hash
from server.models import Session, User

# Sliding expiry would write on every request; extending at most once per this interval keeps reads cheap.
_EXTEND_EVERY = timedelta(minutes=10)
SESSION_FIELDS = ("expires_at", "user_id", "user__email", "user__name", "user__lang", "user__disabled",
                  "user__roles__role")


async def start_session(user: User, lifetime_hours: int) -> str:
    token = new_token()
    await Session.create(token_hash=token_hash(token), user=user,
                         expires_at=clock.now() + timedelta(hours=lifetime_hours))
    return token


async def actor_for_token(token: str | None, lifetime_hours: int) -> Actor | None:
    """The session's user, if the token names a live session of an enabled user."""
    if not token or len(token) > 200:
        return None
    # Every request but the public ones asks this: one statement (the session, its user and one row per role),
    # and no model objects, rather than three queries building three kinds of object; the statement is built
    # once per session (built_from: it is made of the token's hash alone).
    digest = token_hash(token)
    rows = await query_shapes.values(Session.filter(token_hash=digest), SESSION_FIELDS, built_from=("session", digest))
    now = clock.now()
    if not rows or rows[0]["expires_at"] <= now or rows[0]["user__disabled"]:
        return None
    lifetime = timedelta(hours=lifetime_hours)
    if rows[0]["expires_at"] - now < lifetime - _EXTEND_EVERY:
        await Session.filter(token_hash=token_hash(token)).update(expires_at=now + lifetime)
    first = rows[0]
    return Actor(user_id=str(first["user_id"]), email=first["user__email"], name=first["user__name"],
                 roles=frozenset(r["user__roles__role"] for r in rows if r["user__roles__role"]),
                 lang=first["user__lang"])


def actor_of(user: User) -> Actor:
    roles = frozenset(r.role for r in user.roles)
    return Actor(user_id=str(user.id), email=user.email, name=user.name, roles=roles, lang=user.lang)


async def end_session(token: str | None) -> None:
    if token:
        await Session.filter(token_hash=token_hash(token)).delete()


async def end_all_sessions(user_id: str) -> int:
    return await Session.filter(user_id=user_id).delete()


async def purge_expired() -> int:
    return await Session.filter(expires_at__lte=clock.now()).delete()

"""Server-side sessions: revocable at once, sliding expiry."""

from __future__ import annotations

from datetime import timedelta

from server import clock
from server.auth.permissions import Actor
from server.auth.tokens import new_token, token_hash
from server.models import Session, User

# Sliding expiry would write on every request; extending at most once per this interval keeps reads cheap.
_EXTEND_EVERY = timedelta(minutes=10)


async def start_session(user: User, lifetime_hours: int) -> str:
    token = new_token()
    await Session.create(token_hash=token_hash(token), user=user,
                         expires_at=clock.now() + timedelta(hours=lifetime_hours))
    return token


async def actor_for_token(token: str | None, lifetime_hours: int) -> Actor | None:
    """The session's user, if the token names a live session of an enabled user."""
    if not token or len(token) > 200:
        return None
    session = await Session.get_or_none(token_hash=token_hash(token)).prefetch_related("user__roles")
    now = clock.now()
    if session is None or session.expires_at <= now or session.user.disabled:
        return None
    lifetime = timedelta(hours=lifetime_hours)
    if session.expires_at - now < lifetime - _EXTEND_EVERY:
        session.expires_at = now + lifetime
        await session.save(update_fields=["expires_at"])
    return actor_of(session.user)


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

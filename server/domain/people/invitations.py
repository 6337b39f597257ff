"""Single-use, expiring links that let a person set (or reset) their password."""

from __future__ import annotations

from datetime import timedelta

from tortoise.transactions import in_transaction

from server import clock
from server.auth.passwords import hash_password
from server.auth.permissions import Actor
from server.auth.sessions import end_all_sessions
from server.auth.tokens import new_token, token_hash
from server.errors import DomainError
from server.models import Invitation, User


class InvitationInvalid(DomainError):
    code = "invitation_invalid"


async def issue(user: User, actor: Actor | None, lifetime_hours: int) -> tuple[str, Invitation]:
    """A new link for the user; earlier unused links stop working so only the newest one counts."""
    token = new_token()
    async with in_transaction():
        await Invitation.filter(user=user, used_at=None, revoked=False).update(revoked=True)
        invitation = await Invitation.create(
            token_hash=token_hash(token),
            user=user,
            purpose="reset" if user.password_hash else "invite",
            created_by_id=actor.user_id if actor else None,
            expires_at=clock.now() + timedelta(hours=lifetime_hours),
        )
    return token, invitation


async def find_usable(token: str) -> Invitation:
    invitation = None
    if 0 < len(token) <= 200:
        invitation = await Invitation.get_or_none(token_hash=token_hash(token)).prefetch_related("user")
    if invitation is None:
        raise InvitationInvalid("This link is not valid. Ask an administrator for a new one.")
    if invitation.used_at is not None:
        raise InvitationInvalid("This link has already been used. Ask an administrator for a new one.")
    if invitation.revoked:
        raise InvitationInvalid("This link was replaced by a newer one. Use the newest link you received.")
    if invitation.expires_at <= clock.now():
        raise InvitationInvalid("This link has expired. Ask an administrator for a new one.")
    if invitation.user.disabled:
        raise InvitationInvalid("This account is disabled. Ask an administrator.")
    return invitation


async def accept(token: str, password: str) -> User:
    """Set the password and use the link up, in one transaction so a link works exactly once."""
    invitation = await find_usable(token)
    async with in_transaction():
        # The conditional update is the guard against two tabs using the same link at the same moment.
        claimed = await Invitation.filter(id=invitation.id, used_at=None, revoked=False) \
            .update(used_at=clock.now())
        if claimed != 1:
            raise InvitationInvalid("This link has already been used. Ask an administrator for a new one.")
        user = invitation.user
        user.password_hash = hash_password(password)
        await user.save(update_fields=["password_hash"])
        if invitation.purpose == "reset":
            # Whoever knew the old password must not stay logged in.
            await end_all_sessions(str(user.id))
    await user.fetch_related("roles")
    return user

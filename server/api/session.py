"""Logging in and out, who am I (and my language), and setting a password from an invitation link."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from server import clock
from server.auth import ratelimit, sessions
from server.auth.permissions import verbs_for
from server.domain.people import invitations, users
from server.domain.people.views import user_json
from server.http.routing import LOGGED_IN, PUBLIC, SESSION_COOKIE, ApiRoute, Call, Param, json_response, resolve_actor
from server.languages import LANGUAGES
from server.schema import Body, OneOf, Password, Str

LOGIN = Body({"email": Str(max_length=254, min_length=1), "password": Str(max_length=256, min_length=1)})
SET_PASSWORD = Body({"password": Password()})
PROFILE = Body({"lang": OneOf(LANGUAGES, nullable=True)})


def _client(call: Call) -> str:
    return (call.request.client.host if call.request.client else "unknown")[:64]


def _limits(call: Call) -> ratelimit.LoginLimits:
    s = call.settings
    return ratelimit.LoginLimits(s.login_max_failures, s.login_max_failures_per_client, s.login_window_minutes,
                                 s.login_max_delay_seconds)


async def _logged_in(call: Call, user: Any) -> Response:
    token = await sessions.start_session(user, call.settings.session_lifetime_hours)
    response = json_response({"user": user_json(user, verbs=verbs_for(r.role for r in user.roles))})
    response.set_cookie(SESSION_COOKIE, token, max_age=call.settings.session_lifetime_hours * 3600,
                        path="/", secure=call.settings.cookie_secure, httponly=True, samesite="lax")
    return response


async def login(call: Call) -> Response:
    user = await users.authenticate(call.body["email"], call.body["password"], _client(call), _limits(call))
    return await _logged_in(call, user)


async def logout(call: Call) -> Response:
    await sessions.end_session(call.request.cookies.get(SESSION_COOKIE))
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/", secure=call.settings.cookie_secure, httponly=True,
                           samesite="lax")
    return response


async def me(call: Call) -> dict[str, Any]:
    user = await users.get_user(call.me.user_id)
    return user_json(user, verbs=call.me.verbs)


async def session_state(call: Call) -> dict[str, Any]:
    """Who is logged in, or nobody: the app asks this when it opens. Nobody is a plain answer here, not a 401
    (a browser reports every 401 as an error on the page, and an app that opens on its login screen is not
    failing); every other route that needs a login still answers 401 without one."""
    actor = await resolve_actor(call.request, call.settings)
    if actor is None:
        return {"user": None}
    return {"user": user_json(await users.get_user(actor.user_id), verbs=actor.verbs)}


async def update_me(call: Call) -> dict[str, Any]:
    user = await users.update_profile(call.me, call.body)
    return user_json(user, verbs=call.me.verbs)


async def show_invitation(call: Call) -> dict[str, Any]:
    invitation = await invitations.find_usable(call.path("token"))
    return {"email": invitation.user.email, "name": invitation.user.name, "purpose": invitation.purpose,
            "expires_at": clock.iso(invitation.expires_at)}


async def accept_invitation(call: Call) -> Response:
    user = await invitations.accept(call.path("token"), call.body["password"])
    return await _logged_in(call, user)


TOKEN = (Param("token", "The secret from the invitation or reset link.", "path"),)

ROUTES = [
    ApiRoute("POST", "/session", login, "Log in; sets the session cookie.", PUBLIC, body=LOGIN,
             response="LoggedIn", errors=(401, 429)),
    ApiRoute("GET", "/session", session_state, "Who is logged in on this browser: the user (as GET /me), or null "
             "when nobody is (200 either way).", PUBLIC, response="SessionState"),
    ApiRoute("DELETE", "/session", logout, "Log out; ends the session.", PUBLIC, status=204),
    ApiRoute("GET", "/me", me, "The logged-in user, their roles and verbs.", LOGGED_IN, response="Me"),
    ApiRoute("PATCH", "/me", update_me, "Change your own profile: your language (null: not chosen, follow the "
             "browser).", LOGGED_IN, body=PROFILE, partial=True, response="Me", errors=(422,)),
    ApiRoute("GET", "/invitations/{token}", show_invitation, "Whose account a set-password link is for.",
             PUBLIC, response="InvitationInfo", query=TOKEN, errors=(422,)),
    ApiRoute("POST", "/invitations/{token}", accept_invitation,
             "Set a password with a link (uses it up) and log in.", PUBLIC, body=SET_PASSWORD,
             response="LoggedIn", query=TOKEN, errors=(422,)),
]

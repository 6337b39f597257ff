"""User administration (verb user.manage)."""

from __future__ import annotations

from typing import Any

from server.api.paging import PAGING, page, paging, path_id
from server.auth.permissions import ROLES
from server.domain.list_filters import parse
from server.domain.people import invitations, users
from server.domain.people.views import invitation_json, user_json
from server.errors import Invalid
from server.http.routing import ApiRoute, Call, Param, query_params
from server.schema import Body, Bool, Choices, Str

CREATE = Body({"email": Str(max_length=254, min_length=1, email=True), "name": Str(min_length=1),
               "roles": Choices(ROLES, min_items=1)})
UPDATE = Body({"name": Str(min_length=1, required=False), "roles": Choices(ROLES, min_items=1, required=False),
               "disabled": Bool(required=False)})
ID = (Param("id", "The user's id.", "path"),)
LIST = (*query_params(users.FILTERS), *PAGING)


def base_url(call: Call) -> str:
    return call.settings.public_url or str(call.request.base_url).rstrip("/")


async def _invitation(call: Call, user: Any) -> dict[str, Any]:
    token, invitation = await invitations.issue(user, call.me, call.settings.invitation_lifetime_hours)
    return invitation_json(invitation, f"{base_url(call)}/#/invitation/{token}")


async def list_users(call: Call) -> dict[str, Any]:
    limit, offset = paging(call)
    found, total = await users.list_users(**parse(users.FILTERS, call.request.query_params), limit=limit, offset=offset)
    return page([user_json(u) for u in found], total)


async def create_user(call: Call) -> dict[str, Any]:
    user = await users.create_user(call.body["email"], call.body["name"], call.body["roles"])
    return {"user": user_json(user), "invitation": await _invitation(call, user)}


async def show_user(call: Call) -> dict[str, Any]:
    return user_json(await users.get_user(path_id(call)))


async def update_user(call: Call) -> dict[str, Any]:
    return user_json(await users.update_user(call.me, path_id(call), call.body))


async def new_invitation(call: Call) -> dict[str, Any]:
    user = await users.get_user(path_id(call))
    if user.disabled:
        raise Invalid("This account is disabled: enable it before sending a new link.", field="disabled")
    return await _invitation(call, user)


ROUTES = [
    ApiRoute("GET", "/users", list_users, "List users.", "user.manage", response="UserList", query=LIST),
    ApiRoute("POST", "/users", create_user, "Create a user and an invitation link.", "user.manage",
             body=CREATE, response="UserCreated", status=201, errors=(409, 422)),
    ApiRoute("GET", "/users/{id}", show_user, "One user.", "user.manage", response="User", query=ID),
    ApiRoute("PATCH", "/users/{id}", update_user, "Change name, roles, or disable/enable.", "user.manage",
             body=UPDATE, partial=True, response="User", query=ID, errors=(404, 422)),
    ApiRoute("POST", "/users/{id}/invitations", new_invitation,
             "A new set-password link (invitation or reset); earlier links stop working.", "user.manage",
             response="Invitation", status=201, query=ID, errors=(404, 422)),
]

"""User administration and set-password links, as an administrator and as the invited person."""

from __future__ import annotations

from datetime import timedelta

import pytest

from server import clock
from server.models import Invitation, User

NEW_PASSWORD = "winter light on the quad"


async def invite(admin, email="nia.newcomer@hospital.example", roles=("auditor",)):
    response = await admin.post("/api/users", json={"email": email, "name": "Nia Newcomer", "roles": list(roles)})
    assert response.status_code == 201, response.text
    return response.json()


def token_of(invitation: dict) -> str:
    return invitation["url"].rsplit("/", 1)[1]


async def test_admin_creates_a_user_with_several_roles_and_gets_a_link(as_):
    created = await invite(as_("admin"), roles=["facilities", "auditor"])
    assert created["user"]["roles"] == ["auditor", "facilities"]
    assert created["user"]["has_password"] is False
    assert created["invitation"]["purpose"] == "invite"
    assert created["invitation"]["url"].startswith("http://testserver/#/invitation/")
    listed = (await as_("admin").get("/api/users", params={"role": "facilities"})).json()
    assert "nia.newcomer@hospital.example" in [u["email"] for u in listed["items"]]


async def test_invitation_sets_a_password_once_and_logs_in(as_, anon, make_client):
    token = token_of((await invite(as_("admin")))["invitation"])
    info = await anon.get(f"/api/invitations/{token}")
    assert info.status_code == 200
    assert info.json()["email"] == "nia.newcomer@hospital.example"
    accepted = await anon.post(f"/api/invitations/{token}", json={"password": NEW_PASSWORD})
    assert accepted.status_code == 200
    assert accepted.json()["user"]["roles"] == ["auditor"]
    assert (await anon.get("/api/me")).json()["email"] == "nia.newcomer@hospital.example"
    # The link is used up: a second use is refused and changes nothing.
    again = await make_client().post(f"/api/invitations/{token}", json={"password": "someone else's try"})
    assert again.status_code == 422
    assert again.json()["error"]["code"] == "invitation_invalid"
    assert "already been used" in again.json()["error"]["message"]
    login = await make_client().post("/api/session", json={"email": "nia.newcomer@hospital.example",
                                                            "password": NEW_PASSWORD})
    assert login.status_code == 200


async def test_expired_invitation_is_refused(as_, anon, monkeypatch, settings):
    token = token_of((await invite(as_("admin")))["invitation"])
    later = clock.now() + timedelta(hours=settings.invitation_lifetime_hours, minutes=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    for response in (await anon.get(f"/api/invitations/{token}"),
                     await anon.post(f"/api/invitations/{token}", json={"password": NEW_PASSWORD})):
        assert response.status_code == 422
        assert "expired" in response.json()["error"]["message"]
    assert (await User.get(email="nia.newcomer@hospital.example")).password_hash is None


async def test_a_new_link_replaces_the_old_one(as_, anon):
    created = await invite(as_("admin"))
    first = token_of(created["invitation"])
    second = (await as_("admin").post(f"/api/users/{created['user']['id']}/invitations")).json()
    response = await anon.post(f"/api/invitations/{first}", json={"password": NEW_PASSWORD})
    assert response.status_code == 422
    assert "replaced" in response.json()["error"]["message"]
    assert (await anon.post(f"/api/invitations/{token_of(second)}", json={"password": NEW_PASSWORD})).status_code == 200


@pytest.mark.parametrize("password, message", [("short", "at least 12"), ("x" * 257, "too long")])
async def test_weak_or_huge_passwords_are_refused_and_the_link_still_works(as_, anon, password, message):
    token = token_of((await invite(as_("admin")))["invitation"])
    response = await anon.post(f"/api/invitations/{token}", json={"password": password})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "password"
    assert message in response.json()["error"]["message"]
    assert (await anon.post(f"/api/invitations/{token}", json={"password": NEW_PASSWORD})).status_code == 200


async def test_unknown_token_is_refused(anon, db):
    response = await anon.get("/api/invitations/not-a-real-token")
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "invitation_invalid"


async def test_password_reset_link_ends_old_sessions(as_, people, make_client):
    auditor = people["auditor"]
    assert (await auditor.client.get("/api/me")).status_code == 200
    await auditor.user.refresh_from_db()
    auditor.user.password_hash = "set"  # has a password: the next link is a reset
    await auditor.user.save()
    link = (await as_("admin").post(f"/api/users/{auditor.user.id}/invitations")).json()
    assert link["purpose"] == "reset"
    response = await make_client().post(f"/api/invitations/{token_of(link)}", json={"password": NEW_PASSWORD})
    assert response.status_code == 200
    assert (await auditor.client.get("/api/me")).status_code == 401


async def test_disabling_a_user_ends_their_sessions_at_once(as_, people):
    auditor = people["auditor"]
    assert (await auditor.client.get("/api/campuses")).status_code == 200
    response = await as_("admin").patch(f"/api/users/{auditor.user.id}", json={"disabled": True})
    assert response.status_code == 200
    assert response.json()["disabled"] is True
    assert (await auditor.client.get("/api/campuses")).status_code == 401
    link = await as_("admin").post(f"/api/users/{auditor.user.id}/invitations")
    assert link.status_code == 422  # no new link for a disabled account
    enabled = await as_("admin").patch(f"/api/users/{auditor.user.id}", json={"disabled": False})
    assert enabled.json()["disabled"] is False


async def test_admin_changes_name_and_roles(as_, people):
    user_id = people["facilities"].user.id
    response = await as_("admin").patch(f"/api/users/{user_id}", json={"name": "Fran F.",
                                                                       "roles": ["facilities", "committee"]})
    assert response.status_code == 200
    assert response.json()["name"] == "Fran F."
    assert response.json()["roles"] == ["committee", "facilities"]
    me = (await people["facilities"].client.get("/api/me")).json()
    assert me["roles"] == ["committee", "facilities"]


async def test_admin_cannot_lock_themself_out(as_, people):
    admin_id = people["admin"].user.id
    response = await as_("admin").patch(f"/api/users/{admin_id}", json={"disabled": True})
    assert response.status_code == 422 and response.json()["error"]["field"] == "disabled"
    response = await as_("admin").patch(f"/api/users/{admin_id}", json={"roles": ["auditor"]})
    assert response.status_code == 422 and response.json()["error"]["field"] == "roles"


@pytest.mark.parametrize(
    "body, field",
    [
        ({"email": "not-an-email", "name": "X", "roles": ["auditor"]}, "email"),
        ({"email": "a@b.example", "name": "X", "roles": []}, "roles"),
        ({"email": "a@b.example", "name": "X", "roles": ["wizard"]}, "roles"),
        ({"email": "a@b.example", "name": "X", "roles": "auditor"}, "roles"),
        ({"email": "a@b.example", "name": "", "roles": ["auditor"]}, "name"),
        ({"email": "a@b.example", "name": "N" * 201, "roles": ["auditor"]}, "name"),
        ({"email": "a@b.example" + "x" * 300, "name": "X", "roles": ["auditor"]}, "email"),
        ({"email": "a@b.example", "name": 7, "roles": ["auditor"]}, "name"),
        ({"email": "a@b.example", "roles": ["auditor"]}, "name"),
        ({"email": "a@b.example", "name": "X", "roles": ["auditor"], "password_hash": "x"}, "password_hash"),
    ],
)
async def test_bad_user_bodies_say_which_field(as_, body, field):
    before = await User.all().count()
    response = await as_("admin").post("/api/users", json=body)
    assert response.status_code == 422, response.text
    assert response.json()["error"]["field"] == field
    assert await User.all().count() == before


async def test_duplicate_email_is_a_conflict(as_, people):
    response = await as_("admin").post("/api/users", json={"email": "ADA.ADMIN@hospital.example", "name": "A",
                                                           "roles": ["auditor"]})
    assert response.status_code == 409
    assert response.json()["error"]["field"] == "email"
    assert await Invitation.all().count() == 0


async def test_search_and_paging(as_, people):
    found = (await as_("admin").get("/api/users", params={"q": "cora"})).json()
    assert [u["name"] for u in found["items"]] == ["Cora Committee"]
    page = (await as_("admin").get("/api/users", params={"limit": 2, "offset": 1})).json()
    assert page["total"] == 4 and len(page["items"]) == 2
    assert (await as_("admin").get("/api/users", params={"limit": "lots"})).status_code == 422


async def test_unknown_user_is_404(as_):
    assert (await as_("admin").get("/api/users/00000000-0000-0000-0000-000000000000")).status_code == 404
    assert (await as_("admin").get("/api/users/not-a-uuid")).status_code == 404
    response = await as_("admin").patch("/api/users/not-a-uuid", json={"name": "x"})
    assert response.status_code == 404

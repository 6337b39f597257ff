"""Logging in and out: cookies, wrong credentials, disabled users, rate limits, origin checks, headers."""

from __future__ import annotations

import re
import statistics
import time
from datetime import timedelta

import pytest

from server import clock
from server.domain.people.users import create_user, update_user
from server.models import LoginAttempt, Session
from server.settings import load_settings

PASSWORD = "a long enough passphrase"


@pytest.fixture
async def rita(db):
    return await create_user("rita.roles@hospital.example", "Rita Roles", ["auditor", "committee"], PASSWORD)


async def login(client, email="rita.roles@hospital.example", password=PASSWORD, **headers):
    return await client.post("/api/session", json={"email": email, "password": password}, headers=headers)


async def test_login_sets_a_httponly_samesite_cookie_and_me_answers(anon, rita):
    response = await login(anon)
    assert response.status_code == 200
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("sa_session=")
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "Path=/" in cookie
    assert "Secure" not in cookie  # SPACES_COOKIE_SECURE defaults to false for http://127.0.0.1
    me = (await anon.get("/api/me")).json()
    assert me["email"] == "rita.roles@hospital.example"
    assert me["roles"] == ["auditor", "committee"]
    assert "site.read" in me["verbs"] and "user.manage" not in me["verbs"]
    assert "password_hash" not in me and "password" not in str(me).lower().replace("has_password", "")


async def test_the_session_says_who_is_logged_in_or_nobody_without_an_error_status(anon, rita):
    # The app asks this when it opens: nobody logged in is a plain answer (a 401 would be reported by the
    # browser as an error on the login screen), while /me and every other route still answer 401.
    nobody = await anon.get("/api/session")
    assert nobody.status_code == 200 and nobody.json() == {"user": None}
    assert (await anon.get("/api/me")).status_code == 401
    await login(anon)
    someone = (await anon.get("/api/session")).json()["user"]
    assert someone == (await anon.get("/api/me")).json()
    await anon.delete("/api/session")
    assert (await anon.get("/api/session")).json() == {"user": None}


async def test_email_is_matched_without_regard_to_case(anon, rita):
    assert (await login(anon, email="  Rita.Roles@Hospital.Example ")).status_code == 200


async def test_cookie_is_secure_when_configured(make_client, rita, tmp_path):
    import api_contract
    import httpx

    from server.app import create_app

    settings = load_settings({"SPACES_DATA_DIR": str(tmp_path), "SPACES_COOKIE_SECURE": "true"})
    app = create_app(settings, manage_db=False)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="https://testserver",
                                 event_hooks=api_contract.EVENT_HOOKS) as c:
        response = await login(c)
    assert "Secure" in response.headers["set-cookie"]


async def test_wrong_password_and_unknown_email_get_the_same_answer(anon, rita):
    wrong = await login(anon, password="not the password at all")
    unknown = await login(anon, email="nobody@hospital.example")
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()
    assert wrong.json()["error"]["code"] == "invalid_credentials"
    assert "set-cookie" not in wrong.headers
    assert (await anon.get("/api/me")).status_code == 401


async def test_unknown_email_costs_as_much_time_as_a_wrong_password(make_client, rita):
    # Argon2 takes tens of milliseconds; skipping it for unknown emails would show in the timing.
    client = make_client()

    async def timed(email):
        start = time.perf_counter()
        await login(client, email=email, password="wrong password here")
        await LoginAttempt.all().delete()  # stay clear of the rate limit
        return time.perf_counter() - start

    wrong = statistics.median([await timed("rita.roles@hospital.example") for _ in range(5)])
    unknown = statistics.median([await timed("nobody@hospital.example") for _ in range(5)])
    assert 0.5 < unknown / wrong < 2.0, (wrong, unknown)


async def test_disabled_user_cannot_log_in(anon, rita, people):
    admin = people["admin"].user
    from server.auth.sessions import actor_of

    await admin.fetch_related("roles")
    await update_user(actor_of(admin), str(rita.id), {"disabled": True})
    response = await login(anon)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "invalid_credentials"


async def test_logout_ends_the_session_on_the_server(anon, rita, make_client):
    await login(anon)
    token = anon.cookies["sa_session"]
    response = await anon.delete("/api/session")
    assert response.status_code == 204
    assert 'sa_session=""' in response.headers["set-cookie"] or "Max-Age=0" in response.headers["set-cookie"]
    replay = make_client(cookies={"sa_session": token})
    assert (await replay.get("/api/me")).status_code == 401
    assert await Session.all().count() == 0


@pytest.mark.parametrize("cookie", [b"", b"sa_session=forged-token", b"sa_session=" + b"x" * 5000,
                                    "sa_session=\u00e9t\u00e9".encode()])
async def test_missing_or_forged_cookie_is_401(make_client, db, cookie):
    response = await make_client().get("/api/me", headers={"cookie": cookie} if cookie else None)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


async def test_expired_session_is_401(anon, rita, monkeypatch):
    await login(anon)
    later = clock.now() + timedelta(hours=load_settings({}).session_lifetime_hours + 1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert (await anon.get("/api/me")).status_code == 401


async def test_too_many_failures_make_that_client_wait_with_429(anon, rita, settings):
    for _ in range(settings.login_max_failures):
        assert (await login(anon, password="wrong guess number")).status_code == 401
    response = await login(anon)  # even the right password waits, from this client
    assert response.status_code == 429
    body = response.json()["error"]
    assert body["code"] == "rate_limited"
    assert 0 < body["retry_after"] <= settings.login_window_minutes * 60
    assert response.headers["retry-after"] == str(body["retry_after"])
    assert "minute" in body["message"]
    # Other addresses (the person's own phone among them) are not paused: see test_login_limits.py.


async def test_failures_end_after_the_window(anon, rita, settings, monkeypatch):
    for _ in range(settings.login_max_failures):
        await login(anon, password="wrong guess number")
    later = clock.now() + timedelta(minutes=settings.login_window_minutes, seconds=1)
    monkeypatch.setattr(clock, "now", lambda: later)
    assert (await login(anon)).status_code == 200


async def test_too_many_failures_from_one_client_are_refused(anon, db, settings):
    # Spraying many accounts from one address is limited even though no single account fails often.
    for i in range(settings.login_max_failures_per_client):
        assert (await login(anon, email=f"guess{i}@hospital.example")).status_code == 401
    response = await login(anon, email="another@hospital.example")
    assert response.status_code == 429


@pytest.mark.parametrize(
    "body, status, field",
    [
        ({"email": "rita.roles@hospital.example"}, 422, "password"),
        ({"email": 5, "password": "x"}, 422, "email"),
        ({"email": "a@b.c", "password": "x" * 300}, 422, "password"),
        ({"email": "a@b.c", "password": "x", "admin": True}, 422, "admin"),
        ([1, 2], 422, None),
    ],
)
async def test_bad_login_bodies_are_refused_clearly(anon, db, body, status, field):
    response = await anon.post("/api/session", json=body)
    assert response.status_code == status
    assert response.json()["error"]["field"] == field


async def test_malformed_json_is_400(anon, db):
    response = await anon.post("/api/session", content=b'{"email": ', headers={"content-type": "application/json"})
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


async def test_non_json_body_is_415(anon, db):
    response = await anon.post("/api/session", content=b"email=a", headers={"content-type": "text/plain"})
    assert response.status_code == 415


async def test_cross_origin_mutations_are_refused(anon, rita):
    response = await login(anon, origin="https://evil.example")
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "cross_origin"
    response = await login(anon, **{"sec-fetch-site": "cross-site"})
    assert response.status_code == 403
    assert (await login(anon, origin="http://testserver", **{"sec-fetch-site": "same-origin"})).status_code == 200
    # With a session, the same holds for every state-changing request.
    response = await anon.delete("/api/session", headers={"origin": "https://evil.example"})
    assert response.status_code == 403
    assert (await anon.get("/api/me")).status_code == 200


async def test_every_response_carries_the_security_headers(anon, db):
    for path in ("/api/health", "/api/no-such-thing", "/"):
        response = await anon.get(path)
        csp = response.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "style-src 'self'" in csp
        assert "frame-ancestors 'none'" in csp
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["referrer-policy"] == "same-origin"
        assert "camera=(self)" in response.headers["permissions-policy"]
    # The shell's scripts and images: what protects a file as such (no sniffing, no embedding elsewhere).
    asset = await anon.get("/js/app.js")
    assert asset.headers["x-content-type-options"] == "nosniff"
    assert asset.headers["cross-origin-resource-policy"] == "same-origin"
    assert "content-security-policy" not in asset.headers and "referrer-policy" not in asset.headers
    worker = await anon.get("/sw.js")
    assert "script-src 'self'" in worker.headers["content-security-policy"]


async def test_the_page_names_every_module_the_app_starts_with(anon, db):
    """The browser asks for the whole static module graph of app.js at once (a Link header of modulepreloads)."""
    for path in ("/", "/index.html"):
        response = await anon.get(path)
        links = re.findall(r"<([^>]+)>; rel=modulepreload", response.headers["link"])
        assert {"/js/i18n.js", "/js/session.js", "/js/shell.js", "/js/messages/en/app.js"} <= set(links)
        for url in links:
            module = await anon.get(url)
            assert module.status_code == 200 and "javascript" in module.headers["content-type"], url
    assert "link" not in (await anon.get("/js/app.js")).headers
    assert "link" not in (await anon.get("/api/health")).headers


async def test_a_logged_in_page_preloads_its_styles_and_tells_the_app_someone_is_logged_in(anon, rita):
    """The login screen's page names no part of a logged-in screen and gives no hint; with a session cookie the
    page preloads the logged-in screens' styles and says so in Server-Timing (which the app can read, unlike the
    session cookie). Neither preloads the device's store: it starts once the first screen is drawn."""
    page = await anon.get("/")
    assert "signed-in.css" not in page.headers["link"] and "/js/store/" not in page.headers["link"]
    assert "server-timing" not in page.headers
    await login(anon)
    page = await anon.get("/")
    assert "</css/signed-in.css>; rel=preload; as=style" in page.headers["link"]
    assert "/js/store/" not in page.headers["link"]
    assert page.headers["server-timing"] == 'session;desc="signed-in"'
    await anon.delete("/api/session")
    page = await anon.get("/")
    assert "signed-in.css" not in page.headers["link"] and "server-timing" not in page.headers


async def test_an_oversized_json_body_is_413(anon, db):
    body = b'{"email": "' + b"a" * 300_000 + b'", "password": "x"}'
    response = await anon.post("/api/session", content=body, headers={"content-type": "application/json"})
    assert response.status_code == 413
    assert "at most 256 KB" in response.json()["error"]["message"]

"""Logging in and out through the login screen, as each role, with the mouse and with the keyboard alone."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.async_api import expect

from .helpers import PASSWORD, screenshot

# What each role's home screen shows that the others' do not.
HOME_SECTIONS = {
    "admin": ["The registry at a glance", "Administration"],
    "auditor": ["Your audits", "Buildings"],
    "facilities": ["Items to remedy", "Buildings"],
    "committee": ["The registry at a glance"],
}
ALL_SECTIONS = {name for names in HOME_SECTIONS.values() for name in names}
NAV = {
    "admin": ["Home", "Audits", "Dashboard", "Findings", "Community reports", "Schedules", "Inbox", "Spaces", "Users",
              "Import"],
    "auditor": ["Home", "Audits", "Inbox", "Spaces"],
    "facilities": ["Home", "My items", "Inbox", "Spaces"],
    "committee": ["Home", "Audits", "Dashboard", "Findings", "Community reports", "Schedules", "Inbox", "Spaces",
                  "Progress page"],
}


async def fill_login(page, email: str, password: str) -> None:
    await page.get_by_label("Email address").fill(email)
    await page.get_by_label("Password").fill(password)
    await page.get_by_role("button", name="Log in").click()


@pytest.mark.parametrize("role", list(HOME_SECTIONS))
async def test_each_role_logs_in_to_its_own_home_and_logs_out(open_session, role):
    me = await open_session()
    page = me.page
    await page.goto("/")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    await fill_login(page, f"{role}@test.example", PASSWORD)

    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Hello, Test {role.capitalize()}")
    for name in HOME_SECTIONS[role]:
        await expect(page.get_by_role("heading", level=2, name=name)).to_be_visible()
    for name in ALL_SECTIONS - set(HOME_SECTIONS[role]):
        await expect(page.get_by_role("heading", level=2, name=name, exact=True)).to_have_count(0)
    # On a phone the navigation and "Log out" are behind the Menu button.
    await page.get_by_role("button", name="Menu").click()
    nav = page.get_by_role("navigation", name="Main")
    await expect(nav.get_by_role("link")).to_have_text(NAV[role])
    if role in ("auditor", "facilities"):
        # The building list is read from the registry: the demo's three buildings with their space counts.
        await expect(page.locator("a.building", has_text="Alden Hall of Medicine")).to_contain_text("10 spaces")
    await screenshot(page, f"home-{role}")

    await page.get_by_role("button", name="Log out").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    await expect(page.locator("#main").get_by_text("You have logged out.")).to_be_visible()
    # The session really ended: the app's own API refuses the old cookie.
    response = await me.context.request.get("/api/me")
    assert response.status == 401


async def test_a_wrong_password_is_refused_with_a_message_and_nothing_else_happens(open_session):
    me = await open_session()
    page = me.page
    await page.goto("/#/login")
    await fill_login(page, "admin@test.example", "not the password at all")
    error = page.locator(".notice--error")
    await expect(error).to_be_visible()
    first = await error.inner_text()
    assert "password" in first.lower()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    # An unknown email gets the very same answer, so the screen does not tell who has an account.
    await fill_login(page, "nobody@test.example", "not the password at all")
    await expect(page.get_by_role("button", name="Log in")).to_be_visible()
    await expect(error).to_be_visible()
    await expect(error).to_have_text(first)
    await screenshot(page, "login-error")


async def test_empty_fields_are_named_before_anything_is_sent(open_session):
    me = await open_session()
    page = me.page
    await page.goto("/#/login")
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator("#main").get_by_text("Enter your email address.")).to_be_visible()
    await expect(page.get_by_label("Email address")).to_be_focused()
    await expect(page.get_by_label("Email address")).to_have_attribute("aria-invalid", "true")


async def test_logging_in_with_the_keyboard_alone(open_session):
    me = await open_session()
    page = me.page
    await page.goto("/#/login")
    await page.locator("h1").wait_for()
    # From the top of the page: the skip link, the app name, the other language, then the form.
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    await page.keyboard.press("Tab")
    await page.keyboard.press("Tab")
    await expect(page.get_by_role("button", name="Español")).to_be_focused()
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Email address")).to_be_focused()
    await page.keyboard.type("committee@test.example")
    await page.keyboard.press("Tab")
    await expect(page.get_by_label("Password")).to_be_focused()
    await page.keyboard.type(PASSWORD)
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Test Committee")
    # Focus follows the new screen so a screen reader reads it.
    await expect(page.get_by_role("heading", level=1)).to_be_focused()


async def test_a_deep_link_asks_for_login_then_opens_where_the_person_was_going(open_session):
    me = await open_session()
    page = me.page
    await page.goto("/#/spaces")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    await fill_login(page, "auditor@test.example", PASSWORD)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Spaces")


async def test_a_screen_outside_the_roles_says_so(open_session):
    me = await open_session()
    await me.login("auditor@test.example")
    await me.goto("/users")
    await expect(me.page.get_by_role("heading", level=1)).to_have_text("Not available to your roles")


async def test_the_login_screen_downloads_only_its_own_words_and_style_and_logging_in_brings_the_rest(open_session):
    """A first visit's login screen (shell_kb in benchmarks/sync.py) fetches the words of the frame and of the
    screens before logging in, and app.css alone; every other catalogue file and style sheet arrives before the
    first screen of someone logged in is drawn, so that screen finds all its words and styles."""
    me = await open_session()
    page = me.page
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(urlsplit(request.url).path))
    await page.goto("/")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    assert sorted(path for path in fetched if path.startswith("/js/messages/")) == [
        "/js/messages/en/app.js", "/js/messages/en/errors.js", "/js/messages/en/index.js", "/js/messages/en/people.js"]
    assert [path for path in fetched if path.endswith(".css")] == ["/css/app.css"]

    await fill_login(page, "auditor@test.example", PASSWORD)
    await expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Test Auditor")
    assert {"/js/messages/en/home.js", "/js/messages/en/audits.js", "/js/messages/en/vocabulary.js"} <= set(fetched)
    sheets = await page.evaluate("[...document.styleSheets].map((sheet) => new URL(sheet.href).pathname)")
    assert sheets == ["/css/app.css", "/css/signed-in.css"]
    # The sync line's words are among the rest: drawn, not their key.
    await expect(page.locator("#sync-bar")).to_contain_text("All changes saved")

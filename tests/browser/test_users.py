"""Administering people: add a user with roles, their set-password link, edit roles, disable."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import expect

from .helpers import LAPTOP, PASSWORD, screenshot

NEW_PASSWORD = "a new and long passphrase"


async def add_user(page, email: str, name: str, roles: list[str]) -> str:
    """Fill the Add a user panel; returns the set-password link it shows."""
    await page.get_by_role("button", name="Add a user").click()
    panel = page.locator("#create-user")
    await expect(panel.get_by_label("Email address")).to_be_focused()
    await panel.get_by_label("Email address").fill(email)
    await panel.get_by_label("Full name").fill(name)
    for role in roles:
        await panel.get_by_label(role, exact=True).check()
    await panel.get_by_role("button", name="Add user").click()
    await expect(panel.get_by_role("heading", name=f"{name} was added")).to_be_visible()
    link = await panel.get_by_role("textbox", name="Set-password link").input_value()
    assert re.fullmatch(r"http://127\.0\.0\.1:\d+/#/invitation/[\w-]{20,}", link), link
    return link


async def test_admin_adds_a_user_who_sets_a_password_once_and_lands_on_their_home(open_session):
    admin = await open_session()
    await admin.login("admin@test.example")
    await admin.goto("/users")
    email = f"ines-{uuid.uuid4().hex[:6]}@hospital.example"
    link = await add_user(admin.page, email, "Inés Ortega", ["Auditor", "Committee"])
    await screenshot(admin.page, "users-added")
    # The new person is in the list, marked as invited until they set a password.
    row = admin.page.get_by_role("row", name=re.compile("Inés Ortega"))
    await expect(row).to_contain_text("Invited")
    await expect(row).to_contain_text("Auditor and Committee")

    newcomer = await open_session()
    await newcomer.page.goto(link)
    await expect(newcomer.page.get_by_role("heading", level=1)).to_have_text("Set your password")
    await expect(newcomer.page.locator("#main").get_by_text(email)).to_be_visible()
    await screenshot(newcomer.page, "invitation")
    await newcomer.page.get_by_label("New password").fill("short")
    await newcomer.page.get_by_role("button", name="Set password and log in").click()
    too_short = newcomer.page.locator("#main").get_by_text("The password needs at least 12 characters; it has 5.")
    await expect(too_short).to_be_visible()
    await newcomer.page.get_by_label("New password").fill(NEW_PASSWORD)
    await newcomer.page.get_by_role("button", name="Set password and log in").click()
    await expect(newcomer.page.get_by_role("heading", level=1)).to_have_text("Hello, Inés Ortega")
    await expect(newcomer.page.get_by_role("heading", name="Your audits")).to_be_visible()

    # The link works once.
    again = await open_session()
    await again.page.goto(link)
    await expect(again.page.get_by_role("heading", level=1)).to_have_text("This link cannot be used")
    await expect(again.page.locator(".notice--error")).to_contain_text("already been used")

    # And the password they chose is their login.
    later = await open_session()
    await later.login(email, NEW_PASSWORD)


async def test_admin_edits_roles_makes_a_reset_link_and_disabling_ends_the_session_at_once(open_session, server):
    email = server.make_user("auditor", name="Bo Lindqvist")
    person = await open_session()
    await person.login(email)
    await person.goto("/")
    await expect(person.page.get_by_role("heading", level=1)).to_have_text("Hello, Bo Lindqvist")

    admin = await open_session(viewport=LAPTOP)
    await admin.login("admin@test.example")
    await admin.goto("/users")
    await admin.page.get_by_label("Name or email").fill("Lindqvist")
    await expect(admin.page.locator(".result-count")).to_have_text("1 user")
    await admin.page.get_by_role("link", name="Bo Lindqvist").click()
    await expect(admin.page.get_by_role("heading", level=1)).to_have_text("Bo Lindqvist")

    await admin.page.get_by_label("Facilities").check()
    await admin.page.get_by_role("button", name="Save changes").click()
    await expect(admin.page.locator("#main").get_by_text("Changes saved.")).to_be_visible()

    await admin.page.get_by_role("button", name="Create a new link").click()
    reset = await admin.page.get_by_role("textbox", name="Set-password link").input_value()
    assert "/#/invitation/" in reset
    await screenshot(admin.page, "user-detail")

    # The person's app shows the new role after a reload.
    await person.page.reload()
    await expect(person.page.get_by_role("heading", name="Items to remedy")).to_be_visible()

    await admin.page.get_by_role("button", name="Disable account").click()
    await expect(admin.page.get_by_role("heading", name="Disable Bo Lindqvist?")).to_be_focused()
    await admin.page.get_by_role("button", name="Disable Bo Lindqvist").click()
    done = admin.page.locator("#main").get_by_text("Bo Lindqvist is disabled. Their sessions have ended.")
    await expect(done).to_be_visible()

    # Their next step in the app meets the login screen, with the reason.
    await person.page.get_by_role("button", name="Menu").click()  # the navigation, on a phone
    await person.page.get_by_role("link", name="Spaces", exact=True).click()
    await expect(person.page.get_by_role("heading", level=1)).to_have_text("Log in")
    await expect(person.page.locator("#main").get_by_text("Your session ended.", exact=False)).to_be_visible()
    response = await person.context.request.post("/api/session", data={"email": email, "password": PASSWORD})
    assert response.status == 401
    # The reset link stopped working with the account.
    visitor = await open_session()
    await visitor.page.goto(reset)
    await expect(visitor.page.get_by_role("heading", level=1)).to_have_text("This link cannot be used")


async def test_a_duplicate_email_is_refused_at_the_email_field(open_session):
    admin = await open_session()
    await admin.login("admin@test.example")
    await admin.goto("/users")
    await admin.page.get_by_role("button", name="Add a user").click()
    panel = admin.page.locator("#create-user")
    await panel.get_by_label("Email address").fill("auditor@test.example")
    await panel.get_by_label("Full name").fill("Someone Else")
    await panel.get_by_label("Auditor", exact=True).check()
    await panel.get_by_role("button", name="Add user").click()
    email = panel.get_by_label("Email address")
    await expect(email).to_have_attribute("aria-invalid", "true")
    await expect(email).to_be_focused()
    await expect(panel.locator(".field-error").first).to_contain_text("already")


async def test_an_administrator_adds_several_people_in_a_row(open_session):
    """After one person is added, the next is one obvious step away: "Add another user" leads the panel's
    actions, and "Add a user" at the top opens a new form rather than the last person's link."""
    admin = await open_session()
    await admin.login("admin@test.example")
    await admin.goto("/users")
    page = admin.page
    tag = uuid.uuid4().hex[:6]
    await add_user(page, f"ana-{tag}@hospital.example", f"Ana Quispe {tag}", ["Auditor"])
    panel = page.locator("#create-user")
    another = panel.get_by_role("button", name="Add another user")
    await expect(another).to_be_in_viewport()
    await expect(another).to_have_class(re.compile(r"\bbtn--primary\b"))
    await screenshot(page, "users-added-another")
    # The button at the top means the next person too (it used to focus the last person's link).
    await add_user(page, f"ben-{tag}@hospital.example", f"Ben Okafor {tag}", ["Facilities"])
    await expect(panel.get_by_label("Email address")).to_have_count(0)
    await another.click()
    await expect(panel.get_by_label("Email address")).to_be_focused()
    await expect(panel.get_by_label("Email address")).to_have_value("")
    await page.get_by_label("Name or email").fill(tag)
    await expect(page.locator(".result-count")).to_have_text("2 users")

"""Every screen, as each person sees it: no axe-core violations at phone and laptop sizes, nothing wider than
a 320 px screen, and a screenshot of each when $SPACES_SCREENSHOTS is set."""

from __future__ import annotations

import pytest
from playwright.async_api import expect

from .helpers import SCREENS, SIZES, check_at, invitation_route


@pytest.mark.parametrize(("name", "who", "route", "heading", "then"), SCREENS, ids=[s[0] for s in SCREENS])
async def test_screen_is_accessible_and_fits_every_size(open_session, name, who, route, heading, then):
    me = await open_session()
    if who:
        await me.login(f"{who}@test.example")
    await me.goto(route)
    await expect(me.page.get_by_role("heading", level=1)).to_have_text(heading)
    await me.page.wait_for_load_state("networkidle")
    if then:
        await then(me.page)
    await every_size(me.page, name)


async def every_size(page, name: str) -> None:
    """The screen on the page checked at each size, as a phone turned or a window resized shows it."""
    for viewport in SIZES:
        await page.set_viewport_size(viewport)
        await check_at(page, viewport, name)


async def test_detail_screens_are_accessible(open_session, server):
    admin = await open_session()
    await admin.login("admin@test.example")
    users = await (await admin.context.request.get("/api/users?q=auditor@test.example")).json()
    spaces = await (await admin.context.request.get("/api/spaces?q=Anatomy")).json()
    for name, route in [("user-detail", f"/users/{users['items'][0]['id']}"),
                        ("space-detail", f"/spaces/{spaces['items'][0]['id']}")]:
        await admin.page.set_viewport_size(SIZES[0])
        await admin.goto(route)
        await admin.page.wait_for_load_state("networkidle")
        await expect(admin.page.locator(".details")).to_be_visible()
        await every_size(admin.page, name)

    visitor = await open_session()
    await visitor.goto(await invitation_route(admin, server))
    # The person already has a password, so the link is a reset.
    await expect(visitor.page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    await every_size(visitor.page, "invitation")

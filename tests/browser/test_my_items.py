"""A facilities member's My items on a phone: every item it lists opens with no signal, with its photos, even
one never opened before; each card shows the priority set at assignment; and the line about the copy kept on
the device speaks of their items and photos, says when it was last updated and says clearly when that is old."""

from __future__ import annotations

import uuid

import pytest
from playwright.async_api import Page, expect

from .helpers import LAPTOP, PHONE, assign, check, controlled, fits, raise_finding

pytestmark = pytest.mark.service_worker  # every test here works offline or with the kept copy

LOADED = "img => img.complete && img.naturalWidth > 0"


async def loaded(page: Page, images) -> None:  # type: ignore[no-untyped-def]
    """Every image shown, actually loaded (lazy images are brought into view first)."""
    count = await images.count()
    assert count > 0
    for index in range(count):
        image = images.nth(index)
        await image.scroll_into_view_if_needed()
        await page.wait_for_function(LOADED, arg=await image.element_handle())


async def test_an_item_never_opened_opens_offline_with_its_photos_and_its_priority(open_session, server):
    worker_name = f"Basement {uuid.uuid4().hex[:4]}"
    worker_email = server.make_user("facilities", name=worker_name)
    auditor = await open_session(viewport=LAPTOP)
    await auditor.login("auditor@test.example")
    title = f"Portraits of past chairs {uuid.uuid4().hex[:4]}"
    finding_id = await raise_finding(auditor.context.request, title)
    committee = await open_session(viewport=LAPTOP)
    await committee.login("committee@test.example")

    # The phone has the app and an up-to-date copy, from before the work was assigned.
    worker = await open_session(viewport=PHONE)
    await worker.login(worker_email)
    phone = worker.page
    await worker.goto("/my-items")
    await expect(phone.locator("#main").get_by_text("No items assigned to you")).to_be_visible()
    await controlled(phone)
    line = phone.locator(".freshness")
    await expect(line).to_contain_text("0 items assigned to you")

    # The work is assigned; the facilities member opens My items with a connection, and nothing else.
    await assign(committee.context.request, finding_id, worker_name, "high")
    await phone.reload()
    card = phone.locator(".finding-card", has_text=title)
    await expect(card).to_contain_text("Priority: High")
    await expect(line).to_contain_text("1 item assigned to you and 1 photo")
    await expect(line).not_to_contain_text("audit")
    await check(phone, "my-items-online")
    await fits(phone, "my-items-online")

    # In the basement: the app opened with no signal, the item opened from the list.
    await worker.context.set_offline(True)
    await phone.reload()
    await expect(card).to_contain_text("Priority: High")
    await loaded(phone, card.locator("img"))
    await card.click()
    await expect(phone.get_by_role("heading", level=1)).to_have_text(title)
    await expect(phone.locator("#main").get_by_text("this is the copy kept on this device")).to_be_visible()
    details = phone.locator(".details")
    await expect(details).to_contain_text("every person shown is a white man")
    await expect(details).to_contain_text(worker_name)
    await expect(details).to_contain_text("High")
    await expect(phone.get_by_role("button", name="Start work")).to_be_visible()
    await loaded(phone, phone.locator(".shot__img"))
    await check(phone, "my-items-finding-offline")


async def test_the_kept_copy_says_what_it_holds_and_when_it_is_old(open_session, server):
    worker_name = f"Night shift {uuid.uuid4().hex[:4]}"
    worker_email = server.make_user("facilities", name=worker_name)
    auditor = await open_session(viewport=LAPTOP)
    await auditor.login("auditor@test.example")
    title = f"Donor plaques {uuid.uuid4().hex[:4]}"
    finding_id = await raise_finding(auditor.context.request, title)
    committee = await open_session(viewport=LAPTOP)
    await committee.login("committee@test.example")
    await assign(committee.context.request, finding_id, worker_name, "low")

    worker = await open_session(viewport=PHONE)
    await worker.login(worker_email)
    phone = worker.page
    await phone.clock.install()
    await worker.goto("/my-items")
    await expect(phone.locator(".finding-card", has_text=title)).to_contain_text("Priority: Low")
    line = phone.locator(".freshness")
    await expect(line).to_contain_text("Kept on this device for use with no signal: 1 item assigned to you and 1 photo")
    await expect(line).to_contain_text("updated")
    await expect(line).not_to_contain_text("audit")
    await expect(line).not_to_have_class("freshness freshness--stale")
    await controlled(phone)

    # Two days later, still with no signal: the list is the one kept two days ago, and the line says so.
    await worker.context.set_offline(True)
    await phone.clock.fast_forward("50:00:00")
    await worker.goto("/")
    await worker.goto("/my-items")
    await expect(phone.locator("#main").get_by_text("this is the list kept on this device")).to_be_visible()
    await expect(line).to_have_class("freshness freshness--stale")
    await expect(line).to_contain_text("last updated 2 days ago")
    await expect(line).to_contain_text("new work or changes")
    await check(phone, "my-items-stale")
    await fits(phone, "my-items-stale")

"""A phone in the field: the app's own bars leave the screen to the work. On every screen at 390x844 the page's
heading starts in the top quarter (online, and on the walk reopened offline); a space of the walk fits a few
screens, and "Next unanswered" brings the next question into view."""

from __future__ import annotations

from playwright.async_api import Page, expect

from .helpers import (
    LAPTOP,
    PHONE,
    SCREENS,
    Session,
    card,
    check,
    choose,
    controlled,
    persistent,
    plan,
    saved,
    screenshot,
    watch,
)

QUARTER = PHONE["height"] / 4
HEADING_TOP = "document.querySelector('main h1').getBoundingClientRect().top"


async def heading_top(page: Page) -> float:
    return await page.evaluate(HEADING_TOP)


async def test_every_screen_starts_its_content_in_the_top_quarter_of_a_phone(open_session):
    high = []
    people = {}
    for name, who, route, heading, _ in SCREENS:
        if who not in people:
            people[who] = await open_session(PHONE)
            if who:
                await people[who].login(f"{who}@test.example")
        me = people[who]
        await me.goto(route)
        await expect(me.page.get_by_role("heading", level=1)).to_have_text(heading)
        top = await heading_top(me.page)
        if top >= QUARTER:
            high.append((name, top))
    auditor = people["auditor"]
    audit_id, spaces = await plan(auditor.context.request, "Chrome check", ["101"])
    for name, route in [("audits", "/audits"), ("plan", "/audits/new"), ("audit", f"/audits/{audit_id}"),
                        ("walk", f"/audits/{audit_id}/spaces/{spaces[0]['id']}"), ("sync", "/sync")]:
        await auditor.goto(route)
        top = await heading_top(auditor.page)
        if top >= QUARTER:
            high.append((name, top))
    assert high == [], f"headings below the top quarter ({QUARTER}px) of a 390x844 screen: {high}"


async def test_the_offline_walk_opens_with_its_heading_in_the_top_quarter(playwright, server, tmp_path):
    context = await persistent(playwright, tmp_path / "profile", viewport=PHONE, base_url=server.url)
    page = context.pages[0] if context.pages else await context.new_page()
    me = Session(context, watch(page), server.url)
    await me.login(server.make_user("auditor", name="Basement Walker"))
    audit_id, spaces = await plan(context.request, "Offline chrome", ["201"])
    await me.goto("/")
    await controlled(page)
    await expect(page.locator(".freshness")).to_contain_text("Kept for offline use: 1 audit and", timeout=20000)
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await context.set_offline(True)
    await page.reload()
    await expect(page.get_by_role("heading", level=1)).to_have_text("201 · Seminar room A")
    notice = page.locator(".banner--offline")
    await expect(notice).to_contain_text("You are offline")
    top = await heading_top(page)
    assert top < QUARTER, f"the walk's heading starts at {top}px offline"
    # The first question is on the screen as the walk opens.
    first = card(page, "portraits-present")
    assert (await first.bounding_box())["y"] < PHONE["height"] - 100
    await screenshot(page, "phone-offline-walk")
    # The whole notice is one tap away.
    await notice.get_by_text("You are offline").click()
    await expect(notice).to_contain_text("sent when the connection returns")
    await screenshot(page, "phone-offline-notice-open")
    me.assert_no_problems()
    await context.close()


async def test_the_phone_menu_opens_and_closes_with_the_keyboard(open_session):
    me = await open_session(PHONE)
    await me.login("admin@test.example")
    await me.goto("/")
    page = me.page
    menu = page.get_by_role("button", name="Menu")
    await expect(menu).to_have_attribute("aria-expanded", "false")
    await expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    # The bar is one row: icon, sync line, menu.
    bar = await page.locator(".app-header").bounding_box()
    assert bar["height"] < 70, bar
    await menu.focus()
    await page.keyboard.press("Enter")
    await expect(menu).to_have_attribute("aria-expanded", "true")
    nav = page.get_by_role("navigation", name="Main")
    await expect(nav.get_by_role("link", name="Import")).to_be_visible()
    await expect(page.get_by_role("button", name="Español")).to_be_visible()
    await expect(page.get_by_role("button", name="Log out")).to_be_visible()
    await check(page, "phone-menu-open")
    await page.keyboard.press("Tab")
    await page.keyboard.press("Escape")
    await expect(menu).to_have_attribute("aria-expanded", "false")
    await expect(menu).to_be_focused()
    await expect(nav).to_be_hidden()
    # A screen chosen from the menu closes it and brings focus to the screen's heading.
    await menu.click()
    await nav.get_by_role("link", name="Spaces").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Spaces")
    await expect(page.get_by_role("heading", level=1)).to_be_focused()
    await expect(menu).to_have_attribute("aria-expanded", "false")
    # On a laptop the navigation is a row and the menu button is not there.
    await page.set_viewport_size(LAPTOP)
    await expect(nav.get_by_role("link", name="Import")).to_be_visible()
    await expect(menu).to_be_hidden()
    await check(page, "laptop-header")


SCREEN = PHONE["height"]
HEIGHT = "document.documentElement.scrollHeight"


async def test_a_space_of_the_walk_fits_a_few_phone_screens_and_leads_to_the_next_question(open_session):
    me = await open_session(PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Walk height", ["Main entrance lobby"])
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    page = me.page
    await expect(page.locator(".walk-progress")).to_have_text("0 of 3 items answered")
    arrival = await page.evaluate(HEIGHT)
    assert arrival < 4 * SCREEN, f"the walk is {arrival}px tall on arrival"
    # A text item is itself the note: no second "Add a note" on it; guidance starts closed.
    await expect(card(page, "portraits-notes").get_by_role("button", name="Add a note")).to_have_count(0)
    await expect(card(page, "portraits-present").get_by_role("button", name="Add a note")).to_have_count(1)
    await expect(page.locator(".guidance:visible")).to_have_count(0)
    await expect(page.get_by_role("button", name="Guidance", expanded=True)).to_have_count(0)
    # Portraits present: the whole inventory is asked (12 items). It was 7.3 screens tall (6,174 px) with the
    # guidance and a note button on rows of their own and every card drawn alike.
    await choose(page, "portraits-present", "Yes")
    await expect(page.locator(".walk-progress")).to_have_text("1 of 12 items answered")
    await page.reload()
    await expect(page.locator(".walk-progress")).to_have_text("1 of 12 items answered")
    full = await page.evaluate(HEIGHT)
    await screenshot(page, "phone-walk-portraits")
    # 5.1 screens (4,344 px) before the cards were made denser, then 4.6 (3,891 px) with guidance and "Add a
    # note" on a row of their own under each answer; they now sit at the end of the answer's last row.
    assert full <= 4.0 * SCREEN, f"a portraits space is {full}px tall ({full / SCREEN:.2f} screens)"
    print(f"walk_portraits_height_px: {full} ({full / SCREEN:.2f} screens of {SCREEN}px)")
    # An answered card is compact and still answers.
    answered = await card(page, "portraits-present").bounding_box()
    waiting = await card(page, "group-photos-present").bounding_box()
    assert answered["height"] < waiting["height"], (answered, waiting)

    # "Next unanswered" stays in view and brings the question after the last one worked on to the top of the
    # screen, focused.
    nxt = page.get_by_role("button", name="Next unanswered")
    for item_id in ("portrait-count", "portrait-count-women"):
        await page.mouse.wheel(0, 600)
        await expect(nxt).to_be_in_viewport()
        await nxt.click()
        prompt = card(page, item_id).locator("h3")
        await expect(prompt).to_be_focused()
        await expect(prompt).to_be_in_viewport()
        bar = await page.locator(".walk-bar").bounding_box()
        box = await prompt.bounding_box()
        assert bar["y"] + bar["height"] <= box["y"] < SCREEN / 2, (bar, box)
        await card(page, item_id).get_by_label("Unknown").check()
    await saved(page)
    # The guidance and note toggles sit on the row of "Not applicable", not on one of their own; the guidance
    # opens below the answer and closes again. (Checked last: focus in a card makes it the one "Next
    # unanswered" moves on from.)
    count = card(page, "portrait-count")
    na = await count.locator(".item-card__answer").get_by_label("Not applicable").locator("..").bounding_box()
    toggle = count.get_by_role("button", name="Guidance")
    for tool in (await toggle.bounding_box(), await count.get_by_role("button", name="Add a note").bounding_box()):
        assert na["y"] <= tool["y"] + tool["height"] / 2 <= na["y"] + na["height"], (na, tool)
        assert tool["x"] >= na["x"] + na["width"] and tool["height"] >= 44 and tool["width"] >= 44, (na, tool)
    await toggle.click()
    await expect(toggle).to_have_attribute("aria-expanded", "true")
    await expect(count.locator(".guidance")).to_contain_text("What to look for")
    await toggle.click()
    await expect(toggle).to_have_attribute("aria-expanded", "false")
    await expect(count.locator(".guidance")).to_be_hidden()
    await check(page, "phone-walk-next")

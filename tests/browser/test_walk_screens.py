"""The walk beyond the journey in test_walk.py: resuming and searching find the space fast; changes wait in the
outbox until the server can be reached; one space can be answered with the keyboard alone; every walk screen
passes axe-core at phone and laptop sizes and fits a 320 px screen."""

from __future__ import annotations

import asyncio

from playwright.async_api import expect

from .helpers import PHONE, SIZES, card, check_at, choose, plan, saved, walk_ready


async def test_resume_and_search_find_the_space_fast(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, _ = await plan(me.context.request, "Resume check", ["101", "110", "201"])
    await me.goto(f"/audits/{audit_id}")
    page = me.page
    await page.get_by_label("Find a space").fill("20")
    await expect(page.locator(".result-count")).to_have_text("1 space")
    await page.get_by_label("Find a space").press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text("201 · Seminar room A")
    await choose(page, "portraits-present", "Yes")
    await card(page, "portrait-count").get_by_label("Number").focus()
    await saved(page)
    await me.goto(f"/audits/{audit_id}")
    await page.get_by_role("link", name="Continue where you left off: 201 · Seminar room A").click()
    await expect(card(page, "portrait-count").locator("h3")).to_be_focused()


async def test_changes_wait_in_the_outbox_until_the_server_can_be_reached(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Outbox check", ["110"])
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    page = me.page

    async def unreachable(route):
        await route.abort("internetdisconnected")

    await page.route("**/api/responses/**", unreachable)
    await page.route("**/api/batch", unreachable)  # runs of changes go together
    await choose(page, "portraits-present", "No")
    await expect(page.locator(".sync")).to_contain_text("1 change waiting to be sent")
    # Reloaded with the change still unsent: it is shown from the outbox (IndexedDB) and still waiting.
    await page.reload()
    await expect(card(page, "portraits-present").get_by_label("No", exact=True)).to_be_checked()
    await expect(page.locator(".sync")).to_contain_text("waiting to be sent")
    await choose(page, "group-photos-present", "No")
    await expect(page.locator(".sync")).to_contain_text("2 changes waiting to be sent")
    await page.unroute("**/api/responses/**", unreachable)
    await page.unroute("**/api/batch", unreachable)
    await page.evaluate("window.dispatchEvent(new Event('online'))")
    await saved(page)
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    assert sorted((r["item_id"], r["answer"]) for r in audit["responses"]) == [
        ("group-photos-present", "no"), ("portraits-present", "no")]
    assert audit["status"] == "in_progress"


async def test_one_space_can_be_answered_with_the_keyboard_alone(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Keyboard check", ["201"])
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    page = me.page
    await expect(page.locator(".walk-progress")).to_have_text("0 of 3 items answered")
    await walk_ready(page)
    # Tab through the page; Space answers each item the first way it can be answered (a radio, or the
    # Unknown / Not applicable box), Enter opens one guidance.
    decide = """() => {
      const el = document.activeElement;
      const firstGuidance = !document.querySelector('.item-tool--guidance[aria-expanded=true]');
      if (el.classList.contains('item-tool--guidance') && firstGuidance) return 'Enter';
      const answer = el.closest('.item-card__answer');
      if (!answer || el.tagName !== 'INPUT') return el.classList.contains('space-nav__next') ? 'stop' : 'Tab';
      const typed = [...answer.querySelectorAll('input[type=number], textarea')].some((i) => i.value);
      const done = answer.querySelector('input:checked') || typed;
      const word = el.type === 'radio' || ['unknown', 'not_applicable'].includes(el.value);
      return !done && word ? ' ' : 'Tab';
    }"""
    for _ in range(400):
        key = await page.evaluate(decide)
        if key == "stop":
            break
        await page.keyboard.press("Space" if key == " " else key)
        if key != "Tab":
            await page.keyboard.press("Tab")
    else:
        raise AssertionError("never reached the next-space link")
    progress = await page.locator(".walk-progress").text_content()
    answered, total = progress.split(" items")[0].split(" of ")
    assert answered == total and int(total) > 3, progress
    opened = page.get_by_role("button", name="Guidance", expanded=True)
    await expect(opened).to_have_count(1)
    await expect(page.locator(".guidance:visible")).to_have_count(1)
    await expect(page.locator(".guidance:visible")).to_contain_text("What to look for")
    await saved(page)


async def test_every_walk_screen_is_accessible_and_fits(open_session):
    auditor = await open_session()
    await auditor.login("auditor@test.example")
    for viewport in SIZES:
        me = await open_session(viewport, sharing=auditor)
        audit_id, spaces = await plan(me.context.request, "Accessibility walk", ["Main entrance lobby", "101"])
        page = me.page

        await me.goto("/audits")
        await expect(page.get_by_role("heading", name="Planned", exact=False).first).to_be_visible()
        await check_at(page, viewport, "walk-audits")
        await me.goto("/")
        await expect(page.locator(".audit-card").first).to_be_visible()
        await check_at(page, viewport, "walk-home")
        await me.goto("/audits/new")
        await page.get_by_label("Building").select_option(label="ALD · Alden Hall of Medicine")
        await page.get_by_label("One floor").check()
        await check_at(page, viewport, "walk-plan-floor")
        await me.goto(f"/audits/{audit_id}")
        await expect(page.locator(".space-row")).to_have_count(2)
        await check_at(page, viewport, "walk-audit")
        await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
        await choose(page, "portraits-present", "Yes")
        await choose(page, "portraits-context", "No")
        await expect(card(page, "portraits-context").locator(".finding-form")).to_be_visible()
        await card(page, "portraits-context").get_by_role("button", name="Guidance").click()
        # A text item is a note itself: "Add a note" is offered on the other items.
        await card(page, "portraits-context").get_by_role("button", name="Add a note").click()
        await page.get_by_role("button", name="Add a finding not tied to an item").click()
        await check_at(page, viewport, "walk-space")
        await page.get_by_role("button", name="Skip this space").click()
        await check_at(page, viewport, "walk-skip-form")
        await me.goto(f"/audits/{audit_id}")
        await page.get_by_role("button", name="Check and submit").click()
        await expect(page.locator(".missing-list").first).to_be_visible()
        await check_at(page, viewport, "walk-submit")


async def test_a_reloaded_walk_never_says_saved_of_a_change_still_waiting(open_session):
    """Drawn before the device's store has arrived, the walk's page must not let the sync line say "All changes
    saved" while the outbox has not yet read what waits: a change the server has not received is on screen, and
    the line says so from its first words."""
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Reload with a change waiting", ["201"])
    walk = f"/audits/{audit_id}/spaces/{spaces[0]['id']}"
    page = me.page
    await me.goto(walk)
    await walk_ready(page)
    # The server stops taking changes (it will not answer them) while the person answers.
    await page.route("**/api/batch", lambda route: route.abort())
    await page.route("**/api/responses/**", lambda route: route.abort())
    await choose(page, "portraits-present", "No")
    await expect(page.locator(".sync")).to_contain_text("1 change waiting")
    # Every text the line shows from the reloaded page's start.
    await page.add_init_script("""
      window.syncWords = [];
      new MutationObserver(() => {
        const line = document.querySelector('.sync');
        if (line && window.syncWords.at(-1) !== line.textContent) window.syncWords.push(line.textContent);
      }).observe(document, { subtree: true, childList: true, characterData: true });
    """)
    await page.reload()
    await expect(card(page, "portraits-present").get_by_label("No", exact=True)).to_be_checked()
    await expect(page.locator(".sync")).to_contain_text("1 change waiting")
    shown = await page.evaluate("window.syncWords")
    assert shown and "All changes saved" not in shown, shown


async def test_the_walk_drawn_before_the_store_waits_for_it_and_says_when_it_cannot_come(open_session):
    """The first space a page opens is drawn from the server's copy while the device's store is on its way: its
    answers are shown but cannot be changed until the store has come; when it cannot come (the signal lost
    before the service worker holds the app), the space says so and how to get it."""
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Before the store", ["201"])
    page = me.page
    arrived = asyncio.Event()

    async def slow(route) -> None:
        await arrived.wait()
        await route.continue_()

    await page.route("**/js/store/walk.js", slow)
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    no = card(page, "portraits-present").locator(".item-card__answer").get_by_label("No", exact=True)
    await expect(no).to_be_visible()
    await expect(no).to_be_disabled()
    await expect(page.locator("main .walk-work")).to_have_attribute("aria-busy", "true")
    await check_at(page, PHONE, "walk-before-the-store")
    arrived.set()
    await walk_ready(page)
    await expect(page.locator("main .walk-work")).not_to_have_attribute("aria-busy", "true")
    await choose(page, "portraits-present", "No")
    await saved(page)

    await page.unroute("**/js/store/walk.js")
    await page.route("**/js/store/walk.js", lambda route: route.abort("internetdisconnected"))
    await page.reload()
    await expect(page.locator("main .notice--error")).to_contain_text("could not finish loading")
    await expect(no).to_be_checked()
    await expect(no).to_be_disabled()
    await check_at(page, PHONE, "walk-without-the-store")

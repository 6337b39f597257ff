"""Offline first, in Debian Chromium against real uvicorn: a whole audit walked with no connection (reloaded,
the browser restarted on the same profile) syncs every record and photo exactly once; a server killed in the
middle of a sync loses and duplicates nothing, and replaying the whole sync twice at once changes nothing; a
conflicting edit by someone else is merged, shown and recoverable; a captive portal's page is not taken for
the server's acknowledgement."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from pathlib import Path

import httpx
from playwright.async_api import BrowserContext, Page, async_playwright, expect
from testdata import PHOTOS

from .conftest import CHROMIUM, CHROMIUM_ARGS, PASSWORD, PHONE, Server, Session, watch

PHOTO = PHOTOS / "IMG_20180725_163423.jpg"  # an ordinary 12 MP phone JPEG
CHECKLIST = "portraits-honorifics"
# The answers that complete one space of the portraits checklist without raising findings.
ANSWERS = (("portraits-present", "No"), ("group-photos-present", "No"))


async def plan(request, title: str, rooms: list[str], members: list[str] | None = None) -> tuple[str, list[dict]]:
    me = await (await request.get("/api/me")).json()
    buildings = (await (await request.get("/api/buildings?q=ALD")).json())["items"]
    building_id = next(b["id"] for b in buildings if b["code"] == "ALD")
    spaces = (await (await request.get(f"/api/spaces?building_id={building_id}&limit=200")).json())["items"]
    chosen = [next(s for s in spaces if room in (s["room_number"], s["name"])) for room in rooms]
    audit_id = str(uuid.uuid4())
    answer = await request.put(f"/api/audits/{audit_id}", data={
        "building_id": building_id, "checklist_id": CHECKLIST, "title": title,
        "member_ids": [me["id"], *(members or [])], "space_ids": [s["id"] for s in chosen]})
    assert answer.status == 201, await answer.text()
    return audit_id, chosen


def card(page: Page, item_id: str):
    return page.locator(f"#item-{item_id}")


async def choose(page: Page, item_id: str, label: str) -> None:
    await card(page, item_id).locator(".item-card__answer").get_by_label(label, exact=True).check()


async def saved(page: Page, timeout: int = 30000) -> None:
    await expect(page.locator(".sync")).to_have_text("All changes saved", timeout=timeout)


async def walk_space(page: Page) -> None:
    for item_id, label in ANSWERS:
        await choose(page, item_id, label)
    await card(page, "portraits-notes").locator(".item-card__answer").get_by_label("Not applicable").check()


async def add_finding(page: Page, title: str) -> None:
    await page.get_by_role("button", name="Add a finding not tied to an item").click()
    form = page.locator(".finding-form")
    await form.get_by_label("Title").fill(title)
    await form.locator("input[type=file]").set_input_files(PHOTO)
    await expect(form.locator("img.thumb__img")).to_have_count(1, timeout=20000)
    await form.get_by_role("button", name="Save finding").click()
    await expect(page.locator(".finding", has_text=title)).to_be_visible()


async def controlled(page: Page) -> None:
    """The service worker controls the page (it serves the shell from now on)."""
    await page.evaluate("navigator.serviceWorker.ready")
    await page.wait_for_function("navigator.serviceWorker.controller !== null")


async def outbox_size(page: Page) -> int:
    return await page.evaluate("""() => new Promise((resolve, reject) => {
      const open = indexedDB.open('spaces-audit');
      open.onsuccess = () => {
        const tx = open.result.transaction('outbox', 'readonly');
        const count = tx.objectStore('outbox').count();
        count.onsuccess = () => { resolve(count.result); open.result.close(); };
        count.onerror = () => reject(count.error);
      };
      open.onerror = () => reject(open.error);
    })""")


def db_counts(srv: Server, audit_id: str) -> dict[str, int]:
    """Rows on the server, counted in its database (duplicates would show here even if the API hid them)."""
    path = Path(srv.env["SPACES_DATA_DIR"]) / "spaces-audit.sqlite3"
    with sqlite3.connect(path) as db:
        def one(sql: str) -> int:
            return db.execute(sql, (audit_id.replace("-", ""), audit_id)).fetchone()[0]
        return {
            "responses": one("SELECT count(*) FROM responses WHERE audit_id IN (?, ?)"),
            "revisions": one("SELECT count(*) FROM response_revisions WHERE response_id IN (SELECT id FROM responses "
                             "WHERE audit_id IN (?, ?))"),
            "findings": one("SELECT count(*) FROM findings WHERE audit_id IN (?, ?)"),
            "photos": one("SELECT count(*) FROM photos WHERE finding_id IN (SELECT id FROM findings "
                          "WHERE audit_id IN (?, ?))"),
        }


async def login(context: BrowserContext, base: str, email: str) -> None:
    answer = await context.request.post(f"{base}/api/session", data={"email": email, "password": PASSWORD})
    assert answer.status == 200, await answer.text()


async def test_a_whole_audit_walked_offline_survives_reload_and_restart_and_syncs_exactly_once(server, tmp_path):
    profile = tmp_path / "profile"
    email = server.make_user("auditor", name="Offline Walker")
    async with async_playwright() as pw:
        async def launch() -> tuple[BrowserContext, Session]:
            context = await pw.chromium.launch_persistent_context(
                str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport=PHONE, base_url=server.url)
            page = context.pages[0] if context.pages else await context.new_page()
            return context, Session(context, watch(page), server.url)

        context, me = await launch()
        await login(context, server.url, email)
        audit_id, spaces = await plan(context.request, "Basement walk", ["201", "202", "B12"])
        # Opened once with signal: the shell, the audit, its checklist are now on the phone.
        await me.goto("/")
        await controlled(me.page)
        await expect(me.page.locator(".freshness")).to_contain_text("Kept for offline use: 1 audit and", timeout=20000)
        await me.goto(f"/audits/{audit_id}")

        await context.set_offline(True)
        page = me.page
        await page.get_by_role("link", name="202 · Seminar room B").click()
        await walk_space(page)
        for n in (1, 2):
            await add_finding(page, f"Offline finding {n}")
        await expect(page.locator(".sync")).to_contain_text("waiting to be sent")
        # Reloaded midway, still offline: the shell comes from the service worker, the walk from IndexedDB.
        await page.reload()
        await expect(card(page, "portraits-present").get_by_label("No", exact=True)).to_be_checked()
        await expect(page.locator(".finding")).to_have_count(2)
        await add_finding(page, "Offline finding 3")
        waiting = await outbox_size(page)
        assert waiting >= 9, waiting  # 3 answers, 3 findings, 3 photos
        me.assert_no_problems()
        await context.close()

        # The browser restarted (the phone was switched off): same profile, still no signal.
        context, me = await launch()
        await context.set_offline(True)
        page = me.page
        await me.goto(f"/audits/{audit_id}/spaces/{spaces[1]['id']}")
        await expect(card(page, "group-photos-present").get_by_label("No", exact=True)).to_be_checked()
        await expect(page.locator(".finding")).to_have_count(3)
        await expect(page.locator(".sync")).to_contain_text("waiting to be sent")
        await me.goto(f"/audits/{audit_id}/spaces/{spaces[2]['id']}")
        await page.get_by_role("button", name="Skip this space").click()
        await page.locator(".skip__form").get_by_label("Locked").check()
        await page.get_by_role("button", name="Skip space").click()
        await expect(page.get_by_role("heading", name="Skipped: Locked")).to_be_visible()
        await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
        await walk_space(page)
        assert await outbox_size(page) == waiting + 4  # one skip, three answers more

        # Signal again: everything goes, once.
        await context.set_offline(False)
        await saved(page, timeout=60000)
        assert await outbox_size(page) == 0
        audit = await (await context.request.get(f"/api/audits/{audit_id}")).json()
        assert len(audit["responses"]) == 6
        assert sorted(f["title"] for f in audit["findings"]) == [f"Offline finding {n}" for n in (1, 2, 3)]
        assert all(len(f["photos"]) == 1 and f["photos"][0]["width"] == 2048 for f in audit["findings"])
        assert [s["skipped"]["reason"] if s["skipped"] else None for s in audit["spaces"]] == [None, None, "locked"]
        assert db_counts(server, audit_id) == {"responses": 6, "revisions": 6, "findings": 3, "photos": 3}
        for finding in audit["findings"]:
            thumb = await context.request.get(finding["photos"][0]["urls"]["thumb"])
            assert thumb.status == 200 and thumb.headers["content-type"] == "image/jpeg"
        me.assert_no_problems()
        await context.close()


async def test_a_sync_cut_by_a_server_crash_resumes_and_replaying_it_twice_changes_nothing(browser, own_server):
    srv, process = own_server
    context = await browser.new_context(viewport=PHONE, base_url=srv.url)
    page = await context.new_page()
    me = Session(context, watch(page), srv.url)
    await login(context, srv.url, "auditor@test.example")
    audit_id, spaces = await plan(context.request, "Crash test", ["201"])
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    writes: list[dict] = []

    def keep_write(request) -> None:
        if request.method in ("PUT", "POST", "PATCH", "DELETE") and "/api/" in request.url:
            writes.append({"method": request.method, "url": request.url, "headers": request.headers,
                           "body": request.post_data_buffer})

    page.on("request", keep_write)
    await expect(card(page, "portraits-present")).to_be_visible()
    await context.set_offline(True)
    await walk_space(page)
    await add_finding(page, "Finding before the crash")
    await add_finding(page, "Another finding")

    # The first batch reaches the server and is applied, then the server dies before the phone hears back.
    crashed = asyncio.Event()

    async def crash(route) -> None:
        if crashed.is_set():
            await route.continue_()
            return
        crashed.set()
        await route.fetch()  # the server applies it ...
        process.kill()  # ... and is gone before its answer arrives
        await route.abort("connectionreset")

    await page.route("**/api/batch", crash)
    await context.set_offline(False)
    await expect(page.locator(".sync")).to_contain_text("no connection", timeout=20000)
    assert crashed.is_set()
    process.start()
    await page.evaluate("window.dispatchEvent(new Event('online'))")
    await saved(page, timeout=60000)
    before = db_counts(srv, audit_id)
    assert before == {"responses": 3, "revisions": 3, "findings": 2, "photos": 2}
    audit_before = await (await context.request.get(f"/api/audits/{audit_id}")).json()

    # Every write of the finished sync sent twice more, all at once, with the phone's cookie: nothing changes.
    cookies = {c["name"]: c["value"] for c in await context.cookies()}
    skip = {"host", "content-length", "cookie"}
    async with httpx.AsyncClient(cookies=cookies, timeout=30) as client:
        answers = await asyncio.gather(*[
            client.request(w["method"], w["url"], content=w["body"],
                           headers={k: v for k, v in w["headers"].items() if k.lower() not in skip})
            for w in writes for _ in range(2)])
    assert sum("/api/photos/" in w["url"] for w in writes) >= 2 and all(w["body"] for w in writes)
    # Each replay gets the first answer again (the operation log, the photo's same bytes).
    odd = [(a.status_code, str(a.request.url), a.text[:300]) for a in answers if a.status_code not in (200, 201)]
    assert not odd, odd
    assert db_counts(srv, audit_id) == before
    assert await (await context.request.get(f"/api/audits/{audit_id}")).json() == audit_before
    await context.close()
    me.assert_no_problems()


async def test_a_conflicting_edit_by_someone_else_is_merged_shown_and_nothing_is_lost(open_session, server):
    other_email = server.make_user("auditor", name="Second Auditor")
    me = await open_session(viewport=PHONE)
    other = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    await other.login(other_email)
    other_id = (await (await other.context.request.get("/api/me")).json())["id"]
    audit_id, spaces = await plan(me.context.request, "Two auditors", ["201"], members=[other_id])
    page = me.page
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await choose(page, "portraits-present", "No")
    await add_finding(page, "Plaque without context")
    await saved(page)
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    [response] = audit["responses"]
    [finding] = audit["findings"]

    async def theirs(body: dict) -> dict:
        current = await (await other.context.request.get(f"/api/responses/{response['id']}")).json()
        answer = await other.context.request.put(f"/api/responses/{response['id']}", data={
            "audit_id": audit_id, "space_id": spaces[0]["id"], "item_id": "portraits-present",
            "answer": current["answer"], "note": current["note"], **body, "base_revision": current["revision"]})
        assert answer.status == 200, await answer.text()
        return await answer.json()

    # Different fields: my note (made first, offline) and their answer (made later) both stand.
    await me.context.set_offline(True)
    await card(page, "portraits-present").get_by_role("button", name="Add a note").click()
    note = card(page, "portraits-present").get_by_label("Note")
    await note.fill("Checked behind the door as well")
    await note.press("Tab")
    await theirs({"answer": "yes"})
    await me.context.set_offline(False)
    await saved(page)
    now = await (await me.context.request.get(f"/api/responses/{response['id']}")).json()
    assert (now["answer"], now["note"]) == ("yes", "Checked behind the door as well")
    assert [h["revision"] for h in now["history"]] == [3, 2, 1]
    await expect(card(page, "portraits-present").get_by_label("Yes", exact=True)).to_be_checked()

    # The same field: their later edit wins, mine is held and shown, and "use my version" puts it back.
    await me.context.set_offline(True)
    await note.fill("My wording")
    await note.press("Tab")
    await theirs({"note": "Their later wording"})
    await me.context.set_offline(False)
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention", timeout=20000)
    await expect(note).to_have_value("Their later wording")
    await page.get_by_role("link", name="1 change needs your attention").click()
    held = page.locator(".sync-item--attention")
    await expect(held).to_contain_text("Second Auditor changed this")
    await expect(held).to_contain_text("Note: yours “My wording”, kept “Their later wording”.")
    await held.get_by_role("button", name="Use my version").click()
    await saved(page)
    now = await (await me.context.request.get(f"/api/responses/{response['id']}")).json()
    assert now["note"] == "My wording"
    assert [h["note"] for h in now["history"][:2]] == ["My wording", "Their later wording"]

    # A finding someone else withdrew is not raised again by my offline edit: my edit is held and shown.
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await me.context.set_offline(True)
    await page.get_by_role("button", name="Edit finding: Plaque without context").click()
    await page.locator(".finding-form").get_by_label("Title").fill("Plaque without any context")
    await page.locator(".finding-form").get_by_role("button", name="Save changes").click()
    # Kept on the phone before the connection returns (the other order is the test below).
    await expect(page.locator(".sync")).to_contain_text("1 change waiting to be sent")
    withdrawn = await other.context.request.delete(f"/api/findings/{finding['id']}")
    assert withdrawn.status == 204
    await me.context.set_offline(False)
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention", timeout=20000)
    await me.goto("/sync")
    await expect(page.locator(".sync-item--attention")).to_contain_text("it is now withdrawn")
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    assert [(f["title"], f["status"]) for f in audit["findings"]] == [("Plaque without context", "withdrawn")]
    await page.locator(".sync-item--attention").get_by_role("button", name="Discard").click()
    await page.get_by_role("button", name="Discard for good").click()
    await saved(page)


async def test_saving_a_finding_someone_else_withdrew_meanwhile_says_it_is_held(open_session, server):
    """Saved with signal after the withdrawal: the form itself says the change is held, and nothing is raised
    again. (The form once took every held outcome for a refusal with an error, and this one has none.)"""
    other_email = server.make_user("auditor", name="Withdrawing Auditor")
    me = await open_session(viewport=PHONE)
    other = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    await other.login(other_email)
    other_id = (await (await other.context.request.get("/api/me")).json())["id"]
    audit_id, spaces = await plan(me.context.request, "Withdrawn meanwhile", ["201"], members=[other_id])
    page = me.page
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await add_finding(page, "Plaque by the stairs")
    await saved(page)
    [finding] = (await (await me.context.request.get(f"/api/audits/{audit_id}")).json())["findings"]
    await page.get_by_role("button", name="Edit finding: Plaque by the stairs").click()
    form = page.locator(".finding-form")
    await form.get_by_label("Title").fill("Plaque by the main stairs")
    assert (await other.context.request.delete(f"/api/findings/{finding['id']}")).status == 204
    await form.get_by_role("button", name="Save changes").click()
    # The form's own summary (the #alert region reads the same words out too).
    await expect(form.locator(".notice--error")).to_have_text(
        "A change was not accepted by the server and needs your attention. See Changes on this device.")
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention")
    now = await (await me.context.request.get(f"/api/findings/{finding['id']}")).json()
    assert (now["title"], now["status"]) == ("Plaque by the stairs", "withdrawn")


async def test_a_captive_portal_page_is_not_an_acknowledgement(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Hotel wifi", ["201"])
    page = me.page
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await controlled(page)
    portal = "<!doctype html><title>Welcome</title><h1>Accept the terms to use the Wi-Fi</h1>"

    async def captive(route) -> None:
        await route.fulfill(status=200, content_type="text/html", body=portal)

    await page.route("**/api/**", captive)
    await choose(page, "portraits-present", "No")
    await expect(page.locator(".sync")).to_contain_text("1 change waiting to be sent, no connection")
    assert await outbox_size(page) == 1
    # Reloaded behind the portal: still logged in (from the device), the change still waiting.
    await page.reload()
    await expect(card(page, "portraits-present").get_by_label("No", exact=True)).to_be_checked()
    assert await outbox_size(page) == 1
    await page.unroute("**/api/**", captive)
    await page.evaluate("window.dispatchEvent(new Event('online'))")
    await saved(page)
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    assert [(r["item_id"], r["answer"]) for r in audit["responses"]] == [("portraits-present", "no")]
    assert json.dumps(audit)  # the server's own JSON, read back


async def test_the_changes_screen_and_logging_out_with_changes_waiting(open_session, server):
    from axe_playwright_python.async_playwright import Axe

    from .conftest import LAPTOP, screenshot

    email = server.make_user("auditor", name="Careful Walker")
    me = await open_session(viewport=PHONE)
    await me.login(email)
    audit_id, spaces = await plan(me.context.request, "Changes screen", ["201"])
    page = me.page
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await expect(card(page, "portraits-present")).to_be_visible()
    await controlled(page)  # the app has been opened before: its screens are on the phone
    # One change the server refuses (the audit was submitted behind the phone's back) and two kept offline.
    refusal = {"error": {"code": "audit_submitted", "message": "This audit has been submitted and can no longer "
                         "be changed.", "field": None}}

    async def submitted(route) -> None:
        await route.fulfill(status=409, content_type="application/json", body=json.dumps(refusal))

    await page.route("**/api/responses/**", submitted)
    await choose(page, "portraits-present", "No")
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention")
    await page.unroute("**/api/responses/**", submitted)
    await me.context.set_offline(True)
    await choose(page, "group-photos-present", "No")
    await card(page, "portraits-notes").locator(".item-card__answer").get_by_label("Not applicable").check()
    await expect(page.locator(".sync")).to_contain_text("2 changes waiting to be sent")
    await page.locator(".sync-bar__link").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Changes on this device")
    held = page.locator(".sync-item--attention")
    await expect(held).to_contain_text("Answer to “Does this space display portraits")
    await expect(held).to_contain_text("This audit has been submitted and can no longer be changed.")
    await expect(page.locator("ol.sync-list > li")).to_have_count(2)
    axe = Axe()
    for size, name in ((PHONE, "sync"), (LAPTOP, "sync"), ({"width": 320, "height": 640}, "sync")):
        await page.set_viewport_size(size)
        results = await axe.run(page)
        assert results.violations_count == 0, results.generate_report()
        assert await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth") <= 0
        await screenshot(page, name)
    await page.set_viewport_size(PHONE)
    # Logging out says what would stay here, and keeps it.
    await page.get_by_role("button", name="Log out").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log out with changes not yet sent?")
    await expect(page.locator("main")).to_contain_text("3 changes made on this device have not reached the server")
    results = await axe.run(page)
    assert results.violations_count == 0, results.generate_report()
    await screenshot(page, "logout-waiting")
    # Signal enough to log out, not to send (a weak connection that drops the larger requests).
    async def dropped(route) -> None:
        await route.abort("connectionreset")

    await page.route("**/api/batch", dropped)
    await page.route("**/api/responses/**", dropped)
    await me.context.set_offline(False)
    await page.get_by_role("button", name="Log out and keep them here").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    assert await outbox_size(page) == 3
    await page.unroute("**/api/batch", dropped)
    await page.unroute("**/api/responses/**", dropped)
    # Logged in again as the same person: what waited goes; the held refusal stays until discarded.
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention", timeout=20000)
    await page.locator(".sync-bar__link").click()
    await page.locator(".sync-item--attention").get_by_role("button", name="Discard").click()
    await page.get_by_role("button", name="Discard for good").click()
    await saved(page)
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    assert sorted(r["item_id"] for r in audit["responses"]) == ["group-photos-present", "portraits-notes"]

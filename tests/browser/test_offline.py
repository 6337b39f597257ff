"""Offline first, in Debian Chromium against real uvicorn: a whole audit walked with no connection (reloaded,
the browser restarted on the same profile) syncs every record and photo exactly once; a server killed in the
middle of a sync loses and duplicates nothing, and replaying the whole sync twice at once changes nothing; a
captive portal's page is not taken for the server's acknowledgement. (Changes held by the server, and merged
with someone else's: test_sync_conflicts.py.)"""

from __future__ import annotations

import asyncio
import hashlib
import json
import sqlite3

import httpx
import pytest
from playwright.async_api import BrowserContext, Page, expect

from .helpers import (
    PHONE,
    Server,
    Session,
    card,
    choose,
    controlled,
    new_finding,
    outbox_size,
    persistent,
    plan,
    saved,
    walk_ready,
    watch,
)

pytestmark = pytest.mark.service_worker  # every test here works offline or with the kept copy

# The answers that complete one space of the portraits checklist without raising findings.
ANSWERS = (("portraits-present", "No"), ("group-photos-present", "No"))


async def walk_space(page: Page) -> None:
    for item_id, label in ANSWERS:
        await choose(page, item_id, label)
    await card(page, "portraits-notes").locator(".item-card__answer").get_by_label("Not applicable").check()


async def add_finding(page: Page, title: str) -> None:
    form = await new_finding(page, title)
    await form.get_by_role("button", name="Save finding").click()
    await expect(page.locator(".finding", has_text=title)).to_be_visible()


def db_counts(srv: Server, audit_id: str) -> dict[str, int]:
    """Rows on the server, counted in its database (duplicates would show here even if the API hid them)."""
    path = srv.data / "spaces-audit.sqlite3"
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


async def test_a_whole_audit_walked_offline_survives_reload_and_restart_and_syncs_exactly_once(playwright, server,
                                                                                                 tmp_path):
    profile = tmp_path / "profile"
    email = server.make_user("auditor", name="Offline Walker")

    async def launch() -> tuple[BrowserContext, Session]:
        context = await persistent(playwright, profile, viewport=PHONE, base_url=server.url)
        page = context.pages[0] if context.pages else await context.new_page()
        return context, Session(context, watch(page), server.url)

    context, me = await launch()
    await me.login(email)
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
    srv = own_server
    context = await browser.new_context(viewport=PHONE, base_url=srv.url)
    page = await context.new_page()
    me = Session(context, watch(page), srv.url)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(context.request, "Crash test", ["201"])
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    writes: list[dict] = []

    def keep_write(request) -> None:
        if request.method in ("PUT", "POST", "PATCH", "DELETE") and "/api/" in request.url:
            writes.append({"method": request.method, "url": request.url, "headers": request.headers,
                           "body": request.post_data_buffer})

    page.on("request", keep_write)
    await walk_ready(page)
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
        srv.kill()  # ... and is gone before its answer arrives
        await route.abort("connectionreset")

    await page.route("**/api/batch", crash)
    await context.set_offline(False)
    await expect(page.locator(".sync")).to_contain_text("no connection", timeout=20000)
    assert crashed.is_set()
    srv.start()
    await page.evaluate("window.dispatchEvent(new Event('online'))")
    await saved(page, timeout=60000)
    before = db_counts(srv, audit_id)
    assert before == {"responses": 3, "revisions": 3, "findings": 2, "photos": 2}
    audit_before = await (await context.request.get(f"/api/audits/{audit_id}")).json()

    # Every write of the finished sync sent twice more, all at once, with the phone's cookie: nothing changes.
    # Each distinct request once in the list: the attempts the phone made while offline or during the crash
    # repeat the same operations (same key, same body), and replaying each of them twice over would send
    # dozens of full-size photos at once, which tests the machine's patience rather than the server.
    distinct = {(w["method"], w["url"], w["headers"].get("idempotency-key"), hashlib.sha256(w["body"] or b"").digest()):
                w for w in writes}
    cookies = {c["name"]: c["value"] for c in await context.cookies()}
    skip = {"host", "content-length", "cookie"}
    # Each request may take 30 s to be answered; waiting for one of the client's own connections is not the
    # server's doing, so it has no limit of its own (a busy machine once took longer than 30 s to hand one out).
    async with httpx.AsyncClient(cookies=cookies, timeout=httpx.Timeout(30, pool=None)) as client:
        answers = await asyncio.gather(*[
            client.request(w["method"], w["url"], content=w["body"],
                           headers={k: v for k, v in w["headers"].items() if k.lower() not in skip})
            for w in distinct.values() for _ in range(2)])
    assert sum("/api/photos/" in w["url"] for w in writes) >= 2 and all(w["body"] for w in writes)
    # Each replay gets the first answer again (the operation log, the photo's same bytes).
    odd = [(a.status_code, str(a.request.url), a.text[:300]) for a in answers if a.status_code not in (200, 201)]
    assert not odd, odd
    assert db_counts(srv, audit_id) == before
    assert await (await context.request.get(f"/api/audits/{audit_id}")).json() == audit_before
    await context.close()
    me.assert_no_problems()


async def test_a_captive_portal_page_is_not_an_acknowledgement(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Hotel wifi", ["201"])
    page = me.page
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await controlled(page)
    portal = "<!doctype html><title>Welcome</title><h1>Accept the terms to use the Wi-Fi</h1>"

    answered = asyncio.Event()

    async def captive(route) -> None:
        await route.fulfill(status=200, content_type="text/html", body=portal)
        # The answer's own request, not whatever else the app asks for meanwhile (its profile, its offline copy).
        if route.request.method == "PUT" and "/api/responses/" in route.request.url:
            answered.set()

    await page.route("**/api/**", captive)
    await choose(page, "portraits-present", "No")
    # The outbox has tried once the portal answered its request (on a busy machine that may take a while). It
    # goes on trying, so the bar says "no connection" between tries and "waiting to be sent" during one: what
    # holds throughout is that the change waits.
    await asyncio.wait_for(answered.wait(), timeout=60)
    await expect(page.locator(".sync")).to_contain_text("1 change waiting to be sent")
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

"""What the browser waits for before the first screen of someone logged in draws: each thing asked for once,
and as early as it can be (benchmarks/lighthouse.py scores it; the login screen's share is in test_login.py)."""

from __future__ import annotations

from urllib.parse import urlsplit

from playwright.async_api import expect

from .helpers import PHONE, card, plan


async def test_a_walk_opened_cold_asks_once_for_its_audit_and_its_checklist_together(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Cold walk", ["202"])
    asked: list[str] = []
    me.page.on("request", lambda request: asked.append(request.url))
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await expect(card(me.page, "portraits-present")).to_be_visible()
    # Asked for while the walk's code loaded (app.js) and taken by the walk: one request, not the audit and
    # then its checklist in turn (the offline copy reads the audit again later, without the checklist).
    together = [url for url in asked if urlsplit(url).path == f"/api/audits/{audit_id}"
                and urlsplit(url).query == "with=checklist"]
    assert len(together) == 1
    assert not [url for url in asked if urlsplit(url).path.startswith("/api/checklists/")]

"""The findings list a page at a time in the browser: "Show more" follows the page link the API gives
(a signed cursor, not an offset), adds the next findings after the ones shown, none twice, and goes away at
the end."""

from __future__ import annotations

import uuid

from playwright.async_api import expect

from .helpers import LAPTOP, PHONE, check_at, plan

FINDINGS = 57  # more than a page (50)


async def test_show_more_follows_the_lists_page_link_to_its_end(open_session):
    auditor = await open_session(viewport=LAPTOP)
    await auditor.login("auditor@test.example")
    request = auditor.context.request
    tag = uuid.uuid4().hex[:4]
    audit_id, spaces = await plan(request, f"Paging walk {tag}", ["101"])
    for n in range(FINDINGS):
        answer = await request.put(f"/api/findings/{uuid.uuid4()}", data={
            "audit_id": audit_id, "space_id": spaces[0]["id"], "item_id": None, "title": f"Paging {tag} {n:02}",
            "description": "", "severity": "low", "remedies": ["add_context"], "photo_ids": []})
        assert answer.status == 201, await answer.text()
    committee = await open_session(viewport=LAPTOP)
    await committee.login("committee@test.example")
    page = committee.page
    asked: list[str] = []
    page.on("request", lambda r: asked.append(r.url) if "/api/findings?" in r.url else None)

    await committee.goto(f"/findings?queue=all&audit={audit_id}")
    cards = page.locator(".finding-card")
    await expect(cards).to_have_count(50)
    await expect(page.locator(".result-count")).to_have_text(f"{FINDINGS} findings")
    more = page.get_by_role("button", name=f"Show {FINDINGS - 50} more")
    await more.click()
    await expect(cards).to_have_count(FINDINGS)
    await expect(more).to_have_count(0)
    titles = await cards.locator(".finding-card__title").all_inner_texts()
    shown = {t for t in titles if t.startswith(f"Paging {tag}")}
    assert shown == {f"Paging {tag} {n:02}" for n in range(FINDINGS)}, titles
    assert "cursor=" in asked[-1] and "offset=" not in asked[-1], asked
    await check_at(page, LAPTOP, "findings-paged")
    phone = await open_session(PHONE, sharing=committee)
    await phone.goto(f"/findings?queue=all&audit={audit_id}")
    await expect(phone.page.get_by_role("button", name=f"Show {FINDINGS - 50} more")).to_be_visible()
    await check_at(phone.page, PHONE, "findings-paged")

"""The committee's review screens as they read on a phone and a laptop, on a server of the test's own (so every
figure is known): the dashboard shows its figures before its folded filters and says a tie as a tie, an audit's
report says a declined finding was declined and why, the inventory names each space and fits a laptop, and no
report table splits a word across lines, in English or in Spanish."""

from __future__ import annotations

import uuid

from playwright.async_api import Browser, expect

from .helpers import LAPTOP, NARROW, PHONE, Session, check, fits, plan, put_finding, watch

WHY = "The plaque honors a donor, not a person; the committee keeps it."

# Words of the selected elements that the browser broke across two lines ("Accepte|d", "Wom|en"). Elements
# shown to screen readers only (a 1 px box, like a phone's table header kept for them) are left out.
SPLIT_WORDS = """(selector) => {
  const forReadersOnly = (el) => Boolean(el)
    && (el.getBoundingClientRect().width <= 1 || forReadersOnly(el.parentElement));
  const split = [];
  for (const el of document.querySelectorAll(selector)) {
    if (!el.getClientRects().length || forReadersOnly(el)) continue;
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""
TABLE_TEXT = ".bars th, .data-table th, .data-table td"


async def answer_everything(request, audit_id: str, space_id: str, counts: dict[str, int]) -> None:
    """Portraits present with these counts; every other item the checklist then shows answered "not applicable"."""
    async def put(item: str, value) -> None:  # type: ignore[no-untyped-def]
        answer = await request.put(f"/api/responses/{uuid.uuid4()}", data={
            "audit_id": audit_id, "space_id": space_id, "item_id": item, "answer": value})
        assert answer.status == 201, await answer.text()

    await put("portraits-present", "yes")
    for item, count in counts.items():
        await put(item, count)
    audit = await (await request.get(f"/api/audits/{audit_id}")).json()
    answered = {r["item_id"] for r in audit["responses"] if r["space_id"] == space_id}
    pinned = audit["checklist"]
    checklist = await (await request.get(f"/api/checklists/{pinned['id']}/versions/{pinned['version']}")).json()
    items = [item for section in checklist["sections"] for item in section["items"]]
    for item in items:
        if item["id"] not in answered:
            await put(item["id"], "not_applicable")


async def reviewed_audit(committee: Session, auditor: Session) -> tuple[str, str]:
    """An audit of two spaces with counts, a finding declined with a rationale and one accepted; submitted.
    Returns the audit's id and the declined finding's title."""
    request = auditor.context.request
    audit_id, spaces = await plan(request, f"Portraits {uuid.uuid4().hex[:4]}", ["101", "Main entrance lobby"])
    for space, total in zip(spaces, (12, 4), strict=True):
        await answer_everything(request, audit_id, space["id"], {
            "portrait-count": total, "portrait-count-women": 1, "portrait-count-people-of-color": 0,
            "portrait-count-race-undocumented": 2, "portrait-count-unidentified": 1})
    declined = await put_finding(request, audit_id, spaces[0]["id"], "Donor plaque in the amphitheater")
    accepted = await put_finding(request, audit_id, spaces[1]["id"], "Portrait wall in the lobby")
    submitted = await request.post(f"/api/audits/{audit_id}/transitions", data={"to": "submitted"})
    assert submitted.status == 200, await submitted.text()
    moves = ((declined, {"to": "declined", "note": WHY}), (accepted, {"to": "accepted", "remedy": "add_context"}))
    for fid, body in moves:
        moved = await committee.context.request.post(f"/api/findings/{fid}/transitions", data=body)
        assert moved.status == 200, await moved.text()
    return audit_id, "Donor plaque in the amphitheater"


async def person(browser: Browser, server, who: str, viewport: dict[str, int]) -> Session:  # type: ignore[no-untyped-def]
    context = await browser.new_context(viewport=viewport, base_url=server.url)
    me = Session(context, watch(await context.new_page()), server.url)
    await me.login(f"{who}@test.example")
    return me


async def no_split_words(page, name: str) -> None:  # type: ignore[no-untyped-def]
    split = await page.evaluate(SPLIT_WORDS, TABLE_TEXT)
    size = page.viewport_size
    assert split == [], f"{name} at {size['width']} px breaks words across lines: {split}"


async def test_review_screens_read_well_on_a_phone_and_a_laptop(browser, own_server):
    auditor = await person(browser, own_server, "auditor", PHONE)
    committee = await person(browser, own_server, "committee", PHONE)
    audit_id, declined = await reviewed_audit(committee, auditor)
    page = committee.page

    # The dashboard on a phone: the figures come first, the filters fold into one line that says none is in use.
    await committee.goto("/dashboard")
    glance = page.get_by_role("heading", name="At a glance")
    await expect(glance).to_be_in_viewport()
    filters = page.locator("details.filter-box")
    await expect(filters.locator("summary")).to_have_text("Filters")
    await expect(page.get_by_label("Campus", exact=True)).to_be_hidden()
    # One accepted and one declined finding: a tie is said as a tie, not as one "largest" group.
    by_state = page.locator("section", has=page.get_by_role("heading", name="By state"))
    await expect(by_state.locator(".chart__summary")).to_have_text(
        "“Accepted, to assign” and “Declined” are tied as the largest: 1 each, of 2.")
    by_severity = page.locator("section", has=page.get_by_role("heading", name="By severity"))
    await expect(by_severity.locator(".chart__summary")).to_have_text("The largest group is “High”: 2 of 2.")
    await check(page, "review-phone-dashboard")
    await no_split_words(page, "dashboard")
    await filters.locator("summary").click()
    await page.get_by_label("Building", exact=True).select_option(label="ALD · Alden Hall of Medicine")
    await expect(filters.locator("summary")).to_have_text("Filters (1 in use)")
    await expect(by_state.locator(".chart__summary")).to_contain_text("tied as the largest")
    await fits(page, "review-phone-dashboard-filtered")

    # The audit's report: the declined finding says so, with the committee's rationale.
    await committee.goto(f"/audits/{audit_id}/report")
    finding = page.locator("article", has_text=declined)
    remedy = finding.locator(".details__row", has_text="Remedy decided")
    await expect(remedy.locator("dd")).to_have_text("None: the committee declined this finding")
    await expect(finding.locator(".details__row", has_text="Why it was declined").locator("dd")).to_have_text(WHY)
    await expect(page.locator("main")).not_to_contain_text("Not decided yet")
    await check(page, "review-phone-audit-report")
    await no_split_words(page, "audit report")

    # The inventory names each space, beside its room number.
    await committee.goto("/inventory")
    spaces = page.locator("section", has=page.get_by_role("heading", name="By space"))
    await expect(spaces.get_by_role("rowheader", name="ALD 101 · Bornside Amphitheater")).to_be_visible()
    await expect(spaces.get_by_role("rowheader", name="ALD · Main entrance lobby")).to_be_visible()
    await check(page, "review-phone-inventory")
    await no_split_words(page, "inventory")

    # On a laptop: the filters are open, every inventory table fits without scrolling sideways, and no word
    # of a table is split, in English or in Spanish (whose labels are longer).
    for lang in ("en", "es"):
        for viewport in (LAPTOP, PHONE, NARROW):
            await page.set_viewport_size(viewport)
            for route in ("/dashboard", "/inventory", f"/audits/{audit_id}/report"):
                await page.goto(f"{committee.base}/?lang={lang}#{route}")
                await page.locator(f'main[data-path="{route}"] h1').first.wait_for()
                await page.wait_for_load_state("networkidle")
                await expect(page.locator("main .data-table, main .bars").first).to_be_visible()
                name = f"review-{lang}{route.replace('/', '-')[:20]}"
                await no_split_words(page, name)
                if viewport == NARROW:
                    await fits(page, name)
                else:
                    await check(page, name)
                if viewport == LAPTOP and route == "/inventory":
                    await expect(page.locator("details.filter-box")).to_have_attribute("open", "")
                    scrolls = await page.eval_on_selector_all(
                        ".table-scroll", "els => els.filter((el) => el.scrollWidth > el.clientWidth).length")
                    assert scrolls == 0, f"{lang} inventory scrolls sideways at 1280 px"
    for me in (auditor, committee):
        await me.context.close()
        me.assert_no_problems()

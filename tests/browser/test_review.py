"""The committee's review screens in the browser: the dashboard's numbers are the API's, each one opens the
list of findings behind it, the inventory and an audit's printable report show, and every screen passes
axe-core at phone and laptop size and fits 320 px."""

from __future__ import annotations

import uuid

from playwright.async_api import expect

from .helpers import LAPTOP, NARROW, PHONE, check, check_at, fits, raise_finding


async def test_the_dashboard_shows_the_apis_numbers_and_each_opens_its_findings(open_session):
    auditor = await open_session(viewport=LAPTOP)
    await auditor.login("auditor@test.example")
    tag = uuid.uuid4().hex[:4]
    ids = [await raise_finding(auditor.context.request, f"Dashboard case {tag} {n}") for n in range(3)]
    committee = await open_session(viewport=LAPTOP)
    await committee.login("committee@test.example")
    request = committee.context.request
    answer = await request.post(f"/api/findings/{ids[0]}/transitions", data={"to": "accepted", "remedy": "remove"})
    assert answer.status == 200, await answer.text()
    data = await (await request.get("/api/dashboard")).json()
    page = committee.page

    await committee.goto("/dashboard")
    glance = page.locator("section", has=page.get_by_role("heading", name="At a glance"))
    await expect(glance.locator(".figure__value a").first).to_have_text(str(data["total"]["count"]))
    status = page.locator("section", has=page.get_by_role("heading", name="By state"))
    accepted = next(row for row in data["by_status"] if row["status"] == "accepted")
    row = status.get_by_role("row", name="Accepted, to assign")
    await expect(row.get_by_role("link")).to_have_text(str(accepted["count"]))
    await expect(page.locator("svg.trend")).to_have_count(1)
    await check(page, "review-dashboard")
    await row.get_by_role("link").click()
    await expect(page.locator(".result-count")).to_have_text(
        f"{accepted['count']} finding" + ("" if accepted["count"] == 1 else "s"))
    await expect(page.locator(".finding-card", has_text=f"Dashboard case {tag} 0")).to_be_visible()

    for viewport in (PHONE, NARROW):
        me = await open_session(viewport, sharing=committee)
        for route, heading, name in (("/dashboard", "Dashboard", "review-dashboard"),
                                     ("/inventory", "Inventory of honorific images", "review-inventory")):
            await me.goto(route)
            await expect(me.page.get_by_role("heading", level=1)).to_have_text(heading)
            await me.page.wait_for_load_state("networkidle")
            await check_at(me.page, viewport, name)
    await committee.goto("/inventory")
    csv = page.get_by_role("link", name="Inventory counts (CSV)")
    await expect(csv).to_have_attribute("href", "/api/reports/inventory.csv")
    await check(page, "review-inventory")


async def test_an_audits_printable_report_lists_its_findings_with_photos(open_session):
    auditor = await open_session(viewport=LAPTOP)
    await auditor.login("auditor@test.example")
    title = f"Report case {uuid.uuid4().hex[:4]}"
    finding_id = await raise_finding(auditor.context.request, title)
    shown = await (await auditor.context.request.get(f"/api/findings/{finding_id}")).json()
    page = auditor.page
    await auditor.goto(f"/audits/{shown['audit']['id']}")
    await page.get_by_role("link", name="Report").click()
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Report:")
    finding = page.locator("article", has_text=title)
    await expect(finding.locator("img")).to_have_count(1)
    await expect(finding).to_contain_text("New, to triage")
    pdf = page.get_by_role("link", name="Download as PDF")
    answer = await auditor.context.request.get(await pdf.get_attribute("href"))
    assert answer.status == 200 and (await answer.body())[:5] == b"%PDF-"
    await check(page, "review-audit-report")
    await page.set_viewport_size(PHONE)
    await check(page, "review-audit-report")
    await page.emulate_media(media="print")
    await expect(page.locator(".app-header")).to_be_hidden()
    await expect(page.get_by_role("button", name="Print")).to_be_hidden()
    await page.emulate_media(media="screen")
    await fits(page, "review-audit-report")
    auditor.assert_no_problems()

"""A building's coverage grid and lists on its page, planning from them, and an audit's report beside the previous
cycle: empty (a building nobody has audited: every cell "never"), full (two audits submitted), read-only
(facilities: the grid, no planning), in English and Spanish, axe-core at 390 and 320 px."""

from __future__ import annotations

import re
import uuid
from typing import Any

import yaml
from playwright.async_api import APIRequestContext, Page, expect

from .helpers import CHECKLIST, CHECKLISTS, LAPTOP, PHONE, accessible, answer, plan, put_finding

ROOMS = [("1", "Lobby"), ("1", "Lecture hall"), ("1", "Corridor"), ("2", "Reading room"), ("2", "Seminar room"),
         ("B", "Archive")]


async def new_building(request: APIRequestContext) -> dict[str, Any]:
    """A building of this test's own, with spaces on three floors and no audit."""
    campus = (await answer(await request.get("/api/campuses")))["items"][0]
    code = f"C{uuid.uuid4().hex[:5].upper()}"
    building = await answer(await request.post("/api/buildings", data={
        "campus_id": campus["id"], "code": code, "name": "Coverage Hall"}), 201)
    for n, (floor, name) in enumerate(ROOMS):
        await answer(await request.post("/api/spaces", data={
            "building_id": building["id"], "floor": floor, "room_number": f"{code}-{n}", "name": name,
            "kind": "office"}), 201)
    return building


async def submit(request: APIRequestContext, code: str, rooms: list[str], finding: bool) -> str:
    """An audit of `rooms` walked (every shown item answered) and submitted; with a finding if asked."""
    items = {item["id"]: item for section in yaml.safe_load((CHECKLISTS / f"{CHECKLIST}.yaml").read_text())["sections"]
             for item in section["items"]}
    by_type = {"yes_no": "no", "count": 0, "text": "Nothing to note.", "photo": "not_applicable"}
    audit_id, spaces = await plan(request, f"Coverage walk {uuid.uuid4().hex[:4]}", rooms, building=code)
    url = f"/api/audits/{audit_id}/transitions"
    assert (await request.post(url, data={"to": "in_progress"})).ok
    if finding:
        await put_finding(request, audit_id, spaces[0]["id"], "Portraits with no context")
    for _ in range(8):
        done = await request.post(url, data={"to": "submitted"})
        if done.ok:
            return audit_id
        error = (await done.json())["error"]
        assert error["code"] == "audit_incomplete", error
        for missing in error["unanswered"]:
            item = items[missing["item_id"]]
            value = item["choices"][0]["id"] if item["type"] == "single_choice" else by_type[item["type"]]
            sent = await request.put(f"/api/responses/{uuid.uuid4()}", data={
                "audit_id": audit_id, "space_id": missing["space_id"], "item_id": item["id"], "answer": value})
            assert sent.ok, await sent.text()
    raise AssertionError("the audit could not be submitted")


async def open_coverage(page: Page, building: dict[str, Any], lang: str = "en") -> None:
    await page.goto(f"/?lang={lang}#/spaces?building={building['id']}")
    await expect(page.locator(".coverage__cell")).to_have_count(len(ROOMS))
    await page.wait_for_load_state("networkidle")


async def test_an_unaudited_building_is_never_everywhere_and_plans_its_spaces(open_session, server):
    admin = await open_session()
    await admin.login("admin@test.example")
    building = await new_building(admin.context.request)
    me = await open_session()
    await me.login(server.make_user("committee"))
    page = me.page
    await open_coverage(page, building)
    await expect(page.locator(".coverage__age")).to_have_text(["never"] * len(ROOMS))
    await expect(page.locator(".coverage__cell--never")).to_have_count(len(ROOMS))
    await expect(page.get_by_role("heading", name="Floor B · 1 space")).to_be_visible()
    await expect(page.get_by_role("list", name="Key: how long ago each space was last audited")).to_contain_text(
        "Never audited")
    await expect(page.get_by_role("heading", name=f"Never audited ({len(ROOMS)} spaces)")).to_be_visible()
    await expect(page.get_by_text("No space was last audited 12 or more months ago.")).to_be_visible()
    await accessible(page, "coverage-empty")

    await page.get_by_role("link", name=f"Plan an audit of these {len(ROOMS)} spaces").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Plan an audit")
    building_select = page.get_by_label("Building", exact=True)
    await expect(building_select).to_have_value(building["id"])
    await expect(page.get_by_label("Spaces I pick")).to_be_checked()
    picked = page.locator("input[name=space]")
    await expect(picked).to_have_count(len(ROOMS))
    for n in range(len(ROOMS)):
        await expect(picked.nth(n)).to_be_checked()


async def test_a_building_walked_twice_its_grid_and_report_cycle_over_cycle(open_session, server):
    admin = await open_session()
    await admin.login("admin@test.example")
    building = await new_building(admin.context.request)
    code = building["code"]
    auditor = await open_session()
    await auditor.login(server.make_user("auditor"))
    walked = [f"{code}-0", f"{code}-1", f"{code}-3"]
    first = await submit(auditor.context.request, code, walked, finding=False)
    second = await submit(auditor.context.request, code, walked[:2], finding=True)

    me = await open_session()
    await me.login(server.make_user("committee"))
    page = me.page
    await open_coverage(page, building)
    cells = page.locator(".coverage__cell")
    await expect(page.locator(".coverage__cell--recent")).to_have_count(3)
    await expect(page.locator(".coverage__cell--never")).to_have_count(3)
    await expect(cells.filter(has_text=f"{code}-3").locator(".coverage__age")).to_have_text("under 1 mo")
    await expect(cells.filter(has_text=f"{code}-2").locator(".coverage__age")).to_have_text("never")
    await expect(page.get_by_role("heading", name="Never audited (3 spaces)")).to_be_visible()
    await expect(page.get_by_role("link", name="Plan an audit of these 3 spaces")).to_have_attribute(
        "href", re.compile(f"building={building['id']}"))
    await accessible(page, "coverage-full")
    # Another checklist: nothing has been walked with it here.
    await page.get_by_label("Checklist", exact=True).select_option("names-memorials")
    await expect(page.locator(".coverage__cell--never")).to_have_count(len(ROOMS))
    # N is the reader's: the list's heading follows it.
    months = page.get_by_label("List the spaces last audited at least this many months ago")
    await months.fill("3")
    await months.dispatch_event("change")
    await expect(page.get_by_role("heading", name="Audited 3 or more months ago (0 spaces)")).to_be_visible()

    # The second audit's report beside the first.
    await me.goto(f"/audits/{second}/report")
    section = page.locator("section.cycles")
    await expect(section.get_by_role("heading", name="Compared with the previous cycle")).to_be_visible()
    table = section.locator("table")
    await expect(table.locator("thead th")).to_have_count(4)
    await expect(table.get_by_role("row", name=re.compile("^Spaces walked"))).to_contain_text("3")
    row = table.locator("tr", has=page.get_by_role("rowheader", name="Spaces walked", exact=True))
    await expect(row.locator("td")).to_have_text(["3", "2 (−1)", "−1"])
    row = table.locator("tr", has=page.get_by_role("rowheader", name="Findings raised", exact=True))
    await expect(row.locator("td")).to_have_text(["0", "1 (+1)", "+1"])
    await expect(section.locator(".cycles__count")).to_have_count(6)  # two cycles x three severities
    await page.wait_for_load_state("networkidle")
    await accessible(page, "cycles-report")
    await me.goto(f"/audits/{first}/report")
    await expect(page.locator("section.cycles")).to_contain_text(
        "There is no earlier submitted audit of this building with this checklist to compare with.")
    await expect(page.locator("section.cycles thead th")).to_have_count(2)  # the measure, and this cycle

    # In Spanish: the same grid and comparison in the reader's words.
    es = await open_session()
    await es.login(server.make_user("committee"))
    await open_coverage(es.page, building, "es")
    await expect(es.page.locator(".coverage__cell--never .coverage__age")).to_have_text(["nunca"] * 3)
    await expect(es.page.get_by_role("heading", name="Nunca auditados (3 espacios)")).to_be_visible()
    # Days the Spanish way ("el 5 dic 2026"), whatever the browser's own language.
    await expect(es.page.locator(".coverage__date").first).to_have_text(re.compile(r"^el \d{1,2} \S+ \d{4}$"))
    await accessible(es.page, "coverage-es")
    await es.page.goto(f"/?lang=es#/audits/{second}/report")
    await expect(es.page.get_by_role("heading", name="Comparación con el ciclo anterior")).to_be_visible()
    row = es.page.locator("tr", has=es.page.get_by_role("rowheader", name="Espacios recorridos", exact=True))
    await expect(row.locator("td")).to_have_text(["3", "2 (−1)", "−1"])
    await es.page.wait_for_load_state("networkidle")
    await accessible(es.page, "cycles-report-es")

    # Facilities read the grid but plan nothing.
    facilities = await open_session(LAPTOP)
    await facilities.login(server.make_user("facilities"))
    await open_coverage(facilities.page, building)
    await expect(facilities.page.locator(".coverage__cell--recent")).to_have_count(3)
    await expect(facilities.page.get_by_role("link", name=re.compile("Plan an audit"))).to_have_count(0)
    await facilities.page.set_viewport_size(PHONE)
    await accessible(facilities.page, "coverage-facilities")

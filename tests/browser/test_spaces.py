"""The registry of places in the app: find spaces by building and room, add and edit them, import a CSV."""

from __future__ import annotations

import re
import uuid

from playwright.async_api import expect

from .helpers import LAPTOP, PHONE, check, screenshot

HEADER = "campus,building_code,building_name,floor,room_number,space_name,space_kind\n"


async def test_anyone_finds_a_space_by_building_and_room_number(open_session):
    me = await open_session()
    await me.login("facilities@test.example")
    await me.goto("/spaces")
    page = me.page
    # Every space at first (other tests add some: the count is the registry's, not the demo's 25).
    total = (await (await me.context.request.get("/api/spaces")).json())["total"]
    await expect(page.locator(".result-count")).to_have_text(f"{total} spaces")
    await page.get_by_label("Building").select_option(label="RHP · Ridgeway Hospital Pavilion")
    await expect(page.locator(".result-count")).to_have_text("9 spaces")
    await page.get_by_label("Room number or name").fill("2-1")
    await expect(page.locator(".result-count")).to_have_text("3 spaces")
    await expect(page.get_by_role("link", name="Exam room 12")).to_be_visible()
    await screenshot(page, "spaces-search")
    # The search lives in the address, so a reload (or a shared link) shows the same list.
    await page.reload()
    await expect(page.locator(".result-count")).to_have_text("3 spaces")
    await expect(page.get_by_label("Room number or name")).to_have_value("2-1")
    await page.get_by_label("Room number or name").fill("no such room")
    await expect(page.get_by_role("heading", name="No spaces match")).to_be_visible()
    # Only administrators change the registry.
    await expect(page.get_by_role("button", name="Add a space")).to_have_count(0)
    await expect(page.get_by_role("link", name="Import from a spreadsheet")).to_have_count(0)
    await page.get_by_label("Room number or name").fill("")
    await page.get_by_role("link", name="Interfaith chapel").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Interfaith chapel")
    await expect(page.get_by_role("heading", name="Edit this space")).to_have_count(0)


async def test_admin_adds_a_space_then_edits_it(open_session):
    me = await open_session(viewport=LAPTOP)
    await me.login("admin@test.example")
    await me.goto("/spaces")
    page = me.page
    room = f"4-{uuid.uuid4().hex[:4]}"
    await page.get_by_role("button", name="Add a space").click()
    panel = page.locator("#add-space")
    await panel.get_by_role("button", name="Add space").click()
    await expect(panel.get_by_label("Building")).to_be_focused()
    await expect(panel.get_by_text("Choose the building.")).to_be_visible()

    await panel.get_by_label("Building").select_option(label="LRC · Learning Resource Center")
    await panel.get_by_label("Floor").fill("4")
    await panel.get_by_label("Room number").fill(room)
    await panel.get_by_label("Name").fill("Wellness room")
    await panel.get_by_label("Kind of space").select_option(label="Office")
    await panel.get_by_role("button", name="Add space").click()
    await expect(panel.get_by_text(f"Added Wellness room (room {room}).")).to_be_visible()
    added = await panel.get_by_role("link", name="Open it").get_attribute("href")
    # Ready for the next room: the same room number again is refused at its field.
    await expect(panel.get_by_label("Room number")).to_be_focused()
    await panel.get_by_label("Room number").fill(room)
    await panel.get_by_label("Name").fill("Second wellness room")
    await panel.get_by_role("button", name="Add space").click()
    await expect(panel.get_by_label("Room number")).to_have_attribute("aria-invalid", "true")
    await screenshot(page, "spaces-add")

    await page.goto(f"/{added}")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Wellness room")
    await page.get_by_label("Name").fill("Wellness and lactation room")
    await page.get_by_label("Kind of space").select_option(label="Student or staff lounge")
    await page.get_by_role("button", name="Save changes").click()
    await expect(page.locator("#main").get_by_text("Changes saved.")).to_be_visible()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Wellness and lactation room")
    await screenshot(page, "space-detail")
    await page.reload()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Wellness and lactation room")
    await expect(page.locator(".details")).to_contain_text("Student or staff lounge")


async def test_csv_import_refuses_a_bad_file_whole_then_imports_and_reimports_unchanged(open_session, tmp_path):
    me = await open_session()
    await me.login("admin@test.example")
    await me.goto("/import")
    page = me.page
    code = "T" + uuid.uuid4().hex[:4].upper()
    rows = (f"North Campus,{code},Tremont Clinic,1,,Lobby,lobby\n"
            f"North Campus,{code},Tremont Clinic,1,101,Waiting room,clinic_waiting_room\n")
    bad = tmp_path / "bad.csv"
    bad.write_text(HEADER + rows + f"North Campus,{code},Tremont Clinic,2,201,Ward,spaceship\n", encoding="utf-8")
    good = tmp_path / "good.csv"
    good.write_text(HEADER + rows, encoding="utf-8")

    await page.get_by_role("button", name="Check file").click()
    await expect(page.locator("#main").get_by_text("Choose a CSV file first.")).to_be_visible()

    await page.get_by_label("CSV file").set_input_files(bad)
    await page.get_by_role("button", name="Import").click()
    report = page.locator("section.panel")
    await expect(report.get_by_role("heading", name="The file has 1 problem")).to_be_focused()
    await expect(report.get_by_role("listitem")).to_have_text(re.compile(r"^Line 4, space_kind: "))
    await screenshot(page, "import-problems")
    # Nothing of the bad file was written, not even its good rows.
    buildings = await me.context.request.get(f"/api/buildings?q={code}")
    assert (await buildings.json())["total"] == 0

    await page.get_by_label("CSV file").set_input_files(good)
    await page.get_by_role("button", name="Check file").click()
    await expect(report.get_by_role("heading", name="The file is ready to import")).to_be_visible()
    assert (await (await me.context.request.get(f"/api/buildings?q={code}")).json())["total"] == 0
    await page.get_by_role("button", name="Import").click()
    await expect(report.get_by_role("heading", name="Import finished")).to_be_visible()
    spaces_row = report.get_by_role("row", name=re.compile("^Spaces"))
    await expect(spaces_row.get_by_role("cell")).to_have_text(["2", "0", "0"])
    await screenshot(page, "import-done")

    await page.get_by_role("button", name="Import").click()
    unchanged = report.get_by_text("2 rows read. Everything in them was already here: nothing changed.")
    await expect(unchanged).to_be_visible()
    await expect(spaces_row.get_by_role("cell")).to_have_text(["0", "0", "2"])


async def test_an_administrator_reaches_the_import_from_the_spaces_screen(open_session):
    """The import is where a registry starts: Spaces links to it, not only the menu."""
    for viewport in (PHONE, LAPTOP):
        admin = await open_session(viewport)
        await admin.login("admin@test.example")
        await admin.goto("/spaces")
        page = admin.page
        link = page.locator("main").get_by_role("link", name="Import from a spreadsheet")
        await expect(link).to_be_in_viewport()
        await expect(page.locator("main").get_by_role("button", name="Add a space")).to_be_in_viewport()
        await check(page, "spaces-admin")
        await link.click()
        await expect(page.get_by_role("heading", level=1)).to_have_text("Import buildings and spaces")

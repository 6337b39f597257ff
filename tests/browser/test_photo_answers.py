"""Photo answers reach the server (issue 14): an auditor answers the portraits checklist's photo item with a
real phone photo while offline; the photo waits on the phone across a reload, goes through the outbox when the
connection returns, and the committee sees it in the audit's read-only walk, in the audit's report, and in the
report's PDF."""

from __future__ import annotations

import subprocess
import uuid

from playwright.async_api import expect

from .helpers import PHONE, PHOTO, card, check, choose, controlled, plan, saved, screenshot

ITEM = "portraits-photo"
PROMPT = "Photograph the full wall or display of portraits"


async def test_a_photo_answer_taken_offline_reaches_the_committee_its_report_and_pdf(open_session, tmp_path):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, [space] = await plan(me.context.request, f"Photo answer {uuid.uuid4().hex[:6]}", ["201"])
    await me.goto(f"/audits/{audit_id}/spaces/{space['id']}")
    page = me.page
    await controlled(page)

    await me.context.set_offline(True)
    await choose(page, "portraits-present", "Yes")
    photo_card = card(page, ITEM)
    await expect(photo_card).to_contain_text(PROMPT)
    # No promise of "a later version": the photo is sent with the answers.
    await expect(photo_card).not_to_contain_text("later version")
    await photo_card.locator("input[type=file]").set_input_files(PHOTO)
    await expect(photo_card.locator("img.thumb__img")).to_have_count(1, timeout=20000)
    await expect(photo_card.get_by_text("Photo 1: waiting to upload")).to_be_visible()
    await page.reload()
    await expect(page.locator(".sync")).to_contain_text("waiting to be sent")
    await expect(photo_card.locator("img.thumb__img")).to_have_count(1, timeout=20000)
    await expect(photo_card.get_by_text("Photo 1: waiting to upload")).to_be_visible()
    await check(page, "photo-answer-offline")

    await me.context.set_offline(False)
    await saved(page)
    await expect(photo_card.get_by_text("Photo 1: waiting to upload")).to_be_hidden()
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    [answer] = [r for r in audit["responses"] if r["item_id"] == ITEM]
    [photo] = audit["answer_photos"]
    assert answer["answer"] == [photo["id"]] and photo["kind"] == "answer"
    assert (photo["space_id"], photo["item_id"]) == (space["id"], ITEM)
    # Offline, the page logged the requests it could not make; that is the app working.
    me.watched.problems[:] = [p for p in me.watched.problems
                              if "Failed to fetch" not in p and "ERR_INTERNET_DISCONNECTED" not in p]

    # The committee, on another device, sees the photo in the audit's read-only walk...
    committee = await open_session(viewport=PHONE)
    await committee.login("committee@test.example")
    await committee.goto(f"/audits/{audit_id}/spaces/{space['id']}")
    seen = card(committee.page, ITEM).locator("img.thumb__img")
    await expect(seen).to_have_count(1)
    await expect(seen).to_have_js_property("complete", True)
    assert await seen.evaluate("img => img.naturalWidth") > 0
    await expect(card(committee.page, ITEM)).not_to_contain_text("another device")
    await screenshot(committee.page, "photo-answer-committee-walk")

    # ...and in the audit's report, with the item and the space.
    await committee.goto(f"/audits/{audit_id}/report")
    section = committee.page.locator("section", has=committee.page.get_by_role("heading", name="1 photo answer"))
    await expect(section.get_by_role("heading", level=3)).to_contain_text(PROMPT)
    shot = section.get_by_role("img", name="Answer, photo 1 of 1")
    await expect(shot).to_have_js_property("complete", True)
    assert await shot.evaluate("img => img.naturalWidth") == 1024  # the display copy
    await check(committee.page, "photo-answer-report")

    # The PDF embeds it.
    pdf = await committee.context.request.get(f"/api/audits/{audit_id}/report.pdf")
    assert pdf.status == 200
    path = tmp_path / "report.pdf"
    path.write_bytes(await pdf.body())
    listed = subprocess.run(["pdfimages", "-list", str(path)], capture_output=True, text=True, check=True).stdout
    images = [line.split() for line in listed.splitlines()[2:] if line.strip()]
    # One image: the photo's display copy (the 4032 x 3024 phone photo at 1024 px).
    assert [(row[2], row[3], row[4]) for row in images] == [("image", "1024", "768")], listed
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "Photo answers (1)" in text and PROMPT in text

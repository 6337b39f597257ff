"""Photo answers reach the server (issue 14): an auditor answers the portraits checklist's photo item with a
real phone photo while offline; the photo waits on the phone across a reload, goes through the outbox when the
connection returns, and the committee sees it in the audit's read-only walk, in the audit's report, and in the
report's PDF. A photo answer taken on another device is shown from its versioned address (the one the
service worker and the offline copy keep) and is part of the offline copy, so it shows on a walk opened offline."""

from __future__ import annotations

import re
import subprocess
import uuid

import pytest
from playwright.async_api import APIRequestContext, expect

from .helpers import PHONE, PHOTO, SMALL_PHOTO, card, check, choose, controlled, plan, saved, screenshot

ITEM = "portraits-photo"
PROMPT = "Photograph the full wall or display of portraits"


@pytest.mark.service_worker
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
    await shot.scroll_into_view_if_needed()  # loaded lazily: below the comparison with the previous cycle
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


async def answer_with_a_photo(request: APIRequestContext, audit_id: str, space_id: str) -> dict:
    """Portraits present, and the photo item (asked only then) answered with one photo, sent as another phone's
    outbox sends them; returns the audit."""
    present = await request.put(f"/api/responses/{uuid.uuid4()}", data={
        "audit_id": audit_id, "space_id": space_id, "item_id": "portraits-present", "answer": "yes"})
    assert present.status in (200, 201), await present.text()
    photo_id = str(uuid.uuid4())
    answered = await request.put(f"/api/responses/{uuid.uuid4()}", data={
        "audit_id": audit_id, "space_id": space_id, "item_id": ITEM, "answer": [photo_id]})
    assert answered.status in (200, 201), await answered.text()
    sent = await request.put(f"/api/audits/{audit_id}/photos/{photo_id}?space_id={space_id}&item_id={ITEM}",
                             data=SMALL_PHOTO.read_bytes(), headers={"Content-Type": "application/octet-stream"})
    assert sent.status == 201, await sent.text()
    return await (await request.get(f"/api/audits/{audit_id}")).json()


async def test_the_committee_sees_a_photo_answer_at_its_versioned_address(open_session):
    auditor = await open_session(viewport=PHONE)
    await auditor.login("auditor@test.example")
    audit_id, [space] = await plan(auditor.context.request, f"Versioned answer {uuid.uuid4().hex[:6]}", ["201"])
    [photo] = (await answer_with_a_photo(auditor.context.request, audit_id, space["id"]))["answer_photos"]
    assert "?v=" in photo["urls"]["thumb"]

    committee = await open_session(viewport=PHONE)
    await committee.login("committee@test.example")
    await committee.goto(f"/audits/{audit_id}/spaces/{space['id']}")
    seen = card(committee.page, ITEM).locator("img.thumb__img")
    await expect(seen).to_be_visible()
    # The address the rest of the app uses (a new version of the photo, a redaction, has a new one), not the
    # bare /thumb that a cache would answer with an old copy or not at all.
    await expect(seen).to_have_attribute("src", photo["urls"]["thumb"])
    await expect(seen).to_have_js_property("complete", True)
    assert await seen.evaluate("img => img.naturalWidth") > 0


@pytest.mark.service_worker
async def test_a_photo_answer_from_another_phone_shows_on_a_walk_opened_offline(open_session, server):
    email = server.make_user("auditor", name="Second Phone")
    me = await open_session(viewport=PHONE)
    await me.login(email)
    audit_id, [space] = await plan(me.context.request, f"Offline answer {uuid.uuid4().hex[:6]}", ["201"])
    await answer_with_a_photo(me.context.request, audit_id, space["id"])

    # This phone never opened the walk: only the offline copy, made at start, has the audit and its photo.
    await me.goto("/")
    await controlled(me.page)
    await expect(me.page.locator(".freshness")).to_contain_text("Kept for offline use: 1 audit and 1 photo",
                                                               timeout=20000)
    await me.context.set_offline(True)
    await me.goto(f"/audits/{audit_id}/spaces/{space['id']}")
    photo_card = card(me.page, ITEM)
    seen = photo_card.locator("img.thumb__img")
    await expect(seen).to_be_visible()
    await expect(seen).to_have_attribute("src", re.compile(r"\?v="))
    await expect(seen).to_have_js_property("complete", True)
    assert await seen.evaluate("img => img.naturalWidth") > 0
    await expect(photo_card).not_to_contain_text("another device")
    await check(me.page, "photo-answer-offline-copy")
    me.watched.problems[:] = [p for p in me.watched.problems
                              if "Failed to fetch" not in p and "ERR_INTERNET_DISCONNECTED" not in p]

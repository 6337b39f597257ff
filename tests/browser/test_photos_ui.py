"""Photo evidence in the app: a phone shrinks a 12 MP photo before keeping it, uploads it through the outbox
after its finding, and the finding's photos can be captioned, reordered, removed and partly blurred; the
finding form and the blur editor pass axe-core at phone and laptop sizes; a photo taken without a network
stays queued across a reload and is sent when the network is back."""

from __future__ import annotations

import uuid

import pytest
from playwright.async_api import expect

from .helpers import LAPTOP, PHONE, PHOTO, SMALL_PHOTO, check, controlled, new_finding, plan, saved, screenshot

# The photos kept on this device: id, MIME type and the kept Blob's decoded size.
KEPT = """async () => {
  const db = await new Promise((resolve, reject) => {
    const req = indexedDB.open('spaces-audit');
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  const records = await new Promise((resolve, reject) => {
    const req = db.transaction('photos').objectStore('photos').getAll();
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
  db.close();
  const out = [];
  for (const r of records) {
    const bitmap = r.blob ? await createImageBitmap(r.blob) : null;
    out.push({id: r.id, type: r.blob ? r.blob.type : null, width: bitmap ? bitmap.width : 0,
              height: bitmap ? bitmap.height : 0, caption: r.photo ? r.photo.caption : null});
  }
  return out;
}"""


async def server_photo_ids(me, audit_id: str) -> list[str]:
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    [finding] = audit["findings"]
    return finding["photo_ids"]


async def thumb(me, photo_id: str) -> bytes:
    response = await me.context.request.get(f"/api/photos/{photo_id}/thumb")
    assert response.status == 200 and response.headers["content-type"] == "image/jpeg"
    return await response.body()


async def test_photos_shrink_upload_reorder_caption_and_blur(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, [space] = await plan(me.context.request, f"Photos {uuid.uuid4().hex[:6]}", ["201"])
    await me.goto(f"/audits/{audit_id}/spaces/{space['id']}")
    page = me.page

    # The 12 MP photo (4032 px wide) is kept shrunk to a long edge of 2048, as a JPEG.
    form = await new_finding(page, "Founders' wall has no context", PHOTO)
    [kept] = await page.evaluate(KEPT)
    assert kept["type"] == "image/jpeg"
    assert max(kept["width"], kept["height"]) == 2048, kept
    first = kept["id"]
    await form.get_by_role("button", name="Save finding").click()
    summary = page.locator(".finding")
    await expect(summary).to_contain_text("Founders' wall has no context")
    await saved(page)
    assert await server_photo_ids(me, audit_id) == [first]
    before = await thumb(me, first)

    # A second photo, moved before the first, then the first captioned.
    await summary.get_by_role("button", name="Edit finding: Founders' wall has no context").click()
    form = page.locator(".finding-form")
    await form.locator("input[type=file]").set_input_files(SMALL_PHOTO)
    await expect(form.locator("img.thumb__img")).to_have_count(2, timeout=20000)
    second = next(p["id"] for p in await page.evaluate(KEPT) if p["id"] != first)
    await expect(form.get_by_role("button", name="Move photo 1 earlier")).to_be_disabled()
    await form.get_by_role("button", name="Move photo 2 earlier").click()
    await expect(form.get_by_role("button", name="Move photo 1 later")).to_be_focused()
    await form.get_by_label("Caption for photo 2 (optional)").fill("Six portraits, left wall")
    await form.get_by_label("Caption for photo 2 (optional)").press("Tab")
    await check(page, "photos-finding-form")
    await form.get_by_role("button", name="Save changes").click()
    await saved(page)
    assert await server_photo_ids(me, audit_id) == [second, first]
    await expect(summary.locator(".photo__caption:not([hidden])")).to_have_text("Six portraits, left wall")

    # Removing the second photo drops it from the finding and from the device.
    await summary.get_by_role("button", name="Edit finding: Founders' wall has no context").click()
    await form.get_by_role("button", name="Remove photo 1").click()
    await expect(form.locator("img.thumb__img")).to_have_count(1)
    await form.get_by_role("button", name="Save changes").click()
    await saved(page)
    assert await server_photo_ids(me, audit_id) == [first]
    kept_now = await page.evaluate(KEPT)
    assert [p["id"] for p in kept_now] == [first]
    # The caption is on the server (the device holds the server's answer to the PATCH) and shows after a reload.
    assert kept_now[0]["caption"] == "Six portraits, left wall"
    await page.reload()
    await expect(summary.locator(".photo__caption:not([hidden])")).to_have_text("Six portraits, left wall")
    await expect(summary.locator("img.thumb__img")).to_have_count(1)

    # Blur one area drawn with the pointer; the keyboard box is added, moved, resized and removed again.
    await summary.get_by_role("button", name="Blur part of photo 1").click()
    editor = page.locator(".redact")
    await expect(editor.get_by_role("heading", name="Blur part of photo 1")).to_be_focused()
    await expect(editor.locator(".redact__img")).to_have_js_property("complete", True)
    await editor.get_by_role("button", name="Add a box").click()
    box = editor.locator(".redact__box")
    await expect(box).to_be_focused()
    await expect(box).to_have_text("Area 1: 40% from the left, 40% from the top, 20% wide, 20% high")
    await page.keyboard.press("ArrowRight")
    await page.keyboard.press("Shift+ArrowDown")
    await expect(box).to_have_text("Area 1: 42% from the left, 40% from the top, 20% wide, 22% high")
    await editor.get_by_role("button", name="Remove area 1").click()
    await expect(editor.locator(".redact__count")).to_have_text("No areas marked yet.")
    frame = await editor.locator(".redact__overlay").bounding_box()
    assert frame and frame["width"] > 100
    await page.mouse.move(frame["x"] + frame["width"] * 0.1, frame["y"] + frame["height"] * 0.1)
    await page.mouse.down()
    await page.mouse.move(frame["x"] + frame["width"] * 0.3, frame["y"] + frame["height"] * 0.25, steps=5)
    await page.mouse.move(frame["x"] + frame["width"] * 0.5, frame["y"] + frame["height"] * 0.4, steps=5)
    await page.mouse.up()
    await expect(editor.locator(".redact__count")).to_have_text("1 area marked.")
    await expect(editor.locator("rect")).to_have_count(1)
    await check(page, "photos-redact")
    await page.set_viewport_size(LAPTOP)
    await check(page, "photos-redact")
    await page.set_viewport_size(PHONE)
    await editor.get_by_role("button", name="Blur these areas").click()
    await expect(editor).to_have_count(0)
    await expect(summary).to_contain_text("Parts of this photo are blurred.")
    after = await thumb(me, first)
    assert after != before
    # The summary now shows the server's blurred copy (its url carries the new version).
    src = await summary.locator("img.thumb__img").get_attribute("src")
    assert src and src.startswith(f"/api/photos/{first}/thumb?v=")

    # The finding form with its photo at laptop size.
    await page.set_viewport_size(LAPTOP)
    await summary.get_by_role("button", name="Edit finding: Founders' wall has no context").click()
    await expect(form.locator("img.thumb__img")).to_have_count(1)
    await check(page, "photos-finding-form")


@pytest.mark.service_worker
async def test_a_photo_taken_offline_waits_across_a_reload_and_uploads_when_back_online(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, [space] = await plan(me.context.request, f"Offline photo {uuid.uuid4().hex[:6]}", ["201"])
    await me.goto(f"/audits/{audit_id}/spaces/{space['id']}")
    page = me.page
    await controlled(page)

    await me.context.set_offline(True)
    form = await new_finding(page, "Plaque without names", SMALL_PHOTO)
    await form.get_by_role("button", name="Save finding").click()
    summary = page.locator(".finding")
    await expect(summary.locator(".photo-status")).to_have_text("1 photo waiting for a connection")
    await expect(summary.get_by_text("Photo 1: waiting to upload")).to_be_visible()
    await page.reload()
    await expect(page.locator(".sync")).to_contain_text("waiting to be sent")
    await expect(summary.locator(".photo-status")).to_have_text("1 photo waiting for a connection")
    await expect(summary.locator("img.thumb__img")).to_have_count(1)
    [kept] = await page.evaluate(KEPT)
    assert (await me.context.request.get(f"/api/photos/{kept['id']}/thumb")).status == 404

    await me.context.set_offline(False)
    await saved(page)
    await expect(summary.locator(".photo-status")).to_be_hidden()
    assert await server_photo_ids(me, audit_id) == [kept["id"]]
    await thumb(me, kept["id"])
    await screenshot(page, "photos-uploaded")
    # Offline, the page logged the requests it could not make; that is the app working.
    me.watched.problems[:] = [p for p in me.watched.problems
                              if "Failed to fetch" not in p and "ERR_INTERNET_DISCONNECTED" not in p]

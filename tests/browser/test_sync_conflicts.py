"""Changes the server does not simply take, in Debian Chromium against real uvicorn: a conflicting edit by
someone else is merged, shown and recoverable; a finding someone else withdrew is held, not raised again; the
Changes on this device screen lists what waits and what was refused, and logging out with changes waiting
says so and keeps them."""

from __future__ import annotations

import json
import uuid
from urllib.parse import urlsplit

import pytest
from playwright.async_api import expect

from .helpers import (
    LAPTOP,
    NARROW,
    PASSWORD,
    PHONE,
    card,
    check,
    choose,
    controlled,
    fits,
    outbox_size,
    plan,
    put_finding,
    saved,
    walk_ready,
)


async def two_auditors(open_session, server, name: str, title: str):
    """Me and a second auditor of my audit of one space, each on a phone, and my answer "no" to whether it has
    portraits (as the walk sent it earlier): (me, other, audit id, spaces, my answer)."""
    other_email = server.make_user("auditor", name=name)
    me = await open_session(viewport=PHONE)
    other = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    await other.login(other_email)
    other_id = (await (await other.context.request.get("/api/me")).json())["id"]
    audit_id, spaces = await plan(me.context.request, title, ["201"], members=[other_id])
    answered = await me.context.request.put(f"/api/responses/{uuid.uuid4()}", data={
        "audit_id": audit_id, "space_id": spaces[0]["id"], "item_id": "portraits-present", "answer": "no"})
    assert answered.status == 201, await answered.text()
    return me, other, audit_id, spaces, await answered.json()


@pytest.mark.service_worker
async def test_a_conflicting_edit_by_someone_else_is_merged_shown_and_nothing_is_lost(open_session, server):
    # My answer and my finding, as the walk sent them earlier.
    me, other, audit_id, spaces, _ = await two_auditors(open_session, server, "Second Auditor", "Two auditors")
    await put_finding(me.context.request, audit_id, spaces[0]["id"], "Plaque without context")
    page = me.page
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await expect(card(page, "portraits-present").get_by_label("No", exact=True)).to_be_checked()
    await expect(page.locator(".finding", has_text="Plaque without context")).to_be_visible()
    await walk_ready(page)
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    [response] = audit["responses"]
    [finding] = audit["findings"]

    async def theirs(body: dict) -> dict:
        current = await (await other.context.request.get(f"/api/responses/{response['id']}")).json()
        answer = await other.context.request.put(f"/api/responses/{response['id']}", data={
            "audit_id": audit_id, "space_id": spaces[0]["id"], "item_id": "portraits-present",
            "answer": current["answer"], "note": current["note"], **body, "base_revision": current["revision"]})
        assert answer.status == 200, await answer.text()
        return await answer.json()

    # Different fields: my note (made first, offline) and their answer (made later) both stand.
    await me.context.set_offline(True)
    await card(page, "portraits-present").get_by_role("button", name="Add a note").click()
    note = card(page, "portraits-present").get_by_label("Note")
    await note.fill("Checked behind the door as well")
    await note.press("Tab")
    await theirs({"answer": "yes"})
    await me.context.set_offline(False)
    await saved(page)
    now = await (await me.context.request.get(f"/api/responses/{response['id']}")).json()
    assert (now["answer"], now["note"]) == ("yes", "Checked behind the door as well")
    assert [h["revision"] for h in now["history"]] == [3, 2, 1]
    await expect(card(page, "portraits-present").get_by_label("Yes", exact=True)).to_be_checked()

    # The same field: their later edit wins, mine is held and shown, and "use my version" puts it back.
    await me.context.set_offline(True)
    await note.fill("My wording")
    await note.press("Tab")
    await theirs({"note": "Their later wording"})
    await me.context.set_offline(False)
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention", timeout=20000)
    await expect(note).to_have_value("Their later wording")
    await page.get_by_role("link", name="1 change needs your attention").click()
    held = page.locator(".sync-item--attention")
    await expect(held).to_contain_text("Second Auditor changed this")
    await expect(held).to_contain_text("Note: yours “My wording”, kept “Their later wording”.")
    await held.get_by_role("button", name="Use my version").click()
    await saved(page)
    now = await (await me.context.request.get(f"/api/responses/{response['id']}")).json()
    assert now["note"] == "My wording"
    assert [h["note"] for h in now["history"][:2]] == ["My wording", "Their later wording"]

    # A finding someone else withdrew is not raised again by my offline edit: my edit is held and shown.
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await me.context.set_offline(True)
    await page.get_by_role("button", name="Edit finding: Plaque without context").click()
    await page.locator(".finding-form").get_by_label("Title").fill("Plaque without any context")
    await page.locator(".finding-form").get_by_role("button", name="Save changes").click()
    # Kept on the phone before the connection returns (the other order is the test below).
    await expect(page.locator(".sync")).to_contain_text("1 change waiting to be sent")
    withdrawn = await other.context.request.delete(f"/api/findings/{finding['id']}")
    assert withdrawn.status == 204
    await me.context.set_offline(False)
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention", timeout=20000)
    await me.goto("/sync")
    await expect(page.locator(".sync-item--attention")).to_contain_text("it is now “Withdrawn”")
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    assert [(f["title"], f["status"]) for f in audit["findings"]] == [("Plaque without context", "withdrawn")]
    await page.locator(".sync-item--attention").get_by_role("button", name="Discard").click()
    await page.get_by_role("button", name="Discard for good").click()
    await saved(page)


async def test_saving_a_finding_someone_else_withdrew_meanwhile_says_it_is_held(open_session, server):
    """Saved with signal after the withdrawal: the form itself says the change is held, and nothing is raised
    again. (The form once took every held outcome for a refusal with an error, and this one has none.)"""
    other_email = server.make_user("auditor", name="Withdrawing Auditor")
    me = await open_session(viewport=PHONE)
    other = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    await other.login(other_email)
    other_id = (await (await other.context.request.get("/api/me")).json())["id"]
    audit_id, spaces = await plan(me.context.request, "Withdrawn meanwhile", ["201"], members=[other_id])
    finding_id = await put_finding(me.context.request, audit_id, spaces[0]["id"], "Plaque by the stairs")
    page = me.page
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await page.get_by_role("button", name="Edit finding: Plaque by the stairs").click()
    form = page.locator(".finding-form")
    await form.get_by_label("Title").fill("Plaque by the main stairs")
    assert (await other.context.request.delete(f"/api/findings/{finding_id}")).status == 204
    await form.get_by_role("button", name="Save changes").click()
    # The form's own summary (the #alert region reads the same words out too).
    await expect(form.locator(".notice--error")).to_have_text(
        "A change was not accepted by the server and needs your attention. See Changes on this device.")
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention")
    now = await (await me.context.request.get(f"/api/findings/{finding_id}")).json()
    assert (now["title"], now["status"]) == ("Plaque by the stairs", "withdrawn")


@pytest.mark.service_worker
async def test_the_changes_screen_and_logging_out_with_changes_waiting(open_session, server):
    email = server.make_user("auditor", name="Careful Walker")
    me = await open_session(viewport=PHONE)
    await me.login(email)
    audit_id, spaces = await plan(me.context.request, "Changes screen", ["201"])
    page = me.page
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await expect(card(page, "portraits-present")).to_be_visible()
    await controlled(page)  # the app has been opened before: its screens are on the phone
    # One change the server refuses (the audit was submitted behind the phone's back) and two kept offline.
    refusal = {"error": {"code": "audit_submitted", "message": "This audit has been submitted and can no longer "
                         "be changed.", "field": None}}

    async def submitted(route) -> None:
        await route.fulfill(status=409, content_type="application/json", body=json.dumps(refusal))

    await page.route("**/api/responses/**", submitted)
    await choose(page, "portraits-present", "No")
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention")
    await page.unroute("**/api/responses/**", submitted)
    await me.context.set_offline(True)
    await choose(page, "group-photos-present", "No")
    await card(page, "portraits-notes").locator(".item-card__answer").get_by_label("Not applicable").check()
    await expect(page.locator(".sync")).to_contain_text("2 changes waiting to be sent")
    await page.locator(".sync-bar__link").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Changes on this device")
    held = page.locator(".sync-item--attention")
    await expect(held).to_contain_text("Answer to “Does this space display portraits")
    await expect(held).to_contain_text("This audit has been submitted and can no longer be changed.")
    await expect(page.locator("ol.sync-list > li")).to_have_count(2)
    for size in (PHONE, LAPTOP, NARROW):
        await page.set_viewport_size(size)
        await check(page, "sync")
    await fits(page, "sync")
    await page.set_viewport_size(PHONE)
    # Logging out says what would stay here, and keeps it (on a phone "Log out" is in the menu).
    await page.get_by_role("button", name="Menu").click()
    await page.get_by_role("button", name="Log out").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log out with changes not yet sent?")
    await expect(page.locator("main")).to_contain_text("3 changes made on this device have not reached the server")
    await check(page, "logout-waiting")
    # Signal enough to log out, not to send (a weak connection that drops the larger requests).
    async def dropped(route) -> None:
        await route.abort("connectionreset")

    await page.route("**/api/batch", dropped)
    await page.route("**/api/responses/**", dropped)
    await me.context.set_offline(False)
    await page.get_by_role("button", name="Log out and keep them here").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    assert await outbox_size(page) == 3
    await page.unroute("**/api/batch", dropped)
    await page.unroute("**/api/responses/**", dropped)
    # Logged in again as the same person: what waited goes; the held refusal stays until discarded.
    await page.get_by_label("Email").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention", timeout=20000)
    await page.locator(".sync-bar__link").click()
    await page.locator(".sync-item--attention").get_by_role("button", name="Discard").click()
    await page.get_by_role("button", name="Discard for good").click()
    await saved(page)
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    assert sorted(r["item_id"] for r in audit["responses"]) == ["group-photos-present", "portraits-notes"]


@pytest.mark.service_worker
async def test_an_answer_made_offline_is_merged_even_when_the_audit_is_read_again_before_it_is_sent(
        open_session, server):
    """The walk read again from the server (the page reloaded, a screen opened, the offline copy refreshed when
    the connection returns) before the outbox sends a change made offline: the change still goes with the
    revision it was made against, so someone else's newer answer is merged with it rather than overwritten."""
    me, other, audit_id, spaces, response = await two_auditors(open_session, server, "Third Auditor",
                                                               "Read again before sending")
    page = me.page
    walk = f"/audits/{audit_id}/spaces/{spaces[0]['id']}"
    await me.goto(walk)
    await expect(card(page, "portraits-present").get_by_label("No", exact=True)).to_be_checked()
    await walk_ready(page)

    await me.context.set_offline(True)
    await card(page, "portraits-present").get_by_role("button", name="Add a note").click()
    note = card(page, "portraits-present").get_by_label("Note")
    await note.fill("Seen from the corridor too")
    await note.press("Tab")
    await expect(page.locator(".sync")).to_contain_text("1 change waiting to be sent")
    theirs = await other.context.request.put(f"/api/responses/{response['id']}", data={
        "audit_id": audit_id, "space_id": spaces[0]["id"], "item_id": "portraits-present", "answer": "yes",
        "note": "", "base_revision": response["revision"]})
    assert theirs.status == 200, await theirs.text()

    # Changes wait until the walk has been read again from the server, with their newer answer in it.
    read_again = []
    await me.context.route("**/api/batch", lambda route: route.abort() if not read_again else route.continue_())
    await me.context.route("**/api/responses/**", lambda route: route.abort() if not read_again else route.continue_())
    await me.context.set_offline(False)
    # The walk opened again reads the audit from the server (the offline copy's refresh on reconnecting may or
    # may not, depending on how long ago it last ran).
    async with page.expect_response(lambda r: urlsplit(r.url).path == f"/api/audits/{audit_id}" and r.ok):
        await page.reload()
    read_again.append(True)
    # The refused tries left the outbox waiting out its backoff (a minute after five of them): the signal a
    # returning connection gives sends it now, and does nothing if it has already gone.
    await page.evaluate("window.dispatchEvent(new Event('online'))")
    await saved(page)
    now = await (await me.context.request.get(f"/api/responses/{response['id']}")).json()
    assert (now["answer"], now["note"]) == ("yes", "Seen from the corridor too")
    await expect(card(page, "portraits-present").get_by_label("Yes", exact=True)).to_be_checked()

"""The audit walk on a phone: plan an audit, walk it space by space (conditions, skips, findings with photos),
reload midway, submit; an administrator plans for a team the committee can read; a submission the server
refuses lists what it found missing. (More of the walk's screens: test_walk_screens.py.)"""

from __future__ import annotations

import json
import uuid

from playwright.async_api import expect

from .helpers import LAPTOP, PHONE, PHOTO, card, check, choose, outbox_size, plan, saved, screenshot


async def count(page, item_id: str, value: str) -> None:
    field = card(page, item_id).get_by_label("Number")
    await field.fill(value)
    await field.press("Tab")  # saved when the person leaves the box


async def plan_in_the_app(page, title: str) -> str:
    await page.get_by_role("link", name="Plan an audit").first.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Plan an audit")
    await page.get_by_label("Title").fill(title)
    await page.get_by_label("Building").select_option(label="ALD · Alden Hall of Medicine")
    await page.get_by_label("Checklist").select_option(label="Portraits and honorific displays (16 items)")
    await page.get_by_label("Spaces I pick").check()
    for name in ("Main entrance lobby (floor 1)", "101 · Bornside Amphitheater (floor 1)",
                 "110 · Dean's conference room (floor 1)"):
        await page.get_by_label(name).check()
    await check(page, "walk-plan")
    await page.get_by_role("button", name="Plan audit").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(title)
    return page.url.split("#/audits/", 1)[1]


async def walk_first_space(page) -> None:
    """Main entrance lobby: portraits present, counts, a photo answer, and a finding with a photo."""
    await expect(page.get_by_role("heading", level=1)).to_have_text("Main entrance lobby")
    await expect(card(page, "portrait-count")).to_be_hidden()
    await choose(page, "portraits-present", "Yes")
    # The condition reveals the inventory at once.
    await expect(card(page, "portrait-count")).to_be_visible()
    await expect(card(page, "placement-women")).to_be_hidden()
    await count(page, "portrait-count", "6")
    await count(page, "portrait-count-women", "2")
    await expect(card(page, "placement-women")).to_be_visible()
    await count(page, "portrait-count-people-of-color", "0")
    await card(page, "portrait-count-race-undocumented").get_by_label("Unknown").check()
    await count(page, "portrait-count-unidentified", "0")
    await card(page, "portraits-photo").locator("input[type=file]").set_input_files(PHOTO)
    await expect(card(page, "portraits-photo").locator("img.thumb__img")).to_have_count(1)
    await expect(page.locator(".walk-progress")).to_have_text("7 of 13 items answered")
    await saved(page)


async def reload_keeps_answers(page) -> None:
    await page.reload()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Main entrance lobby")
    await expect(page.locator(".walk-progress")).to_have_text("7 of 13 items answered")
    await expect(card(page, "portraits-present").get_by_label("Yes", exact=True)).to_be_checked()
    await expect(card(page, "portrait-count").get_by_label("Number")).to_have_value("6")
    await expect(card(page, "portrait-count-race-undocumented").get_by_label("Unknown")).to_be_checked()
    await expect(card(page, "portraits-photo").locator("img.thumb__img")).to_have_count(1)


async def record_finding(page) -> None:
    await choose(page, "portraits-labeled", "No")
    form = card(page, "portraits-labeled").locator(".finding-form")
    await expect(form).to_be_visible()
    prompt = "Is every portrait labeled with the person's name, role and dates?"
    await expect(form.get_by_label("Title")).to_have_value(prompt)
    await expect(form.get_by_role("group", name="Severity").get_by_label("Low")).to_be_checked()
    await expect(form.get_by_label("Add context or interpretive text")).to_be_checked()
    await form.get_by_label("Title").fill("Four portraits in the lobby have no labels")
    await form.get_by_label("Description").fill("Left wall, by the elevators.")
    await form.get_by_role("button", name="Save finding").click()
    await expect(form.get_by_text("Add at least one photo")).to_be_visible()
    await form.locator("input[type=file]").set_input_files(PHOTO)
    await expect(form.locator("img.thumb__img")).to_have_count(1)
    guidance = card(page, "portraits-labeled").get_by_role("button", name="Guidance")
    await guidance.click()
    await expect(guidance).to_have_attribute("aria-expanded", "true")
    await expect(card(page, "portraits-labeled").locator(".guidance")).to_contain_text("Why it matters")
    await check(page, "walk-space-finding")
    await form.get_by_role("button", name="Save finding").click()
    summary = card(page, "portraits-labeled").locator(".finding")
    await expect(summary).to_contain_text("Four portraits in the lobby have no labels")
    await expect(summary.locator("img.thumb__img")).to_have_count(1)


async def finish_first_space(page) -> None:
    # An answer that raises a finding opens its form; changing the answer closes it again.
    await choose(page, "portraits-context", "No")
    await expect(card(page, "portraits-context").locator(".finding-form")).to_be_visible()
    await choose(page, "portraits-context", "Yes")
    await expect(card(page, "portraits-context").locator(".finding-form")).to_have_count(0)
    await choose(page, "portraits-harm", "No, nothing found in the sources checked")
    await choose(page, "placement-women",
                 "As prominent as the others (front of the room, eye level, facing the entrance)")
    await choose(page, "group-photos-present", "No")
    notes = card(page, "portraits-notes").locator(".item-card__answer textarea")
    await notes.fill("Portrait of the founder over the reception desk.")
    await notes.press("Tab")
    await expect(page.locator(".walk-progress")).to_have_text("13 of 13 items answered")
    await saved(page)


async def skip_second_space(page) -> None:
    await page.get_by_role("link", name="Next space: 101 · Bornside Amphitheater →").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("101 · Bornside Amphitheater")
    await page.get_by_role("button", name="Skip this space").click()
    form = page.locator(".skip__form")
    await form.get_by_label("Locked").check()
    await form.get_by_label("Note").fill("Key with security, ext. 4410")
    await page.get_by_role("button", name="Skip space").click()
    await expect(page.get_by_role("heading", name="Skipped: Locked")).to_be_visible()
    await expect(page.locator(".walk-items")).to_be_hidden()
    await saved(page)


async def third_space_with_a_withdrawn_finding(page) -> None:
    await page.get_by_role("link", name="Next space: 110 · Dean's conference room →").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("110 · Dean's conference room")
    await choose(page, "portraits-present", "Yes")
    await choose(page, "portraits-labeled", "No")
    form = card(page, "portraits-labeled").locator(".finding-form")
    await form.locator("input[type=file]").set_input_files(PHOTO)
    await form.get_by_role("button", name="Save finding").click()
    await expect(card(page, "portraits-labeled").locator(".finding")).to_be_visible()
    await saved(page)
    # No portraits after all: every follow-up hides and the finding it raised is withdrawn.
    await choose(page, "portraits-present", "No")
    await expect(card(page, "portraits-labeled")).to_be_hidden()
    await expect(page.locator("#alert")).to_contain_text("was withdrawn")
    await choose(page, "group-photos-present", "No")
    await expect(page.locator(".walk-progress")).to_have_text("2 of 3 items answered")
    await saved(page)


async def submit_after_jumping_to_the_missing_item(page) -> None:
    await page.get_by_role("link", name="Back to the audit to submit").click()
    await page.get_by_role("button", name="Check and submit").click()
    await expect(page.get_by_role("heading", name="1 item still needs an answer")).to_be_focused()
    await expect(page.get_by_role("heading", name="110 · Dean's conference room")).to_be_visible()
    await check(page, "walk-submit-check")
    await page.get_by_role("link", name="Note who is honored here and anything the committee should research.").click()
    prompt = card(page, "portraits-notes").locator("h3")
    await expect(prompt).to_be_focused()
    await card(page, "portraits-notes").locator(".item-card__answer").get_by_label("Not applicable").check()
    await expect(page.locator(".walk-progress")).to_have_text("3 of 3 items answered")
    await saved(page)
    await page.get_by_role("link", name="Back to the audit to submit").click()
    await expect(page.locator("#main").get_by_text("2 of 3 spaces done")).to_have_count(0)
    await expect(page.locator("#main").get_by_text("3 of 3 spaces done")).to_be_visible()
    await page.get_by_role("button", name="Check and submit").click()
    await expect(page.get_by_role("heading", name="Submit this audit?")).to_be_focused()
    await page.get_by_role("button", name="Submit audit").click()
    await expect(page.locator("#main").get_by_text("This audit has been submitted.")).to_be_visible()
    await expect(page.locator(".details")).to_contain_text("Submitted")
    await saved(page)
    await screenshot(page, "walk-audit-submitted")


async def check_stored(me, audit_id: str) -> None:
    request = me.context.request
    audit = await (await request.get(f"/api/audits/{audit_id}")).json()
    assert audit["status"] == "submitted"
    answers = {(r["space_id"], r["item_id"]): r for r in audit["responses"]}
    lobby, hall, office = (s["id"] for s in audit["spaces"])
    assert answers[(lobby, "portraits-present")]["answer"] == "yes"
    assert answers[(lobby, "portrait-count")]["answer"] == 6
    assert answers[(lobby, "portrait-count-race-undocumented")]["answer"] == "unknown"
    assert len(answers[(lobby, "portraits-photo")]["answer"]) == 1
    assert answers[(lobby, "portraits-notes")]["answer"].startswith("Portrait of the founder")
    assert answers[(office, "portraits-present")]["answer"] == "no"
    assert answers[(office, "portraits-notes")]["answer"] == "not_applicable"
    assert not [r for r in audit["responses"] if r["space_id"] == hall]
    assert audit["spaces"][1]["skipped"] == {"reason": "locked", "note": "Key with security, ext. 4410"}
    findings = [f for f in audit["findings"] if f["status"] == "open"]
    assert [(f["space_id"], f["item_id"], f["title"]) for f in findings] == [
        (lobby, "portraits-labeled", "Four portraits in the lobby have no labels")]
    assert findings[0]["severity"] == "low" and findings[0]["remedies"] == ["add_context"]
    assert len(findings[0]["photo_ids"]) == 1
    # Submitted means read-only: a further change is refused.
    response = answers[(lobby, "portraits-present")]
    again = await request.put(f"/api/responses/{response['id']}", data={
        "audit_id": audit_id, "space_id": lobby, "item_id": "portraits-present", "answer": "no",
        "base_revision": response["revision"]})
    assert again.status == 409


async def test_an_auditor_plans_walks_and_submits_an_audit_on_a_phone(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    await me.goto("/audits")
    page = me.page
    title = f"Portraits walk {uuid.uuid4().hex[:6]}"
    audit_id = await plan_in_the_app(page, title)
    await expect(page.locator(".details")).to_contain_text("Planned")
    await page.get_by_role("link", name="Start the walk: Main entrance lobby").click()
    await walk_first_space(page)
    await reload_keeps_answers(page)
    await record_finding(page)
    await finish_first_space(page)
    await skip_second_space(page)
    await third_space_with_a_withdrawn_finding(page)
    await submit_after_jumping_to_the_missing_item(page)
    await check_stored(me, audit_id)
    # Its team can follow what becomes of the findings from the audit's page.
    followed = page.locator(".finding-card", has_text="Four portraits in the lobby")
    await expect(followed).to_contain_text("New, to triage")
    # Read-only in the app too: the walk shows answers without controls that change them.
    await page.locator(".space-row", has_text="Main entrance lobby").click()
    await expect(card(page, "portraits-present").get_by_label("Yes", exact=True)).to_be_disabled()
    await expect(page.get_by_role("button", name="Skip this space")).to_have_count(0)


async def test_an_admin_plans_for_a_team_and_the_committee_reads_it(open_session, server):
    walker_email = server.make_user("auditor", name="Team Walker")
    admin = await open_session(viewport=LAPTOP)
    await admin.login("admin@test.example")
    await admin.goto("/audits/new")
    page = admin.page
    title = f"Team walk {uuid.uuid4().hex[:6]}"
    await page.get_by_label("Title").fill(title)
    await page.get_by_label("Building").select_option(label="RHP · Ridgeway Hospital Pavilion")
    await page.get_by_label("Checklist").select_option(label="Portraits and honorific displays (16 items)")
    await page.get_by_label("Team Walker").check()
    await page.get_by_label("One floor").check()
    await page.get_by_label("Floor", exact=True).select_option(label="Floor G (3 spaces)")
    await page.get_by_role("button", name="Plan audit").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(title)
    await expect(page.locator(".details")).to_contain_text("Team Walker")
    await expect(page.locator(".space-row")).to_have_count(3)

    walker = await open_session()
    await walker.login(walker_email)
    await walker.goto("/")
    await walker.page.get_by_role("link", name=title).click()
    await expect(walker.page.get_by_role("button", name="Check and submit")).to_be_visible()

    committee = await open_session()
    await committee.login("committee@test.example")
    await committee.goto("/audits")
    await committee.page.get_by_role("link", name=title).click()
    await expect(committee.page.locator("#main").get_by_text("Only its team records answers")).to_be_visible()
    await expect(committee.page.get_by_role("button", name="Check and submit")).to_have_count(0)
    await committee.page.locator(".space-row").first.click()
    await expect(card(committee.page, "portraits-present").get_by_label("Yes", exact=True)).to_be_disabled()
    # The committee plans audits too and picks their team from the people who can walk them.
    await committee.goto("/audits/new")
    cpage = committee.page
    await cpage.get_by_label("Title").fill("Committee plan")
    await cpage.get_by_label("Building").select_option(label="LRC · Learning Resource Center")
    await cpage.get_by_label("Checklist").select_option(label="Portraits and honorific displays (16 items)")
    await cpage.get_by_label("One floor").check()
    await cpage.get_by_label("Floor", exact=True).select_option(index=1)
    await cpage.get_by_role("button", name="Plan audit").click()
    # The error at the team's checkboxes (the #alert region reads the same words out, a moment later).
    team_error = cpage.get_by_role("group", name="Team", exact=True).locator(".field-error")
    await expect(team_error).to_have_text("Choose at least one auditor for the team.")
    await cpage.get_by_label("Team Walker").check()
    await cpage.get_by_role("button", name="Plan audit").click()
    await expect(cpage.get_by_role("heading", level=1)).to_have_text("Committee plan")
    await expect(cpage.locator(".details")).to_contain_text("Team Walker")


async def test_a_submission_the_server_refuses_lists_what_it_found_missing(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Refused submission", ["202"])
    space_id = spaces[0]["id"]
    await me.goto(f"/audits/{audit_id}/spaces/{space_id}")
    page = me.page
    await choose(page, "portraits-present", "No")
    await choose(page, "group-photos-present", "No")
    await card(page, "portraits-notes").locator(".item-card__answer").get_by_label("Not applicable").check()
    await saved(page)
    # Someone else's change (say) leaves the server seeing an item unanswered that this phone sees answered.
    refusal = {"error": {"code": "audit_incomplete", "message": "1 item(s) are still unanswered.", "field": None,
                         "unanswered": [{"space_id": space_id, "item_id": "portraits-notes"}]}}

    async def refuse(route):
        await route.fulfill(status=422, content_type="application/json", body=json.dumps(refusal))

    # The context's route catches the request however it leaves the browser (from the page, or through the
    # service worker, which may take control while the test runs); with nothing else waiting in the outbox, the
    # submission goes alone, never inside a batch with an answer.
    await me.context.route("**/transitions", refuse)
    assert await outbox_size(page) == 0
    await me.goto(f"/audits/{audit_id}")
    await page.get_by_role("button", name="Check and submit").click()
    await page.get_by_role("button", name="Submit audit").click()
    await expect(page.get_by_role("heading", name="1 item still needs an answer")).to_be_focused()
    await expect(page.locator("#main").get_by_text("The server found these items unanswered")).to_be_visible()
    await expect(page.locator(".details")).to_contain_text("In progress")
    await expect(page.locator(".sync-bar")).to_contain_text("1 change needs your attention")
    # The held refusal is listed with the server's words; once the audit is submitted it is moot and goes.
    await page.get_by_role("link", name="1 change needs your attention").click()
    await expect(page.locator(".sync-item--attention")).to_contain_text("1 item(s) are still unanswered.")
    await me.context.unroute("**/transitions", refuse)
    await me.goto(f"/audits/{audit_id}")
    await page.get_by_role("button", name="Check and submit").click()
    await page.get_by_role("button", name="Submit audit").click()
    await expect(page.locator(".details")).to_contain_text("Submitted")
    await saved(page)

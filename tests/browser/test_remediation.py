"""The remediation journey in the browser: an auditor's finding accepted and assigned by the committee on a
laptop, resolved by facilities on a phone with an after-photo (with no signal, through the outbox), and
verified with before and after side by side. Every screen on the way is checked with axe-core, and the
finding's screens also at 320 px."""

from __future__ import annotations

import uuid
from datetime import date, timedelta

import pytest
from playwright.async_api import expect

from .helpers import (
    AFTER_PHOTO,
    LAPTOP,
    NARROW,
    PHONE,
    assign,
    check,
    check_at,
    controlled,
    field_error,
    fits,
    raise_finding,
    saved,
)


async def finding_state(request, finding_id: str) -> dict:
    answer = await request.get(f"/api/findings/{finding_id}")
    assert answer.status == 200, await answer.text()
    return await answer.json()


@pytest.mark.service_worker
async def test_a_finding_goes_from_the_walk_to_a_verified_fix(open_session, server):
    title = f"Portrait gallery of past deans {uuid.uuid4().hex[:4]}"
    worker_name = f"Facilities {uuid.uuid4().hex[:4]}"
    worker_email = server.make_user("facilities", name=worker_name)
    auditor = await open_session(viewport=LAPTOP)
    await auditor.login("auditor@test.example")
    finding_id = await raise_finding(auditor.context.request, title)
    # The queues are oldest first and the shared server holds other tests' findings: this audit's alone are
    # sure to be on the first page.
    audit_id = (await finding_state(auditor.context.request, finding_id))["audit"]["id"]

    # The committee triages on a laptop: the queue, the finding's page, accept with a remedy, assign.
    committee = await open_session(viewport=LAPTOP)
    await committee.login("committee@test.example")
    page = committee.page
    await committee.goto(f"/findings?queue=triage&audit={audit_id}")
    card = page.locator(".finding-card", has_text=title)
    await expect(card).to_be_visible()
    await expect(card.locator("img")).to_have_count(1)
    await check(page, "remedy-triage")
    await card.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(title)
    await expect(page.locator(".badges")).to_contain_text("New, to triage")
    await check(page, "remedy-finding-open")
    await page.get_by_role("button", name="Accept", exact=True).click()
    # The auditor's suggestion comes chosen; the committee decides.
    await expect(page.get_by_label("Add context or interpretive text")).to_be_checked()
    await page.get_by_label("Remove", exact=True).check()
    await check(page, "remedy-accept-form")
    await page.get_by_role("button", name="Accept with this remedy").click()
    await expect(page.locator(".outcome")).to_contain_text("Finding accepted")
    await page.get_by_role("button", name="Assign", exact=True).click()
    await page.get_by_role("button", name="Assign", exact=True).click()  # submitted empty: says what is missing
    await expect(field_error(page, "Assign to")).to_have_text("Choose who will do the work.")
    await page.get_by_label("Assign to").select_option(label=worker_name)
    await page.get_by_label("Due date").fill((date.today() + timedelta(days=5)).isoformat())
    await check(page, "remedy-assign-form")
    await page.get_by_role("button", name="Assign", exact=True).click()
    await expect(page.locator(".outcome")).to_contain_text("Finding assigned")
    await expect(page.locator(".details")).to_contain_text(worker_name)

    # Facilities, on a phone: My items, then the work done in a basement with no signal.
    worker = await open_session(viewport=PHONE)
    await worker.login(worker_email)
    phone = worker.page
    await worker.goto("/")
    await expect(phone.locator("#items-heading ~ div .finding-card", has_text=title)).to_be_visible()
    await worker.goto("/my-items")
    await expect(phone.locator(".finding-card", has_text=title)).to_contain_text("Remedy: Remove")
    await check(phone, "remedy-my-items")
    await controlled(phone)
    await expect(phone.locator(".freshness")).to_contain_text("1 item assigned to you", timeout=30000)
    await worker.context.set_offline(True)
    await phone.reload()
    await phone.locator(".finding-card", has_text=title).click()
    await expect(phone.get_by_role("heading", level=1)).to_have_text(title)
    await expect(phone.locator("#main").get_by_text("this is the copy kept on this device")).to_be_visible()
    await phone.get_by_role("button", name="Start work").click()
    await phone.get_by_role("button", name="Start work").click()
    await expect(phone.locator(".outcome")).to_contain_text("Saved on this device")
    await expect(phone.locator(".badges")).to_contain_text("In progress")
    await phone.get_by_role("button", name="Mark as resolved").click()
    await phone.get_by_role("button", name="Mark as resolved").click()  # no photo yet
    await expect(field_error(phone, "Take after-photos")).to_have_text("Add at least one after-photo.")
    await phone.locator(".move-form input[type=file]").set_input_files(AFTER_PHOTO)
    await expect(phone.locator(".move-form img.thumb__img")).to_have_count(1, timeout=20000)
    await phone.get_by_label("Note (optional)").fill("Portraits moved to the archive room; the new series is up.")
    await check(phone, "remedy-resolve-form-offline")
    await phone.get_by_role("button", name="Mark as resolved").click()
    await expect(phone.locator(".outcome")).to_contain_text("Saved on this device")
    await expect(phone.locator(".badges")).to_contain_text("Resolved, to verify")
    await expect(phone.get_by_role("heading", name="Before and after")).to_be_visible()
    await expect(phone.locator(".timeline__entry--waiting")).to_have_count(2)
    assert (await finding_state(committee.context.request, finding_id))["status"] == "assigned"

    await worker.context.set_offline(False)
    await saved(phone, timeout=60000)
    sent = await finding_state(committee.context.request, finding_id)
    assert sent["status"] == "resolved"
    assert len(sent["photos"]["after"]) == 1
    assert [e["to"] for e in sent["timeline"] if e["type"] == "event"][-2:] == ["in_progress", "resolved"]
    await expect(phone.locator(".timeline__entry--waiting")).to_have_count(0)
    await check(phone, "remedy-resolved-phone")
    await fits(phone, "remedy-resolved-phone")

    # The committee verifies, with before and after side by side.
    await committee.goto(f"/findings?queue=verification&audit={audit_id}")
    card = page.locator(".finding-card", has_text=title)
    await expect(card.locator("img")).to_have_count(2)
    await check(page, "remedy-verification")
    await card.click()
    compare = page.locator(".compare")
    await expect(compare.get_by_role("heading", name="Before")).to_be_visible()
    await expect(compare.locator("img")).to_have_count(2)
    await page.get_by_role("button", name="Verify the fix").click()
    await check(page, "remedy-verify-form")
    await page.get_by_role("button", name="Verify", exact=True).click()
    await expect(page.locator(".outcome")).to_contain_text("Verified")
    await page.get_by_label("Comment", exact=True).fill("Thank you: the new series was unveiled at grand rounds.")
    await page.get_by_role("button", name="Add comment").click()
    timeline = page.locator(".timeline__entry")
    await expect(timeline).to_have_count(7)
    await expect(timeline.locator(".timeline__what")).to_have_text([
        "Test Auditor recorded the finding", "Test Committee accepted the finding", "Test Committee assigned the work",
        f"{worker_name} started the work", f"{worker_name} marked the work resolved", "Test Committee verified the fix",
        "Test Committee commented"])
    await check(page, "remedy-verified")
    await fits(page, "remedy-verified")
    done = await finding_state(committee.context.request, finding_id)
    assert done["status"] == "verified"
    for session in (auditor, committee, worker):
        session.assert_no_problems()


async def test_decline_needs_a_rationale_and_bulk_assignment_assigns_all_chosen(open_session, server):
    worker_name = f"Bulk {uuid.uuid4().hex[:4]}"
    server.make_user("facilities", name=worker_name)
    auditor = await open_session(viewport=LAPTOP)
    await auditor.login("auditor@test.example")
    tag = uuid.uuid4().hex[:4]
    ids = [await raise_finding(auditor.context.request, f"Memorial plaque {tag} {n}") for n in range(3)]
    committee = await open_session(viewport=LAPTOP)
    await committee.login("committee@test.example")
    page = committee.page
    request = committee.context.request

    await committee.goto(f"/findings/{ids[0]}")
    await page.get_by_role("button", name="Decline").click()
    await page.get_by_role("button", name="Decline", exact=True).click()
    await expect(field_error(page, "Rationale")).to_have_text("Write the rationale.")
    assert (await finding_state(request, ids[0]))["status"] == "open"
    await page.get_by_label("Rationale").fill("Reviewed with the archivist: already has an interpretive label.")
    await page.get_by_role("button", name="Decline", exact=True).click()
    await expect(page.locator(".outcome")).to_contain_text("Finding declined")
    await expect(page.locator(".timeline__note")).to_contain_text("already has an interpretive label")

    for finding_id in ids[1:]:
        answer = await request.post(f"/api/findings/{finding_id}/transitions",
                                    data={"to": "accepted", "remedy": "relocate"})
        assert answer.status == 200, await answer.text()
    await committee.goto("/findings?queue=assign")
    await expect(page.get_by_role("link", name="To assign", exact=True)).to_have_attribute("aria-current", "page")
    for n in (1, 2):
        await page.get_by_label(f"Choose “Memorial plaque {tag} {n}”").check()
    await expect(page.locator(".bulk .result-count")).to_have_text("2 findings chosen")
    await page.locator(".bulk").get_by_label("Assign to").select_option(label=worker_name)
    await page.locator(".bulk").get_by_label("Due date").fill((date.today() + timedelta(days=10)).isoformat())
    await check(page, "remedy-bulk-assign")
    await page.get_by_role("button", name="Assign chosen findings").click()
    await expect(page.locator(".finding-card", has_text=f"Memorial plaque {tag}")).to_have_count(0)
    for finding_id in ids[1:]:
        state = await finding_state(request, finding_id)
        assert state["status"] == "assigned" and state["assignee"]["name"] == worker_name

    await committee.goto("/inbox")
    await check(page, "remedy-inbox-committee")
    await fits(page, "remedy-inbox-committee")
    committee.assert_no_problems()


# (who, route, heading): the remediation lists, each checked at phone, laptop and 320 px.
LISTS = [
    ("facilities", "/my-items", "My items"),
    ("facilities", "/inbox", "Inbox"),
    ("auditor", "/inbox", "Inbox"),
    ("committee", "/findings?queue=triage", "Findings"),
    ("committee", "/findings?queue=assign", "Findings"),
    ("committee", "/findings?queue=verification", "Findings"),
    ("committee", "/findings?queue=all", "Findings"),
    ("committee", "/findings?queue=all&overdue=1", "Findings"),  # the home screen's "Overdue" figure
]


async def test_every_remediation_list_is_accessible_and_fits(open_session):
    auditor = await open_session(viewport=LAPTOP)
    await auditor.login("auditor@test.example")
    await raise_finding(auditor.context.request, f"Mural of founders {uuid.uuid4().hex[:4]}")
    people = {}
    for who in dict.fromkeys(who for who, _, _ in LISTS):
        people[who] = await open_session()
        await people[who].login(f"{who}@test.example")
    for who, route, heading in LISTS:
        # A page of its own (two lists share the address /findings): shown first at laptop size, where the
        # filters start open, then narrowed with them still open (the tour sees the lists as a phone first
        # shows them, filters folded).
        me = await open_session(LAPTOP, sharing=people[who])
        await me.goto(route)
        await expect(me.page.get_by_role("heading", level=1)).to_have_text(heading)
        await me.page.wait_for_load_state("networkidle")
        await expect(me.page.locator(".loading")).to_have_count(0)
        if "overdue=1" in route:
            extra = me.page.locator("#main").get_by_text("Only the findings behind the figure you followed")
            await expect(extra).to_be_visible()
            assert "overdue=1" in me.page.url
        name = f"remedy-list-{who}-{route.strip('/').replace('?queue=', '-').replace('/', '-')}"
        for viewport in (LAPTOP, PHONE, NARROW):
            await me.page.set_viewport_size(viewport)
            await check_at(me.page, viewport, name)
        await me.page.close()


@pytest.mark.service_worker
async def test_work_done_offline_on_a_finding_someone_else_moved_is_held_and_shown(open_session, server):
    worker_name = f"Offline {uuid.uuid4().hex[:4]}"
    worker_email = server.make_user("facilities", name=worker_name)
    auditor = await open_session(viewport=LAPTOP)
    await auditor.login("auditor@test.example")
    title = f"Donor wall {uuid.uuid4().hex[:4]}"
    finding_id = await raise_finding(auditor.context.request, title)
    original = await raise_finding(auditor.context.request, f"{title}, first report")
    committee = await open_session(viewport=LAPTOP)
    await committee.login("committee@test.example")
    request = committee.context.request
    await assign(request, finding_id, worker_name, days=3)

    worker = await open_session(viewport=PHONE)
    await worker.login(worker_email)
    phone = worker.page
    await worker.goto(f"/findings/{finding_id}")
    await expect(phone.get_by_role("heading", level=1)).to_have_text(title)
    await worker.context.set_offline(True)
    await phone.get_by_role("button", name="Start work").click()
    await phone.get_by_role("button", name="Start work").click()
    await expect(phone.locator(".outcome")).to_contain_text("Saved on this device")
    # Meanwhile the committee finds it was reported twice.
    answer = await request.post(f"/api/findings/{finding_id}/transitions",
                                data={"to": "duplicate", "duplicate_of": original})
    assert answer.status == 200, await answer.text()

    await worker.context.set_offline(False)
    await expect(phone.locator(".sync")).to_contain_text("needs your attention", timeout=60000)
    refused = phone.locator("#main").get_by_text("A change you made to this finding was not accepted")
    await expect(refused).to_be_visible()
    await expect(phone.locator(".badges")).to_contain_text("Duplicate")
    assert (await finding_state(request, finding_id))["status"] == "duplicate"
    await worker.goto("/sync")
    held = phone.locator(".sync-item--attention")
    await expect(held).to_contain_text(f"Start of work on “{title}”")
    await expect(held).to_contain_text("Someone else moved this finding first: it is now “Duplicate”")
    await check(phone, "remedy-held-move")


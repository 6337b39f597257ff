"""The committee's and administrators' community report screens in real Chromium against a real server.

The committee opens a report, replies, turns it into a finding and lands on the finding's page, which says the
finding came from the community and shows nothing of the reporter; declines another with a reason; attaches a
third to an existing finding; marks one as spam, and it leaves the open list and the home count. An
administrator turns reports on for a building and downloads its posters. Every screen and state passes axe and
fits 320 px. Reports are sent through the public API (what is under test here is the committee's side).

The module runs a server of its own with the daily report limit raised: every report here comes from
127.0.0.1. The empty list and the offline screen use a fresh server, where nothing has been reported yet.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image, ImageDraw
from playwright.async_api import expect

from .helpers import LAPTOP, PHONE, Server, Session, answer, check, field_error, fits, open_building, serving, watch


@pytest.fixture(scope="module")
def server(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """This module's own server (it overrides the session's), with the daily report limit raised."""
    with serving(seeded, tmp_path_factory.mktemp("community-review") / "data",
                 SPACES_COMMUNITY_REPORTS_PER_CLIENT="1000") as srv:
        yield srv


@pytest.fixture
def person(open_session: Any) -> Any:
    """person("committee", viewport) -> a logged-in Session on the module's server."""

    async def make(who: str, viewport: dict[str, int] = LAPTOP) -> Session:
        session = await open_session(viewport)
        await session.login(f"{who}@test.example")
        return session

    return make


def jpeg() -> bytes:
    """A small photo of a framed portrait on a wall, as a phone would send it."""
    image = Image.new("RGB", (900, 675), (214, 200, 170))
    draw = ImageDraw.Draw(image)
    draw.rectangle((300, 120, 600, 520), fill=(92, 64, 40))
    draw.rectangle((330, 150, 570, 490), fill=(160, 140, 120))
    draw.ellipse((400, 200, 500, 320), fill=(230, 205, 180))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=85)
    return out.getvalue()


async def send_report(srv: Server, space: dict, *, category: str = "portrait", description: str = "",
                      impact: str = "", photo: bool = False) -> tuple[str, str]:
    """A report sent as the poster's page sends it (no account, no cookie): (tracking code shown, key)."""
    async with httpx.AsyncClient(base_url=srv.url) as public:
        photo_ids = []
        if photo:
            photo_id = str(uuid.uuid4())
            sent = await public.put(f"/api/public/photos/{photo_id}", content=jpeg(),
                                    headers={"Content-Type": "image/jpeg"})
            assert sent.status_code == 201, sent.text
            photo_ids.append(photo_id)
        sent = await public.post("/api/public/reports", json={
            "id": str(uuid.uuid4()), "code": space["public_code"], "category": category, "description": description,
            "impact": impact, "photo_ids": photo_ids, "email": "", "lang": "en", "website": ""})
        assert sent.status_code == 201, sent.text
        return sent.json()["tracking_code_display"], sent.json()["key"]


async def reporter_says(srv: Server, code: str, key: str, text: str) -> None:
    """The reporter answers from their follow-up page."""
    async with httpx.AsyncClient(base_url=srv.url) as public:
        sent = await public.post("/api/public/follow/messages", json={
            "tracking_code": code.replace("-", ""), "key": key, "id": str(uuid.uuid4()), "text": text})
        assert sent.status_code == 201, sent.text


async def report_id(committee: Session, code: str) -> str:
    page = await answer(await committee.context.request.get("/api/community/reports?status=all&limit=200"))
    return next(r["id"] for r in page["items"] if r["tracking_code_display"] == code)


async def test_the_committee_replies_and_turns_a_report_into_a_finding(person, server):
    admin = await person("admin")
    _, spaces = await open_building(admin)
    space = spaces[0]
    seen = f"A wall of portraits of past deans, every one a white man {uuid.uuid4().hex[:4]}."
    felt = "I walk past it every morning and it tells me people like me do not belong here."
    code, key = await send_report(server, space, description=seen, impact=felt, photo=True)

    committee = await person("committee")
    page = committee.page
    await committee.goto("/community")
    card = page.locator(".report-card", has_text=code)
    await expect(card).to_contain_text("A portrait or honorific display")
    await expect(card).to_contain_text(space["name"])
    await expect(card).to_contain_text(seen)
    await expect(card.locator("img")).to_have_count(1)
    await check(page, "community-list")
    await fits(page, "community-list-narrow")

    # The report: the reporter's words labelled as theirs, the photo at display size, opened by keyboard.
    await card.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(f"Report {code}")
    await expect(page.locator(".quote--reporter")).to_have_count(2)
    await expect(page.locator(".quote--reporter").first).to_contain_text("In the reporter’s words")
    await expect(page.locator(".quote--reporter").nth(1)).to_contain_text(felt)
    photo = page.get_by_role("link", name="Photo 1 of 1 sent by the reporter")
    await expect(photo.locator("img")).to_have_js_property("complete", True)
    assert await photo.locator("img").evaluate("img => img.naturalWidth") > 0
    await photo.focus()
    await expect(photo).to_be_focused()
    await expect(page.locator(".badges")).to_contain_text("New")
    await check(page, "community-report-received")
    await fits(page, "community-report-received-narrow")

    await page.get_by_role("button", name="Start review").click()
    await expect(page.locator(".outcome")).to_contain_text("Review started")
    await expect(page.locator(".badges")).to_contain_text("Under review")
    await expect(page.locator(".timeline")).to_contain_text("Test Committee started the review")

    # A reply: said to be anonymous; empty is refused at the field.
    await page.get_by_role("button", name="Send reply").click()
    await expect(field_error(page, "Reply to the reporter")).to_have_text("Write the reply first.")
    await check(page, "community-reply-error")
    await page.get_by_label("Reply to the reporter").fill("Thank you. Which wall is it: by the lecture hall door?")
    await page.get_by_role("button", name="Send reply").click()
    message = page.locator(".message--committee")
    await expect(message).to_contain_text("Committee · Test Committee")
    await expect(message).to_contain_text("Which wall is it")
    await expect(message).to_be_focused()
    # The reporter answers, anonymously: the committee reads "Reporter".
    await reporter_says(server, code, key, "Yes, the wall opposite the lecture hall door.")
    await page.reload()
    await expect(page.locator(".message--reporter")).to_contain_text("Reporter · ")
    await expect(page.locator(".message--reporter")).to_contain_text("the wall opposite")
    await check(page, "community-report-under-review")

    # Turn into a finding: the title comes prefilled from what they saw and where; an empty one is refused.
    await page.get_by_role("button", name="Turn into a finding").click()
    title = page.get_by_label("Title of the finding")
    await expect(title).to_have_value(f"Portrait or honorific display in {space['name']}"
                                      + (f" (room {space['room_number']})" if space["room_number"] else ""))
    await title.fill("")
    await page.get_by_role("button", name="Create the finding").click()
    await expect(field_error(page, "Title of the finding")).to_have_text("Enter a title for the finding.")
    await check(page, "community-finding-form-error")
    finding_title = f"Portrait wall of past deans {uuid.uuid4().hex[:4]}"
    await title.fill(finding_title)
    await page.get_by_role("group", name="Severity").get_by_label("High").check()
    await page.get_by_label("Add context or interpretive text").check()
    await page.get_by_role("button", name="Create the finding").click()
    await expect(page.locator(".outcome")).to_contain_text("Finding created")
    await expect(page.locator(".badges")).to_contain_text("Became a finding")
    await expect(page.get_by_role("button", name="Send reply")).to_be_visible()  # still open: the finding is not done
    await check(page, "community-report-finding")

    # The finding's page says where it came from, and nothing about the reporter.
    await page.locator(".outcome").get_by_role("link", name=f"Open the finding “{finding_title}”").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text(finding_title)
    await expect(page.locator(".finding-origin")).to_have_text(f"From a community report {code}")
    await expect(page.locator(".badges")).to_contain_text("High severity")
    await expect(page.locator(".shot__img")).to_have_count(1)
    main = await page.locator("main").inner_text()
    assert felt not in main and "Reporter" not in main and "reporter" not in main
    await check(page, "community-finding-page")
    await fits(page, "community-finding-page-narrow")

    finding_id = page.url.rsplit("/", 1)[1]
    detail = await answer(await committee.context.request.get(f"/api/findings/{finding_id}"))
    assert detail["source"] == "community" and detail["audit"] is None

    # The findings list filters by source.
    await committee.goto("/findings?queue=all&source=community")
    await expect(page.get_by_label("Source", exact=True)).to_have_value("community")
    await expect(page.locator(".finding-card", has_text=finding_title)).to_be_visible()
    await page.get_by_label("Source", exact=True).select_option("walk")
    await expect(page.locator(".finding-card", has_text=finding_title)).to_have_count(0)


async def test_the_committee_declines_one_report_and_attaches_another(person, server):
    admin = await person("admin")
    _, spaces = await open_building(admin)
    space = spaces[1]
    first, _ = await send_report(server, space, category="name_plaque",
                              description="The room is named after a eugenicist.")
    second, _ = await send_report(server, space, category="name_plaque",
                               description="Same plaque as someone reported: the name over the door.")
    committee = await person("committee")
    request = committee.context.request
    # An existing finding for the same plaque, made from an earlier report.
    earlier, _ = await send_report(server, space, category="name_plaque",
                                   description="The plaque by the door.")
    made = await answer(await request.post(f"/api/community/reports/{await report_id(committee, earlier)}/transitions",
                                           data={"to": "finding", "title": f"Plaque honouring a eugenicist {first}"}))
    finding = made["finding"]

    page = committee.page
    await committee.goto(f"/community/{await report_id(committee, first)}")
    await page.get_by_role("button", name="Decline").click()
    await page.get_by_role("button", name="Decline").click()  # no reason yet: the reporter must read one
    await expect(field_error(page, "Reason the reporter will read")).to_have_text(
        "Write the reason: the reporter reads it.")
    await check(page, "community-decline-error")
    reason = "The committee reviewed this name in 2023 and added a plaque explaining its history below it."
    await page.get_by_label("Reason the reporter will read").fill(reason)
    await page.get_by_role("button", name="Decline").click()
    await expect(page.locator(".outcome")).to_contain_text("Declined")
    await expect(page.locator(".badges")).to_contain_text("Declined")
    await expect(page.locator(".quote").last).to_have_text(reason)
    await expect(page.get_by_role("button", name="Send reply")).to_have_count(0)
    await expect(page.get_by_text("This report is closed")).to_be_visible()
    await check(page, "community-report-declined")
    await fits(page, "community-report-declined-narrow")

    # Attach: the findings of the same space come first; none chosen is refused.
    await committee.goto(f"/community/{await report_id(committee, second)}")
    await page.get_by_role("button", name="Attach to a finding").click()
    choice = page.get_by_label("Finding", exact=True)
    await expect(choice.locator("optgroup[label='In this space'] option")).not_to_have_count(0)
    await page.get_by_role("button", name="Attach", exact=True).click()
    await expect(field_error(page, "Finding")).to_have_text("Choose the finding to attach the report to.")
    await check(page, "community-join-error")
    await choice.select_option(finding["id"])
    await page.get_by_role("button", name="Attach", exact=True).click()
    await expect(page.locator(".outcome")).to_contain_text("Attached")
    await expect(page.locator(".badges")).to_contain_text("Attached to a finding")
    await expect(page.locator("#decision-heading ~ p a")).to_have_attribute("href", f"#/findings/{finding['id']}")
    await check(page, "community-report-joined")

    # The declined report is closed (the joined one closes when its finding is done).
    await committee.goto("/community?status=closed")
    await expect(page.locator(".report-card", has_text=first)).to_be_visible()
    await expect(page.locator(".report-card", has_text=second)).to_have_count(0)
    await check(page, "community-list-closed")
    await committee.goto("/community?status=all")
    await expect(page.locator(".report-card", has_text=second)).to_contain_text("Attached to a finding")
    await expect(page.locator(".report-card", has_text=first)).to_contain_text("Declined")


async def test_spam_leaves_the_open_list_and_the_counts(person, server):
    admin = await person("admin")
    _, spaces = await open_building(admin)
    code, _ = await send_report(server, spaces[2], category="other", description="buy cheap watches www")
    committee = await person("committee", PHONE)
    page = committee.page
    await committee.goto("/")
    figure = page.locator("[data-figure=community-open]")
    await expect(figure).not_to_have_text("0")
    before = int(await figure.inner_text())
    summary = await answer(await committee.context.request.get("/api/community/summary"))
    assert summary["open"] == before
    await page.get_by_role("button", name="Menu").click()  # the navigation, on a phone
    await expect(page.locator("#app-nav").get_by_role("link", name="Community reports")).to_be_visible()
    await check(page, "community-home")

    await committee.goto("/inbox")
    await expect(page.locator("#inbox-community")).to_have_text(f"Community reports ({before} open)")
    await check(page, "community-inbox")
    await committee.goto("/dashboard")
    await expect(page.locator(".community-line")).to_contain_text(f"{before} community report")
    await page.locator("details.filter-box summary").click()  # the filters fold away on a phone
    await expect(page.get_by_label("Source", exact=True)).to_be_visible()

    await committee.goto(f"/community/{await report_id(committee, code)}")
    await page.get_by_role("button", name="Mark as spam").click()
    await expect(page.get_by_role("heading", name="Mark as spam?")).to_be_focused()
    await check(page, "community-spam-confirm")
    await page.locator(".move-form").get_by_role("button", name="Mark as spam").click()
    await expect(page.locator(".outcome")).to_contain_text("Marked as spam")
    await expect(page.locator(".badges")).to_contain_text("Spam")
    await check(page, "community-report-spam")
    await fits(page, "community-report-spam-narrow")

    await committee.goto("/community")
    await expect(page.locator(".result-count")).not_to_have_text("")
    await expect(page.locator(".report-card", has_text=code)).to_have_count(0)
    await committee.goto("/community?status=spam")
    await expect(page.locator(".report-card", has_text=code)).to_be_visible()
    await check(page, "community-list-spam")
    await committee.goto("/")
    await expect(page.locator("[data-figure=community-open]")).to_have_text(str(before - 1))


async def test_an_administrator_turns_reports_on_and_prints_posters(person):
    admin = await person("admin")
    page = admin.page
    request = admin.context.request
    building = next(b for b in (await answer(await request.get("/api/buildings")))["items"] if b["code"] == "LRC")
    await answer(await request.patch(f"/api/buildings/{building['id']}", data={"community_reports": None}))

    # The Spaces screen's panel, opened from the address (the empty list's link goes there).
    await admin.goto(f"/spaces?building={building['id']}&community=1")
    panel = page.locator("details.community-settings")
    await expect(panel).to_have_attribute("open", "")
    legend = f"Community reports in LRC · {building['name']}"
    group = page.get_by_role("group", name=legend)
    await expect(group.get_by_label("As the campus Demo Medical Campus (now off)")).to_be_checked()
    await check(page, "community-spaces-panel")
    await group.get_by_label("On", exact=True).check()
    await group.locator("xpath=..").get_by_role("button", name="Save").click()
    await expect(panel.locator(".notice--success")).to_have_text(
        f"Saved: community reports are on in LRC · {building['name']}.")
    await expect(panel.locator(".setting__now")).to_have_text("Reports are on in this building now.")
    saved = await answer(await request.get(f"/api/buildings/{building['id']}"))
    assert saved["community_reports"] is True and saved["community_reports_effective"] is True
    await check(page, "community-spaces-panel-saved")
    await fits(page, "community-spaces-panel-narrow")

    posters = panel.get_by_role("link", name="Posters for every space (PDF)")
    pdf = await request.get(await posters.get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert (await pdf.body()).startswith(b"%PDF")

    # A space: its poster code, its poster, and renewing the code after a confirmation.
    space = (await answer(await request.get(f"/api/spaces?building_id={building['id']}")))["items"][0]
    await admin.goto(f"/spaces/{space['id']}")
    section = page.locator("section", has=page.get_by_role("heading", name="Community reports"))
    code = section.locator(".public-code")
    await expect(code).to_have_text(space["public_code"])
    poster = await request.get(await section.get_by_role("link", name="Poster (PDF)").get_attribute("href"))
    assert poster.status == 200 and poster.headers["content-type"] == "application/pdf"
    await check(page, "community-space")
    await section.get_by_role("button", name="Renew code").click()
    await expect(section.get_by_role("heading", name="Renew the code?")).to_be_focused()
    await expect(section).to_contain_text(f"Posters printed with {space['public_code']} stop working")
    await check(page, "community-space-renew")
    await section.get_by_role("button", name="Renew the code").click()
    await expect(section.locator(".notice--success")).to_contain_text("New code")
    await expect(code).not_to_have_text(space["public_code"])
    new_code = await code.inner_text()
    old = await request.get(f"/api/public/spaces/{space['public_code'].replace('-', '')}")
    assert old.status == 404 and (await old.json())["error"]["code"] == "code_retired"
    assert (await answer(await request.get(f"/api/spaces/{space['id']}")))["public_code"] == new_code
    await fits(page, "community-space-narrow")


@pytest.mark.service_worker
async def test_an_empty_list_explains_and_offline_says_so(browser, own_server):
    srv = own_server
    for who, viewport in (("admin", PHONE), ("committee", LAPTOP)):
        context = await browser.new_context(viewport=viewport, base_url=srv.url)
        me = Session(context, watch(await context.new_page()), srv.url)
        await me.login(f"{who}@test.example")
        page = me.page
        await me.goto("/community")
        await expect(page.get_by_role("heading", name="No open reports")).to_be_visible()
        await expect(page.locator(".empty")).to_contain_text("scan the QR code")
        turn_on = page.get_by_role("link", name="Turn community reports on and print posters (Spaces screen)")
        await expect(turn_on).to_have_count(1 if who == "admin" else 0)
        await check(page, f"community-empty-{who}")
        await fits(page, f"community-empty-{who}-narrow")
        await me.goto("/")
        await expect(page.locator("[data-figure=community-open]")).to_have_text("0")

        # The list is read online: with no connection it says so, and offers to try again.
        await context.set_offline(True)
        await page.evaluate("location.hash = '#/community?status=closed'")
        await expect(page.locator("main .notice--error")).to_contain_text("Community reports are read online")
        await expect(page.get_by_role("button", name="Try again")).to_be_visible()
        await check(page, f"community-offline-{who}")
        await context.set_offline(False)
        await page.get_by_role("button", name="Try again").click()
        await expect(page.get_by_role("heading", name="No closed reports")).to_be_visible()
        await context.close()
        me.assert_no_problems()


"""How the outbox empties, watched at the network: findings queued offline between their photos go together in
one batch, no photo leaves before the batch that carries its finding has been answered, and two photos are
uploaded at once (web/js/sync/outbox-send.js). Every record still reaches the server exactly once."""

from __future__ import annotations

import asyncio
import contextlib
import json
from urllib.parse import parse_qs, urlparse

import pytest
from playwright.async_api import Page, Route, expect

from .helpers import PHONE, choose, controlled, new_finding, outbox_size, plan, saved

pytestmark = pytest.mark.service_worker  # every test here works offline or with the kept copy


async def add_finding(page: Page, title: str) -> None:
    form = await new_finding(page, title)
    await form.get_by_role("button", name="Save finding").click()
    await expect(page.locator(".finding", has_text=title)).to_be_visible()


async def test_findings_between_photos_go_in_one_batch_and_photos_go_two_at_a_time_after_them(open_session):
    me = await open_session(viewport=PHONE)
    await me.login("auditor@test.example")
    audit_id, spaces = await plan(me.context.request, "Two lanes", ["201"])
    page = me.page
    await me.goto(f"/audits/{audit_id}/spaces/{spaces[0]['id']}")
    await controlled(page)
    await me.context.set_offline(True)
    await choose(page, "portraits-present", "No")
    titles = [f"Finding {n}" for n in (1, 2, 3)]
    for title in titles:
        await add_finding(page, title)  # queued: the finding, then its photo
    assert await outbox_size(page) == 7

    events: list[tuple[str, str, str]] = []  # (start | end, batch | photo, the finding it is about)
    in_flight: set[str] = set()
    most_at_once = 0
    two_at_once = asyncio.Event()

    async def batch(route: Route) -> None:
        ops = json.loads(route.request.post_data or "{}")["operations"]
        findings = [op["path"].rsplit("/", 1)[1] for op in ops if op["path"].startswith("/api/findings/")]
        events.append(("start", "batch", ",".join(findings)))
        response = await route.fetch()
        for finding in findings:
            events.append(("end", "batch", finding))
        await route.fulfill(response=response)

    async def photo(route: Route) -> None:
        nonlocal most_at_once
        finding = parse_qs(urlparse(route.request.url).query)["finding_id"][0]
        events.append(("start", "photo", finding))
        in_flight.add(route.request.url)
        most_at_once = max(most_at_once, len(in_flight))
        if len(in_flight) == 2:
            two_at_once.set()
        # Each upload is held until a second one is on its way too: one at a time would never get there.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(two_at_once.wait(), timeout=30)
        response = await route.fetch()
        in_flight.discard(route.request.url)
        await route.fulfill(response=response)

    await page.route("**/api/batch", batch)
    await page.route("**/api/photos/*?*", photo)
    await me.context.set_offline(False)
    await saved(page, timeout=60000)

    assert two_at_once.is_set() and most_at_once == 2, most_at_once
    batches = [what for kind, lane, what in events if (kind, lane) == ("start", "batch")]
    assert len(batches) == 1 and len(batches[0].split(",")) == 3, batches  # no finding was left to go alone
    for index, (kind, lane, finding) in enumerate(events):
        if (kind, lane) == ("start", "photo"):
            assert ("end", "batch", finding) in events[:index], events  # its finding was answered first
    audit = await (await me.context.request.get(f"/api/audits/{audit_id}")).json()
    assert sorted(f["title"] for f in audit["findings"]) == titles
    assert [len(f["photos"]) for f in audit["findings"]] == [1, 1, 1]
    assert len(audit["responses"]) == 1
    me.assert_no_problems()

"""The public progress page in real browsers: an administrator turns it on in the app; the committee blurs and
publishes a verified fix's before and after from the finding's page; an anonymous browser (no account, no
cookie) reads the page and the pair at 390 and 320 px, in English and Spanish, with axe-core finding nothing;
turned off, the same browser's next load shows nothing."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import expect

from .helpers import (
    LAPTOP,
    NARROW,
    PASSWORD,
    PHONE,
    Server,
    accessible,
    check,
    fits,
    fix_and_verify,
    ok,
    raise_finding,
    screenshot,
    serving,
)


@pytest.fixture(scope="module")
def server(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """This module's own server: turning the public page on must not reach the other modules."""
    with serving(seeded, tmp_path_factory.mktemp("progress-page") / "data") as srv:
        yield srv


@pytest_asyncio.fixture(loop_scope="session")
async def api(server: Server) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    clients = {}
    for who in ("admin", "committee", "facilities"):
        client = httpx.AsyncClient(base_url=server.url, timeout=60)
        ok(await client.post("/api/session", json={"email": f"{who}@test.example", "password": PASSWORD}))
        clients[who] = client
    yield clients
    for client in clients.values():
        await client.aclose()


async def verified_finding(open_session: Any, api: dict[str, httpx.AsyncClient]) -> tuple[str, str]:
    auditor = await open_session(LAPTOP)
    await auditor.login("auditor@test.example")
    title = f"Caricature by the lifts {uuid.uuid4().hex[:4]}"
    finding_id = await raise_finding(auditor.context.request, title)
    await fix_and_verify(api["committee"], api["facilities"], finding_id, "Test Facilities")
    return finding_id, title


async def anonymous_reads(open_session: Any, name: str, **options: Any) -> Any:
    reader = await open_session(PHONE, **options)
    page = reader.page
    response = await page.goto("/progress")
    assert response is not None and response.status == 200
    await expect(page.get_by_role("heading", level=1)).to_be_visible()
    await check(page, f"progress-public-{name}")
    await fits(page, f"progress-public-{name}")
    await page.set_viewport_size(LAPTOP)
    await screenshot(page, f"progress-public-{name}")
    await page.set_viewport_size(PHONE)
    return reader


async def test_admin_turns_it_on_committee_publishes_anyone_reads_it(open_session, api, server):
    finding_id, title = await verified_finding(open_session, api)
    # The evidence photo is blurred through the API; the after-photo in the app, from the publishing section.
    finding = ok(await api["committee"].get(f"/api/findings/{finding_id}"))
    evidence = finding["photos"]["evidence"][0]
    ok(await api["committee"].post(f"/api/photos/{evidence['id']}/redactions", json={"boxes": [[0.1, 0.1, 0.2, 0.2]]}))

    # Off by default: the public address is a plain 404 page.
    early = await open_session(PHONE)
    response = await early.page.goto("/progress")
    assert response is not None and response.status == 404
    await expect(early.page.get_by_role("heading", level=1)).to_have_text("Not available")

    # An administrator turns the page on in the app.
    admin = await open_session(LAPTOP)
    await admin.login("admin@test.example")
    await admin.goto("/")
    await admin.page.locator("main").get_by_role("link", name="Public progress page").click()
    await expect(admin.page.get_by_role("heading", level=1)).to_have_text("Public progress page")
    await expect(admin.page.locator(".progress-switch__state")).to_have_text(
        "The page is off: its address shows nothing and its files are not available.")
    await accessible(admin.page, "progress-admin-off")
    await admin.page.get_by_role("button", name="Turn the page on").click()
    await expect(admin.page.locator(".progress-switch__done")).to_have_text("The public progress page is on.")
    await expect(admin.page.get_by_role("button", name="Turn the page off")).to_be_visible()
    await accessible(admin.page, "progress-admin-on")

    # The committee blurs the after-photo and publishes the pair from the verified finding's page.
    committee = await open_session(LAPTOP)
    await committee.login("committee@test.example")
    await committee.goto(f"/findings/{finding_id}")
    page = committee.page
    section = page.locator("section", has=page.get_by_role("heading", name="Public progress page", exact=True))
    await expect(section).to_contain_text("Not on the public progress page.")
    await accessible(page, "progress-committee-finding")
    await section.get_by_role("button", name="Publish before and after").click()
    await expect(section.locator(".notice--error")).to_contain_text("has not been redacted")
    await section.get_by_role("button", name="Blur photo 1").click()
    await page.get_by_role("button", name="Add a box").click()
    await page.get_by_role("button", name="Blur these areas").click()
    await expect(section.get_by_text("Photo 1 · blurred")).to_have_count(2)
    await section.get_by_role("button", name="Publish before and after").click()
    await expect(page.locator(".outcome")).to_have_text("Published on the public progress page.")
    await expect(page.locator(".timeline__entry").last).to_contain_text(
        "Test Committee published the before and after on the public progress page")
    await expect(section.get_by_role("button", name="Take it off the page")).to_be_visible()
    await accessible(page, "progress-committee-published")
    await committee.goto("/progress")
    await expect(page.get_by_role("link", name=title)).to_be_visible()
    await accessible(page, "progress-committee-list")

    # Anyone reads it: no account, no cookie; English, then Spanish by the browser's language and by the switch.
    reader = await anonymous_reads(open_session, "en")
    page = reader.page
    assert await reader.context.cookies() == []
    await expect(page.locator("html")).to_have_attribute("lang", "en")
    assert title not in await page.content() and "Test Committee" not in await page.content()
    pair = page.locator("ul.pairs a").first
    await pair.click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Before and after")
    for img in await page.locator("figure img").all():  # both photos arrive (after the heading, not with it)
        await expect(img).to_have_js_property("complete", True)
        assert await img.evaluate("(el) => el.naturalWidth > 0")
    await check(page, "progress-public-pair")
    await fits(page, "progress-public-pair")
    await page.get_by_role("link", name="Español").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Antes y después")
    spanish = await anonymous_reads(open_session, "es", locale="es-MX", extra_http_headers={"Accept-Language": "es-MX"})
    await expect(spanish.page.get_by_role("heading", level=1)).to_have_text("Avances hacia espacios inclusivos")
    await expect(spanish.page.get_by_role("link", name="English")).to_be_visible()

    # Turned off while the reader has it open: the next load shows nothing.
    await admin.page.get_by_role("button", name="Turn the page off").click()
    await expect(admin.page.locator(".progress-switch__done")).to_have_text("The public progress page is off.")
    response = await reader.page.reload()
    assert response is not None and response.status == 404
    await expect(reader.page.get_by_role("heading", level=1)).to_have_text("No disponible")
    response = await spanish.page.goto("/progress")
    assert response is not None and response.status == 404
    assert title not in await spanish.page.content()
    await spanish.page.set_viewport_size(NARROW)
    await check(spanish.page, "progress-public-off")

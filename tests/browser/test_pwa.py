"""The app installs, and opens with no network once it has been opened online."""

from __future__ import annotations

import io

import httpx
import pytest
from PIL import Image
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import expect

from .helpers import PHONE, controlled, persistent, watch


async def test_chrome_finds_nothing_stopping_installation(playwright, server, tmp_path):
    context = await persistent(playwright, tmp_path / "profile", viewport=PHONE)
    try:
        page = context.pages[0] if context.pages else await context.new_page()
        watched = watch(page)
        await page.goto(f"{server.url}/")
        await controlled(page)
        cdp = await context.new_cdp_session(page)
        answer = await cdp.send("Page.getInstallabilityErrors")
        assert answer["installabilityErrors"] == []
        manifest = await cdp.send("Page.getAppManifest")
        assert manifest["errors"] == []
        assert watched.problems == []
    finally:
        await context.close()


def test_the_manifest_names_real_icons_of_the_sizes_it_claims(server):
    with httpx.Client(base_url=server.url) as client:
        manifest = client.get("/manifest.webmanifest").json()
        assert manifest["display"] == "standalone" and manifest["start_url"] == "/"
        assert manifest["name"] == "Spaces Audit" and manifest["short_name"] and manifest["theme_color"]
        purposes = set()
        for icon in manifest["icons"]:
            response = client.get(icon["src"])
            assert response.status_code == 200 and response.headers["content-type"] == "image/png"
            width, height = Image.open(io.BytesIO(response.content)).size
            assert f"{width}x{height}" == icon["sizes"]
            purposes.add(icon["purpose"])
    assert {"any", "maskable"} <= purposes
    assert {icon["sizes"] for icon in manifest["icons"]} >= {"192x192", "512x512"}


@pytest.mark.service_worker
async def test_the_shell_reloads_offline_from_the_service_worker(open_session):
    me = await open_session()
    await me.login("auditor@test.example")
    await me.goto("/")
    await controlled(me.page)
    await expect(me.page.get_by_role("heading", name="Buildings")).to_be_visible()

    await me.context.set_offline(True)
    response = await me.page.reload()
    assert response is not None and response.from_service_worker
    # The person is remembered on this device, and told they are offline.
    await expect(me.page.get_by_role("heading", level=1)).to_have_text("Hello, Test Auditor")
    await expect(me.page.locator(".banner--offline")).to_contain_text("You are offline")
    # Another route of the app opens too: every route is the same shell.
    await me.page.goto(f"{me.base}/#/spaces")
    await expect(me.page.get_by_role("heading", level=1)).to_have_text("Spaces")
    await me.context.set_offline(False)
    # The offline screens log "failed to fetch" for the API calls they could not make; that is expected here.
    me.watched.problems.clear()


async def test_without_the_service_worker_the_same_reload_fails(open_session):
    """The control for the test above: it is the service worker, not a cache of the browser's, that works."""
    me = await open_session(service_workers="block")
    await me.login("auditor@test.example")
    await me.goto("/")
    await me.context.set_offline(True)
    try:
        await me.page.reload()
        failed = False
    except PlaywrightError:
        failed = True
    assert failed
    await me.context.set_offline(False)
    me.watched.problems.clear()


def test_the_service_worker_precaches_every_shell_file(server):
    with httpx.Client(base_url=server.url) as client:
        source = client.get("/sw.js")
        assert source.headers["cache-control"] == "no-cache"
        assert source.headers["content-type"].startswith("text/javascript")
        text = source.text
        for path in ("/", "/index.html", "/css/app.css", "/js/app.js", "/js/messages/en/index.js",
                     "/manifest.webmanifest", "/icons/icon-192.png"):
            assert f'"{path}"' in text
        for path in text.split("const PRECACHE = ", 1)[1].split(";\n", 1)[0].strip("[]").split(", "):
            assert client.get(path.strip('"')).status_code == 200, path

"""The community report pages (/r/CODE and /follow) in real Chromium against a real server.

A phone in Spanish reports with a photo and a fresh browser follows the link to "recibido"; every state of both
pages passes axe at 390 and 320 px in English and Spanish and fits 320 px; nothing stays on the phone (no cookie,
no storage); the pages work with service workers blocked, and the app's worker neither serves nor caches them;
the first load is measured compressed, as the server sends it.

The module runs a server of its own with the daily report limits raised (every browser here is 127.0.0.1). Data
is set up through the API; only the pages under test are driven through the UI.
"""

from __future__ import annotations

import base64
import io
import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from PIL import Image
from playwright.async_api import BrowserContext, Page, expect
from playwright.async_api import Error as PlaywrightError

from .helpers import PASSWORD, PHONE, PHOTO, Server, accessible, controlled, fix_and_verify, ok, serving, watch

pytestmark = pytest.mark.service_worker  # every test here works offline or with the kept copy

CODE_GROUP = "[ACDEFHJKMNPRTUVWXY3479]{3}"
# The photo a page sends is a Blob, whose bytes Playwright does not report: the test keeps a reference to it.
KEEP_UPLOADS = """
window.sentPhotos = [];
const sendRequest = window.fetch;
window.fetch = (url, options = {}) => {
  if (options.method === 'PUT' && options.body instanceof Blob) window.sentPhotos.push(options.body);
  return sendRequest(url, options);
};
"""
READ_UPLOADS = """async () => {
  const bytes = new Uint8Array(await window.sentPhotos[0].arrayBuffer());
  let text = '';
  for (const byte of bytes) text += String.fromCharCode(byte);
  return [window.sentPhotos.length, btoa(text)];
}"""
LOCALES = {"en": "en-US", "es": "es-ES"}
WORDS = {
    "en": {"category": "A portrait or honorific display", "send": "Send report",
           "need_category": "Choose what you saw.", "need_content": "Describe what you saw or add a photo.",
           "email_invalid": "does not look right",
           "sent": "Thank you. Your report was sent.", "unknown": "We do not know this code",
           "retired": "This poster is out of date", "off": "Reports are not being taken here",
           "received": "Received. The committee will look at it soon.", "switch": "Español"},
    "es": {"category": "Un retrato o una exhibición en honor de alguien", "send": "Enviar reporte",
           "need_category": "Elija lo que vio.", "need_content": "Describa lo que vio o agregue una foto.",
           "email_invalid": "no parece correcta", "sent": "Gracias. Su reporte se envió.",
           "unknown": "No reconocemos este código", "retired": "Este cartel está desactualizado",
           "off": "Aquí no se están recibiendo reportes", "received": "Recibido. El comité lo revisará pronto.",
           "switch": "English"},
}


@pytest.fixture(scope="module")
def server(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """This module's own server (it overrides the session's), with the daily report limits raised."""
    with serving(seeded, tmp_path_factory.mktemp("community-pages") / "data",
                 SPACES_COMMUNITY_REPORTS_PER_CLIENT="1000", SPACES_COMMUNITY_MESSAGES_PER_CLIENT="1000") as srv:
        yield srv


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def api(server: Server) -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    """Logged-in API clients of the module's server, by role (they set up data; no test logs them out)."""
    clients = {}
    for role in ("admin", "committee", "facilities"):
        client = httpx.AsyncClient(base_url=server.url, timeout=30)
        ok(await client.post("/api/session", json={"email": f"{role}@test.example", "password": PASSWORD}))
        clients[role] = client
    clients["public"] = httpx.AsyncClient(base_url=server.url, timeout=30)
    yield clients
    for client in clients.values():
        await client.aclose()


@pytest.fixture
def phones(open_session: Any) -> Any:
    """Fresh browser contexts with service workers blocked: the pages must not need one."""

    async def make(viewport: dict[str, int] = PHONE, **options: Any) -> tuple[BrowserContext, Page]:
        me = await open_session(viewport, service_workers="block", **options)
        return me.context, me.page

    return make


@dataclass
class Place:
    space_id: str
    code: str  # as printed on the poster: K7P-3QX


async def new_place(admin: httpx.AsyncClient, *, reports: bool = True) -> Place:
    """A campus taking reports, with a building (taking them or not) and one space with a poster code."""
    tag = uuid.uuid4().hex[:6]
    campus = ok(await admin.post("/api/campuses", json={"name": f"Main Campus {tag}"}))
    ok(await admin.patch(f"/api/campuses/{campus['id']}", json={"community_reports": True}))
    building = ok(await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": f"FH{tag}",
                                                           "name": "Founders Hall"}))
    if not reports:
        ok(await admin.patch(f"/api/buildings/{building['id']}", json={"community_reports": False}))
    kind = ok(await admin.get("/api/space-kinds"))["items"][0]["id"]
    space = ok(await admin.post("/api/spaces", json={"building_id": building["id"], "floor": "2",
                                                     "room_number": "201", "name": "Founders Amphitheater",
                                                     "kind": kind}))
    return Place(space["id"], await new_code(admin, space["id"]))


async def new_code(admin: httpx.AsyncClient, space_id: str) -> str:
    """Give the space a new poster code (the old one, if any, is retired) and return it."""
    ok(await admin.post(f"/api/spaces/{space_id}/public-code", json={}))
    return ok(await admin.get(f"/api/spaces/{space_id}"))["public_code"]


async def sent_report(public: httpx.AsyncClient, place: Place, **fields: Any) -> dict[str, Any]:
    body = {"id": str(uuid.uuid4()), "code": place.code, "category": "portrait", "description":
            "A wall of portraits by the entrance: all of them white men.", "impact": "", "photo_ids": [],
            "email": "", "lang": "en", "website": "", **fields}
    return ok(await public.post("/api/public/reports", json=body), 201)


async def report_of(committee: httpx.AsyncClient, sent: dict[str, Any]) -> dict[str, Any]:
    found = ok(await committee.get("/api/community/reports", params={"status": "all", "limit": 200}))
    return next(r for r in found["items"] if r["tracking_code_display"] == sent["tracking_code_display"])


async def move(committee: httpx.AsyncClient, report: dict[str, Any], to: str, **body: Any) -> dict[str, Any]:
    return ok(await committee.post(f"/api/community/reports/{report['id']}/transitions", json={"to": to, **body}))


async def nothing_kept(context: BrowserContext, page: Page) -> None:
    """No cookie, and nothing in the page's storage: the phone keeps no trace of the report."""
    assert await context.cookies() == []
    assert await page.evaluate("localStorage.length + sessionStorage.length") == 0
    assert await page.evaluate("indexedDB.databases().then((found) => found.length)") == 0


async def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focus reaches the element (as a keyboard user would)."""
    for _ in range(12):
        await page.keyboard.press("Tab")
        if await page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


async def test_a_phone_in_spanish_reports_with_a_photo_and_its_link_shows_it_received(phones, api, server):
    place = await new_place(api["admin"])
    context, page = await phones(locale="es-ES")
    await context.grant_permissions(["clipboard-read", "clipboard-write"], origin=server.url)
    await page.add_init_script(KEEP_UPLOADS)
    await page.goto(f"/r/{place.code}")
    await expect(page.locator("html")).to_have_attribute("lang", "es")
    await expect(page.get_by_role("heading", level=1)).to_contain_text("Founders Amphitheater, piso 2")
    await expect(page.get_by_text("Sala 201 · Founders Hall")).to_be_visible()
    await page.get_by_label(WORDS["es"]["category"]).check()
    await page.locator("#photo-camera").set_input_files(PHOTO)
    await expect(page.get_by_role("img", name="Foto 1 que eligió")).to_be_visible()
    await page.get_by_label("¿Qué es?").fill("Un retrato grande junto a la puerta.")
    await page.get_by_label("¿Cómo le afectó?").fill("Me sentí fuera de lugar.")
    await page.get_by_role("button", name="Enviar reporte").click()

    heading = page.get_by_role("heading", level=1)
    await expect(heading).to_have_text(WORDS["es"]["sent"])
    await expect(heading).to_be_focused()
    tracking = (await page.locator(".tracking").text_content() or "").strip()
    assert re.fullmatch(f"{CODE_GROUP}-{CODE_GROUP}-{CODE_GROUP}", tracking), tracking
    link = await page.locator("#follow-link").get_attribute("href") or ""
    assert re.fullmatch(rf"{re.escape(server.url)}/follow\?lang=es#{tracking.replace('-', '')}\.[a-z2-7]{{26}}",
                        link), link
    await page.get_by_role("button", name="Copiar el enlace").click()
    await expect(page.get_by_text("Se copió el enlace.")).to_be_visible()
    assert await page.evaluate("navigator.clipboard.readText()") == link
    # Shrunk on the phone before it left: a JPEG of at most 2048 px, with no EXIF (so no location) at all.
    count, upload = await page.evaluate(READ_UPLOADS)
    assert count == 1
    image = Image.open(io.BytesIO(base64.b64decode(upload)))
    assert image.format == "JPEG" and max(image.size) == 2048 and not image.getexif()
    received = await report_of(api["committee"], {"tracking_code_display": tracking})
    assert received["status"] == "received" and len(received["photos"]) == 1
    assert received["description"] == "Un retrato grande junto a la puerta."
    await nothing_kept(context, page)

    # The link, opened later in another browser (here in English), shows the report in Spanish.
    later, follow = await phones()
    await follow.goto(link)
    await expect(follow.locator(".status__now")).to_have_text(WORDS["es"]["received"])
    await expect(follow.get_by_role("heading", level=1)).to_have_text(f"Reporte {tracking}")
    assert re.search("recibido", await follow.locator(".status").inner_text(), re.IGNORECASE)
    await nothing_kept(later, follow)


@pytest.mark.parametrize("lang", ["en", "es"])
async def test_every_state_of_the_report_page_is_accessible_by_keyboard_and_fits(lang, phones, api):
    words = WORDS[lang]
    place, closed = await new_place(api["admin"]), await new_place(api["admin"], reports=False)
    renewed = await new_place(api["admin"])
    old_code = renewed.code
    await new_code(api["admin"], renewed.space_id)
    context, page = await phones(locale=LOCALES[lang])
    await page.goto(f"/r/{place.code}")
    await expect(page.locator("form")).to_be_visible()
    await accessible(page, f"community-report-form-{lang}")

    # Sent empty: the question is marked and takes the focus; from there on the keyboard does everything.
    await page.get_by_role("button", name=words["send"]).click()
    await expect(page.locator("#category-error")).to_have_text(words["need_category"])
    await expect(page.get_by_label(words["category"])).to_be_focused()
    await accessible(page, f"community-report-no-category-{lang}")
    await page.keyboard.press("Space")
    await expect(page.get_by_label(words["category"])).to_be_checked()
    await tab_to(page, "button[type=submit]")
    await page.keyboard.press("Enter")
    await expect(page.locator("#description-error")).to_have_text(words["need_content"])
    await expect(page.locator("#description")).to_be_focused()
    await accessible(page, f"community-report-empty-{lang}")
    await page.keyboard.type("A portrait of the founder, with a caption praising him.")
    await tab_to(page, "#email")
    await page.keyboard.type("not-an-email")
    await page.keyboard.press("Enter")
    # The server's refusal, in the page's language, at the field it names.
    await expect(page.locator("#email-error")).to_contain_text(words["email_invalid"])
    await expect(page.locator("#email")).to_be_focused()
    await expect(page.locator("#email")).to_have_attribute("aria-invalid", "true")
    await accessible(page, f"community-report-invalid-{lang}")
    await page.keyboard.press("Control+A")
    await page.keyboard.press("Delete")
    await page.keyboard.press("Enter")
    await expect(page.get_by_role("heading", level=1)).to_have_text(words["sent"])
    await expect(page.get_by_role("heading", level=1)).to_be_focused()
    await accessible(page, f"community-report-sent-{lang}")
    # Switching language keeps the tracking link, which cannot be shown again.
    link = await page.locator("#follow-link").text_content()
    await page.get_by_role("link", name=words["switch"]).click()
    await expect(page.locator(".tracking")).to_be_visible()
    assert (await page.locator("#follow-link").text_content() or "").split("#")[1] == (link or "").split("#")[1]
    await nothing_kept(context, page)

    for path, title in ((f"/r/{old_code}", "retired"), ("/r/AAAAAA", "unknown"), (f"/r/{closed.code}", "off")):
        await page.goto(f"{path}?lang={lang}")
        await expect(page.get_by_role("heading", name=words[title])).to_be_visible()
        await accessible(page, f"community-report-{title}-{lang}")
        if title == "unknown":  # the code typed by hand from the poster, as people type it
            await page.locator("#code").fill(place.code.lower())
            await page.keyboard.press("Enter")
            await expect(page.get_by_role("button", name=words["send"])).to_be_visible()
    await page.get_by_role("link", name=words["switch"]).click()
    await expect(page.locator("html")).to_have_attribute("lang", "es" if lang == "en" else "en")
    assert f"lang={'es' if lang == 'en' else 'en'}" in page.url


async def test_the_follow_page_is_accessible_in_every_status_and_both_languages(phones, api):
    place, committee = await new_place(api["admin"]), api["committee"]
    sent = {name: await sent_report(api["public"], place) for name in
            ("received", "under_review", "finding", "joined", "declined", "closed", "verified")}
    reports = {name: await report_of(committee, answer) for name, answer in sent.items()}
    for name in ("under_review", "finding", "joined", "declined", "verified"):
        await move(committee, reports[name], "under_review")
    finding = {"title": "Founders wall: portraits of white men only", "severity": "high", "remedies": ["add_context"]}
    made = await move(committee, reports["finding"], "finding", **finding)
    await move(committee, reports["joined"], "joined", finding_id=made["finding"]["id"])
    await move(committee, reports["declined"], "declined", note="This portrait was moved to the archive in May.")
    await move(committee, reports["closed"], "spam")
    fixed = await move(committee, reports["verified"], "finding", **finding)
    await fix_and_verify(committee, api["facilities"], fixed["finding"]["id"], "Test Facilities")

    context, page = await phones()
    await page.goto("/follow")
    await expect(page.get_by_role("heading", name="Follow your report")).to_be_visible()
    await accessible(page, "community-follow-ask-en")
    await page.get_by_label("Tracking code").fill(sent["received"]["tracking_code_display"])
    await page.get_by_label("Private link or key").fill("abcdefghijklmnopqrstuvwxyz")
    await page.get_by_role("button", name="Show my report").click()
    await expect(page.locator(".form__error")).to_contain_text("No report matches")
    await accessible(page, "community-follow-not-found-en")
    # The key pasted as the whole link works too.
    await page.get_by_label("Private link or key").fill(f"https://audit.example.edu{sent['received']['follow_url']}")
    await page.get_by_role("button", name="Show my report").click()
    await expect(page.locator(".status__now")).to_have_text(WORDS["en"]["received"])

    expected = {
        "received": ("Received. The committee will look at it soon.", "Recibido. El comité lo revisará pronto."),
        "under_review": ("The committee is reviewing it.", "El comité lo está revisando."),
        "finding": ("Accepted as something to fix.", "Aceptado como algo que hay que corregir."),
        "joined": ("Added to a problem already being handled.", "Agregado a un problema que ya se está tratando."),
        "declined": ("The committee declined it.", "El comité no lo aceptó."),
        "closed": ("This report is closed.", "Este reporte está cerrado."),
        "verified": ("Verified fixed on", "Corrección verificada el"),
    }
    for name, (english, spanish) in expected.items():
        await page.goto(f"/follow?lang=en#{sent[name]['follow_url'].split('#')[1]}")
        await expect(page.locator(".status__now")).to_contain_text(english)
        await accessible(page, f"community-follow-{name}-en")
        await page.get_by_role("link", name="Español").click()
        await expect(page.locator(".status__now")).to_contain_text(spanish)
        await accessible(page, f"community-follow-{name}-es")
        closed = name in ("declined", "closed", "verified")
        await expect(page.locator("textarea")).to_have_count(0 if closed else 1)
    await expect(page.locator(".steps li").last).to_contain_text("Corrección verificada")
    await nothing_kept(context, page)


async def test_the_reporter_answers_the_committee_and_chooses_email_updates(phones, api):
    place, committee = await new_place(api["admin"]), api["committee"]
    sent = await sent_report(api["public"], place)
    report = await report_of(committee, sent)
    ok(await committee.post(f"/api/community/reports/{report['id']}/messages",
                            json={"id": str(uuid.uuid4()), "text": "Is it the large portrait left of the stage?"}), 201)
    context, page = await phones()
    await page.goto(sent["follow_url"])
    await expect(page.locator(".message--committee")).to_contain_text("left of the stage")
    await page.get_by_label("Add more detail or answer the committee").fill("Yes, the one by the door.")
    await page.get_by_role("button", name="Send", exact=True).click()
    await expect(page.locator("#messages-notice")).to_be_focused()
    await expect(page.locator(".message--reporter")).to_contain_text("Yes, the one by the door.")
    await expect(page.get_by_label("Add more detail or answer the committee")).to_have_value("")

    await page.get_by_label("Email address", exact=True).fill("reader@example.org")
    await page.get_by_role("button", name="Save the address").click()
    await expect(page.locator("#email-notice")).to_have_text("Your address was saved.")
    await expect(page.get_by_text("An email address is on file")).to_be_visible()
    await accessible(page, "community-follow-conversation-en")
    await page.get_by_role("button", name="Stop emails and delete my address").click()
    await expect(page.locator("#email-notice")).to_have_text("Your address was deleted.")
    await expect(page.get_by_text("Leave an email address if you would like")).to_be_visible()

    await move(committee, report, "declined", note="It was already moved to the archive.")
    await page.reload()
    await expect(page.get_by_text("This report is closed, so nothing more can be added to it.")).to_be_visible()
    await expect(page.get_by_text("It was already moved to the archive.")).to_be_visible()
    await expect(page.get_by_role("button", name="Save the address")).to_have_count(0)
    await nothing_kept(context, page)


async def test_the_pages_are_small_private_documents_with_nothing_from_elsewhere(phones, api, server):
    place = await new_place(api["admin"])
    for path in (f"/r/{place.code}", "/follow"):
        answer = httpx.get(f"{server.url}{path}", headers={"Accept-Encoding": "gzip"})
        assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in answer.headers["content-security-policy"]
        assert answer.headers["cache-control"] == "no-cache" and answer.headers["referrer-policy"] == "no-referrer"
        assert answer.headers["content-encoding"] == "gzip" and "set-cookie" not in answer.headers

    for path in (f"/r/{place.code}", "/follow"):
        _, page = await phones()
        size = await first_load(page, path, server.url)
        print(f"public_page_kb {path.split('/')[1]}: {size / 1024:.1f}")
        assert size < 30 * 1024, f"{path}: the first load is {size} bytes compressed"


async def first_load(page: Page, path: str, origin: str) -> int:
    """Open the page and return the bytes of what it loaded (HTML, CSS, JS), gzipped as the server sends them;
    everything comes from the server itself, and no request tells it where the page was opened from."""
    loaded: list[str] = []
    referers: list[str] = []

    async def seen(request: Any) -> None:
        loaded.append(request.url)
        if await request.header_value("referer"):
            referers.append(request.url)

    page.on("request", seen)
    await page.goto(path)
    await expect(page.locator("form")).to_be_visible()
    await page.wait_for_load_state("networkidle")
    assert all(url.startswith(origin) for url in loaded), loaded
    assert referers == []
    size = 0
    with httpx.Client(headers={"Accept-Encoding": "gzip"}) as client:
        for url in {u.split("#")[0] for u in loaded if "/api/" not in u}:
            with client.stream("GET", url) as answer:
                assert answer.headers.get("content-encoding") == "gzip", url
                size += sum(len(chunk) for chunk in answer.iter_raw())
    return size


async def test_the_app_service_worker_neither_serves_nor_keeps_the_pages(browser, api, server):
    place = await new_place(api["admin"])
    context = await browser.new_context(viewport=PHONE, base_url=server.url)
    try:
        page = await context.new_page()
        watched = watch(page)
        await page.goto("/")
        await controlled(page)
        served: list[bool] = []
        page.on("response", lambda response: served.append(response.from_service_worker))
        answer = await page.goto(f"/r/{place.code}")
        assert answer is not None and not answer.from_service_worker
        await expect(page.locator("form")).to_be_visible()
        assert served and not any(served)
        cached = await page.evaluate("""async () => {
            const paths = [];
            for (const name of await caches.keys()) {
              for (const request of await (await caches.open(name)).keys()) paths.push(new URL(request.url).pathname);
            }
            return paths;
        }""")
        assert cached and not [p for p in cached if re.match(r"/(r/|follow|report/)", p)], cached
        # Offline, the worker does not step in: the page is simply not there.
        await context.set_offline(True)
        with pytest.raises(PlaywrightError):
            await page.goto(f"/r/{place.code}")
        await context.set_offline(False)
        assert [p for p in watched.problems if "ERR_INTERNET_DISCONNECTED" not in p] == []
    finally:
        await context.close()

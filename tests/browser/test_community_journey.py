"""The community report journey end to end, in real Chromium against a real server (issue 12).

An administrator prints a building's posters; each page's QR code, read back from the rendered page, leads to
that page's space. A phone in Spanish scans the first one and reports with a real phone photo; the committee
turns the report into a finding on its screens; facilities fix it with an after-photo; the committee verifies;
the reporter's private link, opened in a fresh browser, then says "verified fixed" in Spanish, with the day.
Every new screen met on the way passes axe at 390 and 320 px and fits 320 px.

Data is set up through the API; the moves after the finding is made go through the API too (their screens are
tested in test_remediation.py). Needs Debian's poppler-utils (pdftoppm, pdftotext) and zbar-tools (zbarimg).
"""

from __future__ import annotations

import shutil
import subprocess
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from playwright.async_api import expect

from .helpers import LAPTOP, PASSWORD, PHONE, PHOTO, Server, accessible, fix_and_verify, ok, serving

# Real work happens behind these waits (a 12 MP photo shrunk in the page, then decoded and re-encoded on the
# server): on a busy two-core machine it takes longer than expect()'s default 5 s.
SLOW_MS = 30_000
SPACES = (("Founders Amphitheater", "2", "201"), ("Alumni Corridor", "1", "110"), ("Reading Room", "3", "305"))
MONTHS_ES = ("enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
             "noviembre", "diciembre")
# The steps the follow-up page lists, in Spanish (web/report/messages.js, follow.steps).
STEPS_ES = ["Recibido", "En revisión", "Aceptado como algo que hay que corregir", "Aceptado: se planificará el trabajo",
            "Se está corrigiendo", "Corregido, pendiente de verificación", "Corrección verificada"]


def run(*args: str) -> str:
    tool = shutil.which(args[0])
    if tool is None:
        pytest.fail(f"{args[0]} is missing: install Debian's poppler-utils and zbar-tools (scripts/test does)")
    done = subprocess.run([tool, *args[1:]], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, f"{args}: {done.stderr}"
    return done.stdout


def spanish_day(day: date) -> str:
    """A day as the page's Intl.DateTimeFormat('es', {dateStyle: 'long'}) writes it: "5 de marzo de 2025"."""
    return f"{day.day} de {MONTHS_ES[day.month - 1]} de {day.year}"


@dataclass
class People:
    admin: httpx.AsyncClient
    committee: httpx.AsyncClient
    facilities: httpx.AsyncClient
    committee_email: str
    facilities_name: str


@pytest.fixture(scope="module")
def server(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """A server of this module's own (it overrides the session's): the journey adds a campus, a building and
    spaces, which the other modules' counts of the demo registry must not see."""
    with serving(seeded, tmp_path_factory.mktemp("community-journey") / "data") as srv:
        yield srv


@pytest_asyncio.fixture(loop_scope="session")
async def people(server: Server) -> AsyncIterator[People]:
    """A committee member and a facilities person of this test's own, and API clients logged in as them."""
    tag = uuid.uuid4().hex[:6]
    committee_email = server.make_user("committee", name=f"Journey Committee {tag}")
    facilities_name = f"Journey Facilities {tag}"
    facilities_email = server.make_user("facilities", name=facilities_name)
    clients = []
    for email in ("admin@test.example", committee_email, facilities_email):
        client = httpx.AsyncClient(base_url=server.url, timeout=60)
        ok(await client.post("/api/session", json={"email": email, "password": PASSWORD}))
        clients.append(client)
    yield People(*clients, committee_email=committee_email, facilities_name=facilities_name)
    for client in clients:
        await client.aclose()


async def new_building(admin: httpx.AsyncClient) -> str:
    """A campus not taking reports, with a building that does and three spaces; returns the building's id."""
    tag = uuid.uuid4().hex[:6]
    campus = ok(await admin.post("/api/campuses", json={"name": f"Journey Campus {tag}"}), 201)
    building = ok(await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": f"J{tag}",
                                                           "name": "Journey Hall"}), 201)
    saved = ok(await admin.patch(f"/api/buildings/{building['id']}", json={"community_reports": True}))
    assert saved["community_reports_effective"] is True
    kind = ok(await admin.get("/api/space-kinds"))["items"][0]["id"]
    for name, floor, room in SPACES:
        ok(await admin.post("/api/spaces", json={"building_id": building["id"], "name": name, "floor": floor,
                                                 "room_number": room, "kind": kind}), 201)
    return building["id"]


async def posters_lead_to_their_spaces(people: People, server: Server, building_id: str,
                                       folder: Path) -> list[tuple[str, dict[str, Any]]]:
    """The building's posters, rendered and scanned: one page per space, each QR code the address of the space
    named on that page. Returns (decoded address, space) in page order."""
    pdf = await people.admin.get(f"/api/buildings/{building_id}/posters.pdf")
    assert pdf.status_code == 200 and pdf.headers["content-type"] == "application/pdf", pdf.text
    (folder / "posters.pdf").write_bytes(pdf.content)
    # Printing the posters gave every space its code; the spaces' JSON shows it, as "K7P-3QX".
    spaces = ok(await people.admin.get("/api/spaces", params={"building_id": building_id}))["items"]
    by_name = {s["name"]: s for s in spaces}
    codes = {s["name"]: s["public_code"].replace("-", "") for s in spaces}
    assert len(codes) == len(SPACES) and all(len(code) == 6 for code in codes.values()), codes

    run("pdftoppm", "-r", "150", "-png", str(folder / "posters.pdf"), str(folder / "page"))
    pages = sorted(folder.glob("page-*.png"))
    assert len(pages) == len(SPACES)
    found = []
    for number, image in enumerate(pages, start=1):
        decoded = run("zbarimg", "--raw", "-q", str(image)).split()
        assert len(decoded) == 1, f"page {number}: {decoded}"
        text = run("pdftotext", "-f", str(number), "-l", str(number), str(folder / "posters.pdf"), "-")
        on_page = [name for name in codes if name in text]
        assert len(on_page) == 1, f"page {number} names {on_page}"
        url = f"{server.url}/r/{codes[on_page[0]]}"
        assert decoded[0] == url, f"page {number} ({on_page[0]}): {decoded[0]}"
        assert url.split("://", 1)[1] in text  # the short address to type by hand
        found.append((url, by_name[on_page[0]]))
    assert sorted(s["name"] for _, s in found) == sorted(codes)
    return found


async def test_a_poster_leads_a_spanish_report_from_a_phone_to_verified_fixed(open_session, people, server,
                                                                               tmp_path):
    building_id = await new_building(people.admin)
    url, space = (await posters_lead_to_their_spaces(people, server, building_id, tmp_path))[0]

    # The phone, in Spanish, scans the first poster.
    phone = await open_session(PHONE, locale="es-ES")
    page = phone.page
    await page.goto(url)
    await expect(page.locator("html")).to_have_attribute("lang", "es")
    await expect(page.get_by_role("heading", level=1)).to_contain_text(f"{space['name']}, piso {space['floor']}")
    await expect(page.get_by_role("button", name="Enviar reporte")).to_be_visible()
    await accessible(page, "journey-report-form")
    await page.get_by_label("Un retrato o una exhibición en honor de alguien").check()
    await page.locator("#photo-gallery").set_input_files(PHOTO)
    await expect(page.get_by_role("img", name="Foto 1 que eligió")).to_be_visible(timeout=SLOW_MS)
    description = f"Una pared de retratos de decanos, todos hombres blancos ({uuid.uuid4().hex[:4]})."
    await page.get_by_label("¿Qué es?").fill(description)
    await page.get_by_label("¿Cómo le afectó?").fill("Paso por aquí cada mañana y siento que no pertenezco.")
    await page.get_by_role("button", name="Enviar reporte").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Gracias. Su reporte se envió.", timeout=SLOW_MS)
    tracking = (await page.locator(".tracking").inner_text()).strip()
    link = await page.locator("#follow-link").get_attribute("href") or ""
    assert link.startswith(f"{server.url}/follow?lang=es#{tracking.replace('-', '')}."), link
    await accessible(page, "journey-report-sent")
    assert await phone.context.cookies() == []

    # The committee, on a laptop, finds the report and turns it into a finding on its screens.
    desk = await open_session(LAPTOP)
    await desk.login(people.committee_email)
    screen = desk.page
    await desk.goto("/community")
    card = screen.locator(".report-card", has_text=tracking)
    await expect(card).to_contain_text(space["name"])
    await expect(card).to_contain_text(description)
    await accessible(screen, "journey-community-list")
    await card.click()
    await expect(screen.get_by_role("heading", level=1)).to_have_text(f"Report {tracking}")
    photo = screen.get_by_role("link", name="Photo 1 of 1 sent by the reporter").locator("img")
    await expect(photo).to_have_js_property("complete", True)
    assert await photo.evaluate("img => img.naturalWidth") > 0
    await accessible(screen, "journey-community-report")
    await screen.get_by_role("button", name="Turn into a finding").click()
    title = screen.get_by_label("Title of the finding")
    await expect(title).to_have_value(f"Portrait or honorific display in {space['name']} (room {space['room_number']})")
    await accessible(screen, "journey-community-finding-form")
    finding_title = f"Portrait wall of past deans {uuid.uuid4().hex[:4]}"
    await title.fill(finding_title)
    await screen.get_by_role("group", name="Severity").get_by_label("High").check()
    await screen.get_by_label("Add context or interpretive text").check()
    await screen.get_by_role("button", name="Create the finding").click()
    await expect(screen.locator(".outcome")).to_contain_text("Finding created")
    await accessible(screen, "journey-community-report-finding")
    await screen.locator(".outcome").get_by_role("link", name=f"Open the finding “{finding_title}”").click()
    await expect(screen.get_by_role("heading", level=1)).to_have_text(finding_title)
    await expect(screen.locator(".finding-origin")).to_have_text(f"From a community report {tracking}")
    await accessible(screen, "journey-community-finding")
    finding_id = screen.url.rsplit("/", 1)[1]
    finding = ok(await people.committee.get(f"/api/findings/{finding_id}"))
    assert finding["source"] == "community" and finding["status"] == "open" and finding["audit"] is None
    assert finding["space"]["id"] == space["id"] and finding["section_id"] == "portrait"
    assert finding["community_report"]["tracking_code_display"] == tracking
    assert len(finding["photos"]["evidence"]) == 1  # the reporter's photo, carried over

    # Facilities fix it, and the committee verifies.
    before = datetime.now(UTC).date()  # the verification's date falls between these two days
    await fix_and_verify(people.committee, people.facilities, finding_id, people.facilities_name)
    after = datetime.now(UTC).date()

    # The reporter's link, in a browser of its own (English, nothing shared with the first), in Spanish.
    later = await open_session(PHONE)
    follow = later.page
    await follow.goto(link)
    now = follow.locator(".status__now")
    await expect(now).to_contain_text("Corrección verificada el ")
    shown = (await now.inner_text()).strip()
    assert shown in {f"Corrección verificada el {spanish_day(day)}." for day in (before, after)}, shown
    await expect(follow.get_by_role("heading", level=1)).to_have_text(f"Reporte {tracking}")
    assert [s.strip() for s in await follow.locator(".steps .step__name").all_inner_texts()] == STEPS_ES
    await expect(follow.locator("textarea")).to_have_count(0)  # verified: the report is closed
    await accessible(follow, "journey-follow-verified")
    assert await later.context.cookies() == []
    assert await follow.evaluate("localStorage.length + sessionStorage.length") == 0

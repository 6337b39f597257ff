"""The app in Spanish, and in a pseudo-language 40% longer than English.

- Choosing: the switch on the login screen and in the header, the profile keeping the choice (and the
  browser's language as the default), `lang` on the page and on each language's own name.
- Every screen of every role in Spanish has no axe-core violations at phone and laptop sizes and fits 320 px.
- Every screen in the pseudo-language (`?lang=qps`: accented and lengthened) fits 320 px with nothing cut off,
  so a screen that only fits English words is found before a translation is.
"""

from __future__ import annotations

import uuid

import pytest
from playwright.async_api import Page, expect

from .helpers import LAPTOP, NARROW, PASSWORD, PHONE, check, fits, plan, put_finding


async def test_a_person_chooses_spanish_on_the_login_screen_and_keeps_it(open_session):
    me = await open_session()
    page = me.page
    await me.goto("/login")
    await expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    switch = page.get_by_role("group", name="Language")
    await expect(switch.get_by_role("button", name="Español")).to_have_attribute("lang", "es")
    await switch.get_by_role("button", name="Español").click()
    await expect(page.get_by_role("heading", level=1)).to_have_text("Iniciar sesión")
    assert await page.evaluate("document.documentElement.lang") == "es"

    await page.get_by_label("Correo electrónico").fill("auditor@test.example")
    await page.get_by_label("Contraseña").fill(PASSWORD)
    # Chosen before logging in: the profile takes it once the person is known.
    async with page.expect_response(_saves_language) as saved:
        await page.get_by_role("button", name="Iniciar sesión").click()
    assert (await (await saved.value).json())["lang"] == "es"
    # Home is drawn (drawing a screen after a login moves focus to its heading, which closes an open menu).
    await expect(page.get_by_role("heading", level=1)).to_have_text("Hola, Test Auditor")
    # On a phone the navigation and the language switch are behind the menu button.
    await page.get_by_role("button", name="Menú").click()
    await expect(page.get_by_role("navigation", name="Principal")).to_be_visible()

    # A reload (and any other device of this person) opens in Spanish: the profile says so.
    await page.reload()
    await page.get_by_role("button", name="Menú").click()
    await expect(page.get_by_role("navigation", name="Principal")).to_be_visible()
    async with page.expect_response(_saves_language) as saved:
        await page.get_by_role("group", name="Idioma").get_by_role("button", name="English").click()
    assert (await (await saved.value).json())["lang"] == "en"
    await page.get_by_role("button", name="Menu").click()
    await expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    assert await page.evaluate("document.documentElement.lang") == "en"


def _saves_language(response) -> bool:
    return response.url.endswith("/api/me") and response.request.method == "PATCH"


async def test_the_browsers_language_is_the_default_and_becomes_the_profiles(open_session, server):
    email = server.make_user("committee", name="Persona Hispanohablante")
    me = await open_session(locale="es-MX")
    await me.login(email)
    # No language chosen yet: the browser's becomes the profile's.
    async with me.page.expect_response(_saves_language) as saved:
        await me.goto("/")
    assert (await (await saved.value).json())["lang"] == "es"
    await expect(me.page.get_by_role("heading", level=1)).to_contain_text("Persona Hispanohablante")
    await me.page.get_by_role("button", name="Menú").click()  # the navigation, on a phone
    await expect(me.page.get_by_role("link", name="Inicio")).to_be_visible()


async def _screens(me) -> list[tuple[str, str, str]]:
    """(name, who, route) of every screen a role reaches, with data to show: an audit with a finding."""
    request = me.context.request
    audit_id, spaces = await plan(request, f"Recorrido {uuid.uuid4().hex[:4]}", ["101"])
    finding_id = await put_finding(request, audit_id, spaces[0]["id"], "Retratos sin contexto")
    buildings = await (await request.get("/api/buildings?q=ALD")).json()
    building = next(b["id"] for b in buildings["items"] if b["code"] == "ALD")
    return [
        ("login", "", "/login"),
        ("home-auditor", "auditor", "/"),
        ("audits", "auditor", "/audits"),
        ("audit", "auditor", f"/audits/{audit_id}"),
        ("walk", "auditor", f"/audits/{audit_id}/spaces/{spaces[0]['id']}"),
        ("audit-report", "auditor", f"/audits/{audit_id}/report"),
        ("sync", "auditor", "/sync"),
        ("home-committee", "committee", "/"),
        ("findings", "committee", "/findings"),
        ("finding", "committee", f"/findings/{finding_id}"),
        ("inbox", "committee", "/inbox"),
        ("community", "committee", "/community"),
        ("dashboard", "committee", "/dashboard"),
        ("inventory", "committee", "/inventory"),
        ("home-facilities", "facilities", "/"),
        ("my-items", "facilities", "/my-items"),
        ("home-admin", "admin", "/"),
        ("users", "admin", "/users"),
        ("spaces", "admin", "/spaces"),
        ("building", "committee", f"/spaces?building={building}"),  # its coverage grid and lists
        ("import", "admin", "/import"),
    ]


async def _open(page: Page, base: str, lang: str, route: str) -> None:
    await page.goto(f"{base}/?lang={lang}#{route}")
    await page.locator(f'main[data-path="{route.split("?")[0]}"] h1').first.wait_for()
    await page.wait_for_load_state("networkidle")


# Text that a box clips (overflow hidden, no ellipsis), leaving out what is hidden on purpose for screen readers
# only (a 1 px box, like .visually-hidden and a table's header shown as labels on a phone).
CUT_OFF = """() => {
  const forReadersOnly = (el) => Boolean(el)
    && (el.getBoundingClientRect().width <= 1 || forReadersOnly(el.parentElement));
  return [...document.querySelectorAll('body *')].filter((el) => {
    const style = getComputedStyle(el);
    const clips = ['hidden', 'clip'].includes(style.overflowX) && style.textOverflow !== 'ellipsis';
    return clips && el.scrollWidth > el.clientWidth + 1 && !forReadersOnly(el);
  }).map((el) => el.outerHTML.slice(0, 120));
}"""


@pytest.mark.parametrize("lang", ["es", "qps"])
async def test_every_screen_reads_well_in_a_longer_language(open_session, lang):
    auditor = await open_session()
    await auditor.login("auditor@test.example")
    screens = await _screens(auditor)
    people = {"auditor": auditor}
    for who in ("committee", "facilities", "admin"):
        people[who] = await open_session()
        await people[who].login(f"{who}@test.example")
    people[""] = await open_session()
    for name, who, route in screens:
        person = people[who]
        # Spanish: axe at phone and laptop sizes, then 320 px; the pseudo-language: 320 px only (axe has
        # nothing to say about made-up words, but a screen that overflows with them will with Spanish).
        sizes = (PHONE, LAPTOP, NARROW) if lang == "es" else (NARROW,)
        for viewport in sizes:
            await person.page.set_viewport_size(viewport)
            await _open(person.page, person.base, lang, route)
            assert await person.page.evaluate("document.documentElement.lang") == ("es" if lang == "es" else "en")
            if viewport == NARROW:
                await fits(person.page, f"{lang}-{name}")
                assert await person.page.evaluate(CUT_OFF) == [], f"{lang}-{name}: text cut off"
            else:
                await check(person.page, f"{lang}-{name}")

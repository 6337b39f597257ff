"""What the browser tests share: real servers, people in browser contexts, the accessibility and 320 px checks,
and the few API calls that set up data a test is not about (an audit to walk, a finding to work on).

A server's data folder starts as a copy of one seeded folder (migrated, the demo registry, one account per role
with PASSWORD), made once per test session: copying a file is much cheaper than running the CLI six times.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import httpx
from axe_playwright_python.async_playwright import Axe
from axe_playwright_python.base import AxeResults
from conftest import with_migrated_database
from playwright.async_api import APIRequestContext, BrowserContext, Locator, Page, Playwright, expect
from testdata import PHOTOS

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PASSWORD = "correct horse battery staple"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
NARROW = {"width": 320, "height": 640}
SIZES = (PHONE, LAPTOP, NARROW)  # every screen is checked at each of these
ROLES = ("admin", "auditor", "facilities", "committee")
PHOTO = PHOTOS / "IMG_20180725_163423.jpg"  # an ordinary 12 MP phone JPEG (Google Pixel), GPS in its EXIF
AFTER_PHOTO = PHOTOS / "Landscape_1.jpg"  # a camera photo, 1800x1200
SMALL_PHOTO = PHOTOS / "Landscape_6.jpg"  # 1800x1200, a tenth of PHOTO's bytes: quicker where photos are setup
CHECKLIST = "portraits-honorifics"
CHECKLISTS = Path(__file__).parents[2] / "checklists"  # the checklist files, as the server reads them
AXE = Axe()

# The CLI's own commands, run in one process (each `spaces-audit` run costs a Python start and a migration check).
_SEED = """
import json, sys
from server.cli import main
for args in json.loads(sys.argv[1]):
    if main(args) != 0:
        sys.exit(f"spaces-audit {args[0]} failed")
"""


def seed(folder: Path, template: Path, *, demo: bool = True) -> Path:
    """A data folder with the demo registry (unless not `demo`: a new installation, no buildings yet) and one
    account per role (`{role}@test.example`, PASSWORD), its database a copy of the migrated `template`."""
    with_migrated_database(folder, template)
    commands = [["migrate"], *([["demo"]] if demo else [])] + [
        ["create-user", f"{role}@test.example", "--role", role, "--name", f"Test {role.capitalize()}",
         "--password-stdin"] for role in ROLES]
    done = subprocess.run([sys.executable, "-c", _SEED, json.dumps(commands)], input=f"{PASSWORD}\n" * len(ROLES),
                          env=_data_env(folder), text=True, capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return folder


def _data_env(data: Path) -> dict[str, str]:
    env = {**os.environ, "SPACES_DATA_DIR": str(data), "SPACES_UPLOADS_DIR": str(data / "uploads")}
    env.pop("DATABASE_URL", None)
    return env


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass
class Server:
    """`spaces-audit serve` on a data folder of its own: started, killed (SIGKILL) and started again."""

    url: str
    env: dict[str, str]
    data: Path
    proc: subprocess.Popen[bytes] | None = None
    _admin: httpx.Client | None = None

    def start(self) -> None:
        port = self.url.rsplit(":", 1)[1]
        with open(self.data / "server.log", "a") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1",
                                          "--port", port], env=self.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + (self.data / "server.log").read_text())
            time.sleep(0.1)

    def kill(self) -> None:
        """As a crash or a pulled plug: no shutdown, requests in flight are cut."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self._admin:
            self._admin.close()
            self._admin = None
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)

    def make_user(self, *roles: str, name: str | None = None) -> str:
        """A new account with PASSWORD, made as an administrator makes one (an invitation, then its link
        used); returns its email."""
        if self._admin is None:
            self._admin = httpx.Client(base_url=self.url, timeout=30)
            ok(self._admin.post("/api/session", json={"email": "admin@test.example", "password": PASSWORD}))
        email = f"{roles[0]}-{uuid.uuid4().hex[:8]}@test.example"
        made = ok(self._admin.post("/api/users", json={"email": email, "name": name or f"Test {roles[0].capitalize()}",
                                                       "roles": list(roles)}))
        token = made["invitation"]["url"].rsplit("/", 1)[1]
        ok(httpx.post(f"{self.url}/api/invitations/{token}", json={"password": PASSWORD}, timeout=30))
        return email


@contextmanager
def serving(seeded: Path, data: Path, **env: str) -> Iterator[Server]:
    """A real server on a copy of the seeded data folder (settings in env), stopped when the block ends."""
    shutil.copytree(seeded, data)
    port = _free_port()
    srv = Server(url=f"http://127.0.0.1:{port}", data=data, env={
        **_data_env(data), "SPACES_PUBLIC_URL": f"http://127.0.0.1:{port}",
        # Every test logs in from 127.0.0.1; the per-client limit is tested in the API tests.
        "SPACES_LOGIN_MAX_ATTEMPTS_PER_CLIENT": "100000", **env})
    try:
        srv.start()
        yield srv
    finally:
        srv.stop()


def ok(response: httpx.Response, *statuses: int) -> Any:
    """The JSON of an answer with one of these statuses (200 or 201 when none is named)."""
    assert response.status_code in (statuses or (200, 201)), response.text
    return response.json() if response.content else None


@dataclass
class Watched:
    """A page with everything the browser complained about (CSP refusals, script errors, missing messages)."""

    page: Page
    problems: list[str] = field(default_factory=list)


# What a context with service workers blocked logs: Playwright refuses the registration, and the app says it could
# not register (it then works online only, as in a browser without service workers).
BLOCKED_WORKER = ("Service Worker registration blocked by Playwright", "Service worker registration failed")


def watch(page: Page, *, service_worker_blocked: bool = False) -> Watched:
    watched = Watched(page)

    def on_console(message) -> None:  # type: ignore[no-untyped-def]
        text = message.text
        if service_worker_blocked and text.startswith(BLOCKED_WORKER):
            return
        # An API answering 401/4xx is logged by Chromium as a failed resource; that is the app working.
        if message.type in ("error", "warning") and not text.startswith("Failed to load resource"):
            watched.problems.append(f"{message.type}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.problems.append(f"pageerror: {error}"))
    return watched


class Session:
    """One person in one browser context."""

    def __init__(self, context: BrowserContext, watched: Watched, base: str, blocked: bool = False) -> None:
        self.context = context
        self.watched = watched
        self.page = watched.page
        self.base = base
        self.blocked = blocked  # the context's service workers are blocked

    async def goto(self, route: str) -> None:
        await self.page.goto(f"{self.base}/#{route}")
        # A hash change keeps the previous screen up until the new one has loaded: wait for the new one.
        path = route.split("?")[0]
        await self.page.locator(f'main[data-path="{path}"] h1').first.wait_for()

    async def login(self, email: str, password: str = PASSWORD) -> None:
        """Log in through the API (the login form itself is tested in test_login.py)."""
        response = await self.context.request.post(f"{self.base}/api/session",
                                                   data={"email": email, "password": password})
        assert response.status == 200, await response.text()

    def assert_no_problems(self) -> None:
        assert self.watched.problems == [], self.watched.problems


async def persistent(playwright: Playwright, profile: Path, **options: Any) -> BrowserContext:
    """Chromium on a profile kept on disk, for what an in-memory context cannot show: the browser restarted on
    the same profile, and Chrome's installability check (an in-memory context answers `in-incognito`)."""
    return await playwright.chromium.launch_persistent_context(str(profile), executable_path=CHROMIUM,
                                                               args=CHROMIUM_ARGS, **options)


def field_error(page: Page, label: str) -> Locator:
    """The error shown at the form field whose control is labelled `label` (the field's own error element).

    Not page.get_by_text(message): the app also reads each error out through the #alert live region, filled
    60 ms later, so a text match finds two elements (a strict-mode failure) whenever the check comes late, as
    it does on a busy machine.
    """
    return page.locator(".field", has=page.get_by_label(label, exact=True)).locator(".field-error")


async def screenshot(page: Page, name: str) -> None:
    """A screenshot in $SPACES_SCREENSHOTS when it is set (for looking at the screens, not for asserting)."""
    folder = os.environ.get("SPACES_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size or PHONE
        await page.screenshot(path=f"{folder}/{name}-{size['width']}.png", full_page=True)


async def check(page: Page, name: str) -> None:
    """No axe-core violations at the page's size, and a screenshot when asked for."""
    # axe-core (570 KB of script) is put into a document once; the library's run() would evaluate it again
    # before every check, and a screen is checked at several sizes and in several states.
    if not await page.evaluate("() => typeof window.axe === 'object'"):
        await page.evaluate(AXE.axe_script)
    results = AxeResults(await page.evaluate("axe.run({resultTypes: ['violations']})"))
    size = page.viewport_size or PHONE
    assert results.violations_count == 0, f"{name} at {size['width']} px: {results.generate_report()}"
    await screenshot(page, name)


# The innermost elements that reach past the screen's right edge (what to fix when a screen overflows).
WIDEST = """() => [...document.querySelectorAll('body *')]
  .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
  .filter((el, _, all) => !all.some((other) => other !== el && el.contains(other)))
  .slice(0, 5).map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${el.textContent.trim().slice(0, 60)}`)"""


async def fits(page: Page, name: str) -> None:
    """Nothing wider than a 320 px screen once the page is narrowed to it; then the page's own size again."""
    size = page.viewport_size
    await page.set_viewport_size(NARROW)
    overflow = await page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    if overflow > 0:
        wide = await page.evaluate(WIDEST)
        raise AssertionError(f"{name} is {overflow}px wider than a 320px screen; the widest parts: {wide}")
    await screenshot(page, name)
    if size and size != NARROW:
        await page.set_viewport_size(size)


async def check_at(page: Page, viewport: dict[str, int], name: str) -> None:
    """The check for one of the sizes every screen is seen at: axe-core at phone and laptop sizes, and at
    320 px that nothing is wider than the screen."""
    if viewport == NARROW:
        await fits(page, name)
    else:
        await check(page, name)


async def accessible(page: Page, name: str) -> None:
    """axe-core finds nothing at 390 and 320 px and nothing is wider than 320 px; then the page's own size."""
    size = page.viewport_size
    for viewport in (PHONE, NARROW):
        await page.set_viewport_size(viewport)
        await check(page, name)
    await fits(page, name)
    if os.environ.get("SPACES_SCREENSHOTS"):
        await page.set_viewport_size(LAPTOP)
        await page.evaluate("new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)))")
        await screenshot(page, name)
    await page.set_viewport_size(size or PHONE)


async def controlled(page: Page) -> None:
    """The service worker has installed and controls the page (it serves the shell from now on)."""
    await page.evaluate("navigator.serviceWorker.ready.then(() => true)")
    await page.wait_for_function("navigator.serviceWorker.controller !== null")


async def saved(page: Page, timeout: int = 30000) -> None:
    """Every change made on this device has reached the server."""
    await expect(page.locator(".sync")).to_have_text("All changes saved", timeout=timeout)


async def outbox_size(page: Page) -> int:
    """How many changes wait in the outbox (IndexedDB) to be sent."""
    return await page.evaluate("""() => new Promise((resolve, reject) => {
      const open = indexedDB.open('spaces-audit');
      open.onsuccess = () => {
        const tx = open.result.transaction('outbox', 'readonly');
        const count = tx.objectStore('outbox').count();
        count.onsuccess = () => { resolve(count.result); open.result.close(); };
        count.onerror = () => reject(count.error);
      };
      open.onerror = () => reject(open.error);
    })""")


async def walk_ready(page: Page) -> None:
    """The space of the walk on view takes answers: the device's store has arrived (until then its controls are
    disabled; a first visit that loses its signal in that moment cannot answer until it reloads)."""
    await page.locator("main .walk-work:not([disabled])").wait_for()


def card(page: Page, item_id: str) -> Locator:
    return page.locator(f"#item-{item_id}")


async def choose(page: Page, item_id: str, label: str) -> None:
    await card(page, item_id).locator(".item-card__answer").get_by_label(label, exact=True).check()


async def new_finding(page: Page, title: str, photo: Path = PHOTO) -> Locator:
    """The walk's form for a finding not tied to an item, filled with a title and a photo (not yet saved)."""
    await page.get_by_role("button", name="Add a finding not tied to an item").click()
    form = page.locator(".finding-form")
    await form.get_by_label("Title").fill(title)
    await form.locator("input[type=file]").set_input_files(photo)
    await expect(form.locator("img.thumb__img")).to_have_count(1, timeout=20000)
    return form


async def plan(request: APIRequestContext, title: str, rooms: list[str], members: list[str] | None = None,
               building: str = "ALD") -> tuple[str, list[dict]]:
    """An audit of the given spaces (by room number or name) planned through the API by the logged-in person,
    who is on its team (with `members`); returns its id and the spaces."""
    me = await (await request.get("/api/me")).json()
    buildings = (await (await request.get(f"/api/buildings?q={building}")).json())["items"]
    building_id = next(b["id"] for b in buildings if b["code"] == building)
    spaces = (await (await request.get(f"/api/spaces?building_id={building_id}&limit=200")).json())["items"]
    chosen = [next(s for s in spaces if room in (s["room_number"], s["name"])) for room in rooms]
    audit_id = str(uuid.uuid4())
    answer = await request.put(f"/api/audits/{audit_id}", data={
        "building_id": building_id, "checklist_id": CHECKLIST, "title": title,
        "member_ids": [me["id"], *(members or [])], "space_ids": [s["id"] for s in chosen]})
    assert answer.status == 201, await answer.text()
    return audit_id, chosen


async def put_finding(request: APIRequestContext, audit_id: str, space_id: str, title: str) -> str:
    """A finding not tied to an item, with one evidence photo, sent as the walk sends it; returns its id."""
    finding_id = str(uuid.uuid4())
    answer = await request.put(f"/api/findings/{finding_id}", data={
        "audit_id": audit_id, "space_id": space_id, "item_id": None, "title": title,
        "description": "A framed portrait series in which every person shown is a white man, with no context.",
        "severity": "high", "remedies": ["add_context"], "photo_ids": []})
    assert answer.status == 201, await answer.text()
    photo = await request.put(f"/api/photos/{uuid.uuid4()}?finding_id={finding_id}",
                              data=SMALL_PHOTO.read_bytes(), headers={"Content-Type": "image/jpeg"})
    assert photo.status == 201, await photo.text()
    return finding_id


async def raise_finding(request: APIRequestContext, title: str) -> str:
    """An auditor's finding with one evidence photo in an audit of its own, through the API the walk uses."""
    audit_id, spaces = await plan(request, f"Portrait walk {uuid.uuid4().hex[:6]}", ["101"])
    return await put_finding(request, audit_id, spaces[0]["id"], title)


async def assign(request: APIRequestContext, finding_id: str, worker_name: str, priority: str | None = None,
                 days: int = 4) -> None:
    """Through the API, as the committee: the finding accepted and assigned to `worker_name` (a name), due in
    `days`, with a priority if given."""
    people = await (await request.get("/api/assignees")).json()
    worker_id = next(p["id"] for p in people["items"] if p["name"] == worker_name)
    due = (date.today() + timedelta(days=days)).isoformat()
    assignment = {"to": "assigned", "assignee_id": worker_id, "due_date": due,
                  **({"priority": priority} if priority else {})}
    for body in ({"to": "accepted", "remedy": "add_context"}, assignment):
        answer = await request.post(f"/api/findings/{finding_id}/transitions", data=body)
        assert answer.status == 200, await answer.text()


async def fix_and_verify(committee: httpx.AsyncClient, facilities: httpx.AsyncClient, finding_id: str,
                         worker: str) -> None:
    """Through the API: the finding accepted (if it is still new), assigned to `worker` (a name) with a due date,
    started, resolved with an after-photo, and verified."""
    path = f"/api/findings/{finding_id}/transitions"
    if ok(await committee.get(f"/api/findings/{finding_id}"))["status"] == "open":
        ok(await committee.post(path, json={"to": "accepted", "remedy": "add_context"}))
    assignee = next(p["id"] for p in ok(await committee.get("/api/assignees"))["items"] if p["name"] == worker)
    due = (date.today() + timedelta(days=7)).isoformat()
    ok(await committee.post(path, json={"to": "assigned", "assignee_id": assignee, "due_date": due}))
    ok(await facilities.post(path, json={"to": "in_progress"}))
    after = ok(await facilities.put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": finding_id, "kind": "after"},
                                    content=AFTER_PHOTO.read_bytes(), headers={"Content-Type": "image/jpeg"}), 201)
    ok(await facilities.post(path, json={"to": "resolved", "photo_ids": [after["id"]],
                                         "note": "A panel now tells the portraits' history."}))
    assert ok(await committee.post(path, json={"to": "verified"}))["status"] == "verified"


# Shared by the screen tours (test_screens.py, test_tour.py) and the community tests ---------------------------

async def answer(response: Any, status: int = 200) -> Any:
    assert response.status == status, await response.text()
    return await response.json()


async def open_building(admin: Session, code: str = "ALD") -> tuple[dict, list[dict]]:
    """The demo building taking reports, and its spaces (each with a poster code)."""
    request = admin.context.request
    building = next(b for b in (await answer(await request.get("/api/buildings")))["items"] if b["code"] == code)
    await answer(await request.patch(f"/api/buildings/{building['id']}", data={"community_reports": True}))
    spaces = (await answer(await request.get(f"/api/spaces?building_id={building['id']}")))["items"]
    for space in spaces:
        if not space.get("public_code"):
            renewed = await answer(await request.post(f"/api/spaces/{space['id']}/public-code", data={}))
            space["public_code"] = renewed["public_code"]
    return building, spaces


async def invitation_route(me, server) -> str:
    email = server.make_user("auditor", name="Invited Person")
    admin_users = await me.context.request.get(f"/api/users?q={email}")
    user_id = (await admin_users.json())["items"][0]["id"]
    created = await me.context.request.post(f"/api/users/{user_id}/invitations", data={})
    url = (await created.json())["url"]
    return url.split("#", 1)[1]


async def open_panel(page, name: str) -> None:
    await page.get_by_role("button", name=name).click()


async def show_coverage(page: Page, code: str = "ALD") -> None:
    """The building's page: the spaces screen with a building chosen, its coverage grid loaded."""
    value = await page.locator("select[name=building] option", has_text=f"{code} ·").first.get_attribute("value")
    await page.locator("select[name=building]").select_option(value)
    await page.locator(".coverage__controls").wait_for()


# (name, who, route, heading, then): `then` opens the parts of a screen that start closed.
SCREENS = [
    ("login", None, "/login", "Log in", None),
    ("not-found", None, "/no/such/page", "Page not found", None),
    ("home-admin", "admin", "/", "Hello, Test Admin", None),
    ("home-auditor", "auditor", "/", "Hello, Test Auditor", None),
    ("home-facilities", "facilities", "/", "Hello, Test Facilities", None),
    ("home-committee", "committee", "/", "Hello, Test Committee", None),
    ("forbidden", "committee", "/import", "Not available to your roles", None),
    ("users", "admin", "/users", "Users", lambda page: open_panel(page, "Add a user")),
    ("spaces", "admin", "/spaces", "Spaces", lambda page: open_panel(page, "Add a space")),
    ("spaces-auditor", "auditor", "/spaces", "Spaces", None),
    # A building's page: its coverage grid and lists, with links to plan (committee) and without (facilities).
    ("coverage", "committee", "/spaces", "Spaces", show_coverage),
    ("coverage-facilities", "facilities", "/spaces", "Spaces", show_coverage),
    ("community", "committee", "/community", "Community reports", None),
    ("community-admin", "admin", "/community?status=spam", "Community reports", None),
    ("import", "admin", "/import", "Import buildings and spaces",
     lambda page: page.locator("details.help summary").click()),
]

"""Browser tests: Debian Chromium driven by Playwright's async API against the real app under uvicorn.

One server per test session (a fresh SQLite data folder with the demo data and one known account per
role). Tests that change accounts make their own users, so they stay independent of each other.
Screenshots go to $SPACES_SCREENSHOTS when it is set (for looking at the screens, not for asserting).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Browser, BrowserContext, Locator, Page, async_playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
PASSWORD = "correct horse battery staple"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 800}
ROLES = ("admin", "auditor", "facilities", "committee")


@dataclass
class Server:
    url: str
    env: dict[str, str]

    def cli(self, *args: str, stdin: str = "") -> subprocess.CompletedProcess[str]:
        done = subprocess.run([sys.executable, "-m", "server.cli", *args], input=stdin, env=self.env, text=True,
                              capture_output=True, timeout=60, check=False)
        assert done.returncode == 0, done.stderr
        return done

    def make_user(self, *roles: str, name: str | None = None) -> str:
        """A new account with a known password; returns its email."""
        email = f"{roles[0]}-{uuid.uuid4().hex[:8]}@test.example"
        args = ["create-user", email, "--password-stdin", "--name", name or f"Test {roles[0].capitalize()}"]
        for role in roles:
            args += ["--role", role]
        self.cli(*args, stdin=PASSWORD + "\n")
        return email


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _setup(data: Path) -> Server:
    data.mkdir(parents=True, exist_ok=True)
    port = _free_port()
    env = {**os.environ, "SPACES_DATA_DIR": str(data), "SPACES_UPLOADS_DIR": str(data / "uploads"),
           "SPACES_PUBLIC_URL": f"http://127.0.0.1:{port}",
           # Every test logs in from 127.0.0.1; the per-client limit is tested in the API tests.
           "SPACES_LOGIN_MAX_ATTEMPTS_PER_CLIENT": "100000"}
    env.pop("DATABASE_URL", None)
    srv = Server(url=f"http://127.0.0.1:{port}", env=env)
    srv.cli("migrate")
    srv.cli("demo")
    for role in ROLES:
        srv.cli("create-user", f"{role}@test.example", "--role", role, "--name", f"Test {role.capitalize()}",
                "--password-stdin", stdin=PASSWORD + "\n")
    return srv


class Process:
    """`spaces-audit serve` for a Server's data folder and port: started, killed (SIGKILL) and started again."""

    def __init__(self, srv: Server, data: Path) -> None:
        self.srv, self.data = srv, data
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        port = self.srv.url.rsplit(":", 1)[1]
        with open(self.data / "server.log", "a") as log:
            self.proc = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1",
                                          "--port", port], env=self.srv.env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{self.srv.url}/api/health", timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the server did not start:\n" + (self.data / "server.log").read_text())
            time.sleep(0.2)

    def kill(self) -> None:
        """As a crash or a pulled plug: no shutdown, requests in flight are cut."""
        if self.proc and self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=10)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=10)


@contextmanager
def serving(data: Path, **env: str) -> Iterator[Server]:
    """A real server on a data folder of its own (settings in env), stopped when the block ends."""
    srv = _setup(data)
    srv.env.update(env)
    process = Process(srv, data)
    try:
        process.start()
        yield srv
    finally:
        process.stop()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/test does)")
    with serving(tmp_path_factory.mktemp("browser-data")) as srv:
        yield srv


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[tuple[Server, Process]]:
    """A server of the test's own, which the test may kill and start again."""
    srv = _setup(tmp_path / "data")
    process = Process(srv, tmp_path / "data")
    try:
        process.start()
        yield srv, process
    finally:
        process.stop()


@dataclass
class Watched:
    """A page with everything the browser complained about (CSP refusals, script errors, missing messages)."""

    page: Page
    problems: list[str] = field(default_factory=list)


def watch(page: Page) -> Watched:
    watched = Watched(page)

    def on_console(message) -> None:  # type: ignore[no-untyped-def]
        text = message.text
        # An API answering 401/4xx is logged by Chromium as a failed resource; that is the app working.
        if message.type in ("error", "warning") and not text.startswith("Failed to load resource"):
            watched.problems.append(f"{message.type}: {text}")

    page.on("console", on_console)
    page.on("pageerror", lambda error: watched.problems.append(f"pageerror: {error}"))
    return watched


@pytest.fixture
async def browser() -> AsyncIterator[Browser]:
    async with async_playwright() as pw:
        launched = await pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        await launched.close()


class Session:
    """One person in one browser context."""

    def __init__(self, context: BrowserContext, watched: Watched, base: str) -> None:
        self.context = context
        self.watched = watched
        self.page = watched.page
        self.base = base

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


@pytest.fixture
async def open_session(browser: Browser, server: Server) -> AsyncIterator:
    sessions: list[Session] = []

    async def make(viewport: dict[str, int] = PHONE, **options) -> Session:  # type: ignore[no-untyped-def]
        context = await browser.new_context(viewport=viewport, base_url=server.url, **options)
        page = await context.new_page()
        session = Session(context, watch(page), server.url)
        sessions.append(session)
        return session

    yield make
    for session in sessions:
        await session.context.close()
    for session in sessions:
        session.assert_no_problems()


def field_error(page: Page, label: str) -> Locator:
    """The error shown at the form field whose control is labelled `label` (the field's own error element).

    Not page.get_by_text(message): the app also reads each error out through the #alert live region, filled
    60 ms later, so a text match finds two elements (a strict-mode failure) whenever the check comes late, as
    it does on a busy machine.
    """
    return page.locator(".field", has=page.get_by_label(label, exact=True)).locator(".field-error")


async def screenshot(page: Page, name: str) -> None:
    folder = os.environ.get("SPACES_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        size = page.viewport_size or PHONE
        await page.screenshot(path=f"{folder}/{name}-{size['width']}.png", full_page=True)

"""The web app's own unit tests (tests/js/*.test.js: the outbox, the merge, the backoff), run in Chromium.

No app server and no database: a static file server on a loopback port serves web/ at / and tests/js/ at
/tests/, the page tests/js/index.html runs every test module named in its address, and this test reads
back each test's name and result.
"""

from __future__ import annotations

import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar
from urllib.parse import urlencode

import pytest
from playwright.async_api import Browser, ConsoleMessage
from playwright.async_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
UNITS = ROOT / "tests" / "js"


class Files(http.server.SimpleHTTPRequestHandler):
    """web/ at /, tests/js/ at /tests/; scripts as text/javascript (module scripts need a JavaScript type)."""

    extensions_map: ClassVar[dict[str, str]] = {
        **http.server.SimpleHTTPRequestHandler.extensions_map, ".js": "text/javascript"}

    def translate_path(self, path: str) -> str:
        root, rest = (UNITS, path.removeprefix("/tests")) if path.startswith("/tests/") else (WEB, path)
        self.directory = str(root)
        return super().translate_path(rest)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture
def static_files() -> Iterator[str]:
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Files)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


async def test_the_web_unit_tests_pass_in_the_browser(browser: Browser, static_files: str) -> None:
    modules = sorted(path.name for path in UNITS.glob("*.test.js"))
    assert modules, "no tests/js/*.test.js"
    page = await browser.new_page()
    complaints: list[str] = []
    page.on("pageerror", lambda error: complaints.append(f"pageerror: {error}"))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error":
            complaints.append(f"console: {message.text}")

    page.on("console", on_console)
    await page.goto(f"{static_files}/tests/index.html?{urlencode([('m', name) for name in modules])}")
    try:
        await page.wait_for_function("window.testResults !== undefined", timeout=120_000)
    except PlaywrightTimeout:
        pytest.fail("the test page never finished:\n" + "\n".join(complaints))
    results = await page.evaluate("window.testResults")
    failed = [f"{r['module']}: {r['name']}\n    {r['message']}" for r in results if not r["ok"]]
    assert not failed, f"{len(failed)} of {len(results)} web unit tests failed:\n" + "\n".join(failed)
    assert {r["module"] for r in results} == set(modules), "every module ran its tests"
    assert not complaints, complaints
    await page.close()

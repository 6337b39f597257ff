"""Browser tests: Debian Chromium driven by Playwright's async API against the real app under uvicorn.

One Chromium and one server per test session (the server's data: the demo registry and one known account per
role); each test opens its own browser contexts, so no cookie, storage or service worker passes from one test
to the next, and tests that change accounts make their own users. The shared code is in helpers.py.
Screenshots go to $SPACES_SCREENSHOTS when it is set (for looking at the screens, not for asserting).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
import pytest_asyncio
from playwright.async_api import Browser, Playwright, async_playwright
from pytest_asyncio import is_async_test

from .helpers import CHROMIUM, CHROMIUM_ARGS, PHONE, Server, Session, seed, serving, watch

HERE = Path(__file__).parent


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every browser test runs in the session's event loop, the one the session's Chromium is driven from."""
    for item in items:
        if is_async_test(item) and HERE in item.path.parents:
            item.add_marker(pytest.mark.asyncio(loop_scope="session"), append=False)


@pytest.fixture(scope="session")
def seeded(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Path:
    """The data folder every server of the session starts from a copy of."""
    return seed(tmp_path_factory.mktemp("seeded") / "data", sqlite_template)


@pytest.fixture(scope="session")
def server(seeded: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with serving(seeded, tmp_path_factory.mktemp("browser") / "data") as srv:
        yield srv


@pytest.fixture
def own_server(seeded: Path, tmp_path: Path) -> Iterator[Server]:
    """A server of the test's own, which the test may kill and start again."""
    with serving(seeded, tmp_path / "data") as srv:
        yield srv


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def playwright() -> AsyncIterator[Playwright]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium package (scripts/test does)")
    async with async_playwright() as pw:
        yield pw


@pytest_asyncio.fixture(scope="session", loop_scope="session")
async def browser(playwright: Playwright) -> AsyncIterator[Browser]:
    launched = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield launched
    await launched.close()


@pytest_asyncio.fixture(loop_scope="session")
async def open_session(browser: Browser, server: Server, request: pytest.FixtureRequest) -> AsyncIterator:
    """open_session(viewport, **context options) -> a Session in a new browser context on the session's server;
    open_session(viewport, sharing=session) -> a new page (tab) at that size in that session's context: the
    same person, with the app already on the device. Every page must end with nothing the browser complained
    about.

    The app's service worker is blocked unless the test is marked `service_worker` (the tests of working
    offline, installing and the kept copy): installing it copies the whole shell into the context's cache,
    about as much work for Chromium as the page itself, and each test makes new contexts."""
    sessions: list[Session] = []
    keeps = request.node.get_closest_marker("service_worker") is not None

    async def make(viewport: dict[str, int] = PHONE, *, sharing: Session | None = None,
                   **options) -> Session:  # type: ignore[no-untyped-def]
        if sharing:
            context = sharing.context
            page = await context.new_page()
            await page.set_viewport_size(viewport)
        else:
            options.setdefault("service_workers", "allow" if keeps else "block")
            context = await browser.new_context(viewport=viewport, base_url=server.url, **options)
            page = await context.new_page()
        blocked = sharing.blocked if sharing else options["service_workers"] == "block"
        session = Session(context, watch(page, service_worker_blocked=blocked), server.url, blocked)
        sessions.append(session)
        return session

    yield make
    for context in {id(s.context): s.context for s in sessions}.values():
        await context.close()
    for session in sessions:
        session.assert_no_problems()

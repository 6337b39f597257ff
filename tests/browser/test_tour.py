"""Every screen of the app in every state a person can find it in, checked by axe-core at phone and laptop sizes
and for fitting a 320 px screen: a new screen cannot escape the check.

The screens are the app's own route table (web/js/app.js ROUTES), read here; each person visits every route their
roles may open (the route's verb, from the server's table of verbs by role), in three states:
- empty: a new installation, before anything was imported or audited (no buildings, spaces, audits, findings);
- full: an audit walked with a finding and a photo, another submitted, the finding assigned, a community report
  received, and the spaces screen shows a building's page (FULL_ADDRESSES: its coverage grid). Some of
  those visits are read-only: the committee on an auditor's walk, the auditor on their finding once assigned;
- offline: the same visits once the app was kept on the device and the connection is gone.
A route with parameters needs an address in ADDRESSES; test_every_route_is_in_the_tour fails for one without, and
for any route nobody visits. Screens a visit must open first (panels, forms) are in the other modules.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
import yaml
from playwright.async_api import Browser, expect

from server.auth.permissions import VERBS_BY_ROLE

from .helpers import (
    CHECKLIST,
    CHECKLISTS,
    LAPTOP,
    NARROW,
    PHONE,
    ROLES,
    SCREENS,
    Server,
    Session,
    check_at,
    controlled,
    invitation_route,
    open_building,
    plan,
    put_finding,
    seed,
    serving,
    watch,
)

APP = Path(__file__).parents[2] / "web" / "js" / "app.js"
@dataclass(frozen=True)
class Route:
    pattern: str  # "/audits/:id/spaces/:spaceId"
    verbs: tuple[str, ...]  # any one will do; none: anyone logged in
    public: bool


def app_routes() -> list[Route]:
    """The routes of web/js/app.js, one `{ path: [...], view: ..., verb: ... }` a line."""
    source = APP.read_text()
    table = source[source.index("const ROUTES = ["):source.index("];", source.index("const ROUTES = ["))]
    routes = []
    for line in table.splitlines():
        path = re.search(r"path: \[([^\]]*)\]", line)
        if not path:
            continue
        parts = re.findall(r"'([^']*)'", path.group(1))
        verb = re.search(r"verb: (\[[^\]]*\]|'[^']*')", line)
        routes.append(Route("/" + "/".join(parts), tuple(re.findall(r"'([^']*)'", verb.group(1))) if verb else (),
                            "public: true" in line))
    assert len(routes) > 20, "web/js/app.js's ROUTES could not be read"
    return routes


def reachable(role: str | None) -> list[Route]:
    """The routes a person with this role may open (None: nobody logged in)."""
    if role is None:
        return [r for r in app_routes() if r.public]
    verbs = VERBS_BY_ROLE[role]
    return [r for r in app_routes() if not r.public and (not r.verbs or any(v in verbs for v in r.verbs))]


# Where each route with parameters is visited, from the tour's data (Tour's fields); in the empty state only
# what exists before anything was made can be visited.
ADDRESSES = {
    "/invitation/:token": "/invitation/{token}",
    "/users/:id": "/users/{user}",
    "/spaces/:id": "/spaces/{space}",
    "/audits/:id": "/audits/{audit}",
    "/audits/:id/spaces/:spaceId": "/audits/{audit}/spaces/{space}",
    "/audits/:id/report": "/audits/{audit}/report",
    "/findings/:id": "/findings/{finding}",
    "/community/:id": "/community/{report}",
    "/schedules/:id": "/schedules/{schedule}",
}
EMPTY_ADDRESSES = {"/users/:id"}
# Routes whose screen has more to show once there is data: the spaces screen with a building chosen is the
# building's page, with its coverage grid (an audit of it submitted) and lists.
FULL_ADDRESSES = {"/spaces": "/spaces?building={building}"}
# Seen by test_screens.py's SCREENS (with their panels open) and not visited again.
ELSEWHERE = {(who, route) for _, who, route, _, _ in SCREENS}


@dataclass
class Tour:
    token: str = ""
    user: str = ""
    space: str = ""
    audit: str = ""
    finding: str = ""
    report: str = ""
    schedule: str = ""
    building: str = ""


def visits(role: str | None, state: str, tour: Tour) -> list[tuple[str, str]]:
    """(route pattern, address) of every screen `role` is shown in `state`."""
    out = []
    for route in reachable(role):
        if ":" in route.pattern:
            if state == "empty" and route.pattern not in EMPTY_ADDRESSES:
                continue
            address = ADDRESSES[route.pattern].format(**vars(tour))
        elif state != "empty" and route.pattern in FULL_ADDRESSES:
            address = FULL_ADDRESSES[route.pattern].format(**vars(tour))
        else:
            address = route.pattern
        if state == "full" and (role, address) in ELSEWHERE:
            continue
        out.append((route.pattern, address))
    return out


def test_every_route_is_in_the_tour():
    routes = app_routes()
    missing = [r.pattern for r in routes if ":" in r.pattern and r.pattern not in ADDRESSES]
    assert not missing, f"routes with no address in the tour's ADDRESSES: {missing}"
    tour = Tour(**{name: "x" for name in vars(Tour())})
    seen = {pattern for role in (None, *ROLES) for state in ("empty", "full", "offline")
            for pattern, _ in visits(role, state, tour)}
    assert {r.pattern for r in routes} - seen == set()
    assert all(pattern in dict(visits(role, "full", tour)) for role, pattern in READ_ONLY)
    # The parser reads what the app has (a route it misread would be missing above, or visited by nobody).
    assert {"/", "/audits/:id/spaces/:spaceId", "/login"} <= {r.pattern for r in routes}


async def show(me: Session, address: str) -> None:
    """The screen at `address`, loaded."""
    await me.goto(address)
    await me.page.wait_for_load_state("networkidle")
    await expect(me.page.locator("#main .loading")).to_have_count(0)


# Screens a person may read but not change (in the full state): nothing on them takes an answer or a photo.
READ_ONLY = {("committee", "/audits/:id/spaces/:spaceId"), ("auditor", "/findings/:id")}


async def tour(me: Session, role: str | None, state: str, data: Tour, sizes=(PHONE, LAPTOP, NARROW)) -> None:
    """Every screen of `role` in `state`, each at every size."""
    for pattern, address in visits(role, state, data):
        await show(me, address)
        if state == "full" and (role, pattern) in READ_ONLY:
            main = me.page.locator("#main")
            await expect(main.locator(".item-card__answer :is(input, textarea, select):enabled")).to_have_count(0)
            await expect(main.locator("input[type=file]")).to_have_count(0)
        for viewport in sizes:
            await me.page.set_viewport_size(viewport)
            name = f"tour-{state}-{role or 'public'}-{pattern.strip('/').replace('/', '-').replace(':', '') or 'home'}"
            await check_at(me.page, viewport, name)
        await me.page.set_viewport_size(PHONE)


@pytest.fixture(scope="module")
def empty_server(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Server]:
    """A new installation: the people, and nothing else (no buildings or spaces yet)."""
    seeded = seed(tmp_path_factory.mktemp("empty-seed") / "data", sqlite_template, demo=False)
    with serving(seeded, tmp_path_factory.mktemp("empty") / "data") as srv:
        yield srv


async def answer(request: Any, audit_id: str, space_id: str, item_id: str, value: Any) -> None:
    sent = await request.put(f"/api/responses/{uuid.uuid4()}", data={
        "audit_id": audit_id, "space_id": space_id, "item_id": item_id, "answer": value})
    assert sent.status in (200, 201), await sent.text()


async def submitted_audit(request: Any) -> None:
    """An audit of one space walked with portraits counted and submitted: the inventory has rows."""
    items = {item["id"]: item for section in yaml.safe_load((CHECKLISTS / f"{CHECKLIST}.yaml").read_text())["sections"]
             for item in section["items"]}
    first = {"portraits-present": "yes", "portrait-count": 6, "portrait-count-women": 1,
             "portrait-count-people-of-color": "unknown", "portraits-labeled": "yes", "portraits-context": "yes"}
    by_type = {"yes_no": "no", "count": 0, "text": "No names to check.", "photo": "not_applicable"}
    audit_id, spaces = await plan(request, f"Tour inventory {uuid.uuid4().hex[:4]}", ["110"])
    for item_id, value in first.items():
        await answer(request, audit_id, spaces[0]["id"], item_id, value)
    url = f"/api/audits/{audit_id}/transitions"
    assert (await request.post(url, data={"to": "in_progress"})).ok
    for _ in range(5):
        done = await request.post(url, data={"to": "submitted"})
        if done.ok:
            return
        error = (await done.json())["error"]
        assert error["code"] == "audit_incomplete", error
        for missing in error["unanswered"]:
            item = items[missing["item_id"]]
            value = item["choices"][0]["id"] if item["type"] == "single_choice" else by_type[item["type"]]
            await answer(request, audit_id, spaces[0]["id"], item["id"], value)
    raise AssertionError("the inventory's audit could not be submitted")


async def schedules(request: Any) -> str:
    """Audit schedules: ALD with the walked checklist (next due in a year), and every demo building with another
    (never audited: due today, so the due lists have items); the first one's id."""
    me = await (await request.get("/api/me")).json()
    buildings = (await (await request.get("/api/buildings")).json())["items"]
    ald = next(b for b in buildings if b["code"] == "ALD")
    made = await request.post("/api/schedules", data={"building_id": ald["id"], "checklist_id": CHECKLIST,
                                                      "interval_months": 12, "responsible_id": me["id"]})
    assert made.status == 201, await made.text()
    campus = await request.post("/api/schedules", data={"campus_id": ald["campus"]["id"], "interval_months": 6,
                                                        "checklist_id": "posters-signage", "responsible_id": me["id"]})
    assert campus.status == 201, await campus.text()
    return (await made.json())["items"][0]["id"]


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def full(browser: Browser, server: Server) -> AsyncIterator[Tour]:
    """An audit with a finding and its photo, the finding accepted and assigned to Test Facilities, and a
    community report from the public."""
    context = await browser.new_context(base_url=server.url)
    data = Tour()

    async def login(who: str) -> Any:
        request = context.request
        await request.delete("/api/session")
        answer = await request.post("/api/session", data={"email": f"{who}@test.example",
                                                          "password": "correct horse battery staple"})
        assert answer.status == 200, await answer.text()
        return request

    request = await login("auditor")
    data.audit, spaces = await plan(request, f"Tour walk {uuid.uuid4().hex[:4]}", ["101", "110"])
    data.space = spaces[0]["id"]
    for item_id, value in (("portraits-present", "yes"), ("portrait-count", 4), ("portrait-count-women", 1)):
        await answer(request, data.audit, data.space, item_id, value)
    data.finding = await put_finding(request, data.audit, data.space, "Portraits of past deans, no context")
    await submitted_audit(request)

    request = await login("committee")
    path = f"/api/findings/{data.finding}/transitions"
    assert (await request.post(path, data={"to": "accepted", "remedy": "add_context"})).ok
    people = await (await request.get("/api/assignees")).json()
    worker = next(p["id"] for p in people["items"] if p["name"] == "Test Facilities")
    assert (await request.post(path, data={"to": "assigned", "assignee_id": worker, "due_date": "2099-01-01"})).ok
    data.schedule = await schedules(request)

    request = await login("admin")
    admin = Session(context, watch(await context.new_page()), server.url)
    data.user = (await (await request.get("/api/users?q=auditor@test.example")).json())["items"][0]["id"]
    data.token = (await invitation_route(admin, server)).rsplit("/", 1)[1]
    building, spaces = await open_building(admin)
    data.building = building["id"]
    # From an address of its own: the per-client daily limit on reports is not this test's.
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.{uuid.uuid4().int % 250 + 1}.9")
    async with httpx.AsyncClient(base_url=server.url, transport=transport) as public:
        sent = await public.post("/api/public/reports", json={
            "id": str(uuid.uuid4()), "code": spaces[0]["public_code"], "category": "portrait",
            "description": "A wall of portraits of past deans.", "impact": "", "photo_ids": [], "email": "",
            "lang": "en", "website": ""})
        assert sent.status_code == 201, sent.text
        code = sent.json()["tracking_code_display"]
    reports = await (await request.get("/api/community/reports?status=all&limit=200")).json()
    data.report = next(r["id"] for r in reports["items"] if r["tracking_code_display"] == code)
    await context.close()
    yield data


async def test_public_screens(open_session, full):
    me = await open_session()
    await tour(me, None, "full", full)


@pytest.mark.service_worker
@pytest.mark.parametrize("role", ROLES)
async def test_every_screen_full_then_offline(open_session, full, role):
    me = await open_session()
    await me.login(f"{role}@test.example")
    await tour(me, role, "full", full)
    await me.goto("/")
    await controlled(me.page)
    await me.context.set_offline(True)
    await tour(me, role, "offline", full, sizes=(PHONE, NARROW))


@pytest.mark.parametrize("role", ROLES)
async def test_every_screen_of_a_new_installation(browser, empty_server, role):
    context = await browser.new_context(viewport=PHONE, base_url=empty_server.url)
    me = Session(context, watch(await context.new_page()), empty_server.url)
    await me.login(f"{role}@test.example")
    data = Tour(user=(await (await context.request.get("/api/me")).json())["id"])
    await tour(me, role, "empty", data)
    await context.close()
    me.assert_no_problems()

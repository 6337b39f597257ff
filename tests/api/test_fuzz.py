"""Schema-driven fuzzing of the HTTP contract: every operation in /api/openapi.json, as each role and as nobody.

Schemathesis generates requests from the OpenAPI document (its examples, boundary "coverage" cases, and
Hypothesis fuzzing, valid and invalid input) and sends them to a real `spaces-audit serve`. Each response
must not be a server error, must use a documented status code, and must match its documented schema.

- Every caller has a server of its own, on its own copy of one seeded data folder (a campus, a building with
  spaces, audits in each state, answers, findings along the remediation path, photos, an invitation): an
  administrator really edits and disables users, and nothing one caller does can change what another meets.
  Each generated request is sent as every caller (public routes: as nobody and one person).
- Real records: the seeded ids are offered beside the generated values (path, query and body ids), and the
  writes that need a whole consistent body get one as an example, so requests reach real records as well as
  missing ones, and the answers that carry records are checked too.
- Strict: the document's response objects are closed (server/http/response_schemas.py, report_schemas.py), so a
  field a handler adds without documenting it fails here, as does a missing one.
- Deterministic: a fixed seed, derandomised Hypothesis, no example database, no learning from responses, a
  fixed number of examples per operation, and no time-based limits or health checks (their outcome would
  depend on the machine's speed).
- SQLite only: this is about the HTTP contract; the database behaviour is covered by the other API tests.
"""

from __future__ import annotations

import asyncio
import copy
import hashlib
import io
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import schemathesis
from PIL import Image
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)
from tortoise.context import TortoiseContext

from server import clock
from server.api import ROUTES
from server.app import create_app
from server.auth.sessions import start_session
from server.db import tortoise_config
from server.domain.checklists.store import load_folder
from server.domain.people.users import create_user
from server.http.openapi import document, document_path
from server.http.routing import PUBLIC
from server.settings import load_settings

# The personas of tests/conftest.py, with the lifetime of a test session.
PERSONAS = {
    "admin": ("ada.admin@hospital.example", "Ada Admin", ["admin"]),
    "auditor": ("aaron.auditor@hospital.example", "Aaron Auditor", ["auditor"]),
    "facilities": ("fran.facilities@hospital.example", "Fran Facilities", ["facilities"]),
    "committee": ("cora.committee@hospital.example", "Cora Committee", ["committee"]),
}
CALLERS = ("nobody", *PERSONAS)
ORIGIN = "http://testserver"
SESSION_HOURS = 336  # the default lifetime: a session is then never extended (written) while the fuzz runs
# DELETE /api/session ends the session it is sent with: each such request gets one of these spare sessions of
# the same person, so the rest of the run stays logged in. More than the fuzz ever sends to that operation.
SPARE_SESSIONS = 40
CHECKLIST = "posters-signage"  # shipped in checklists/, loaded by `serve`
# Every item of that checklist, answered for one space.
ANSWERS = (("posters-people-present", "yes"), ("posters-range", "no"), ("posters-roles", "no"),
           ("posters-disease-link", "no"), ("posters-security", "no"), ("posters-caricature", "no"),
           ("signs-stigmatizing-terms", "no"), ("cultural-trait-lists", "no"), ("signs-targeted-languages", "no"),
           ("signs-languages", "yes"), ("report-bias-notice", "yes"), ("posters-photo", "not_applicable"),
           ("posters-notes", "Clear signs."))
EXAMPLES_PER_OPERATION = 10
# How many seeded records of each kind are offered to the fuzz (see _offered), and the fields that name them.
RECORDS = {"users": 5, "campuses": 1, "buildings": 1, "spaces": 3, "audits": 3, "responses": 3, "findings": 5,
           "photos": 5, "invitations": 1}
FIELDS = {"campus_id": "campuses", "campus": "campuses", "building_id": "buildings", "building": "buildings",
          "space_id": "spaces", "space_ids": "spaces", "audit_id": "audits", "audit": "audits",
          "finding_id": "findings", "finding_ids": "findings", "duplicate_of": "findings", "photo_ids": "photos",
          "member_ids": "users", "assignee_id": "users", "assignee": "users"}
# Values that mean something to the server, for parameters the document types as plain strings.
VALUES = {"checklists": [CHECKLIST], "checklist_id": [CHECKLIST], "checklist": [CHECKLIST], "version": ["1"],
          "size": ["thumb", "display", "evidence", "original"], "kind": ["evidence", "after"],
          "item_id": [item for item, _ in ANSWERS[:3]], "category": ["people-shown", "_none"],
          "queue": ["triage", "verification", "mine"], "severity": ["low", "medium", "high"],
          "status": ["planned", "in_progress", "open,assigned"], "age": ["lt30", "30to90", "gt90"],
          "overdue": ["1"], "cycle": ["1"], "from": ["2020-01-01"], "to": ["2099-12-31"]}
SEED = 20261122
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


def _run(make: Callable[[], Coroutine[Any, Any, Any]]) -> Any:
    """Run a coroutine on its own loop in a thread, whatever loop pytest-asyncio has running."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, make()).result()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _jpeg(colour: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(out, "JPEG")
    return out.getvalue()


class Server:
    """`spaces-audit serve` on a free loopback port, on its own data folder; its log is kept for failures."""

    def __init__(self, data: Path) -> None:
        self.data = data
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = data / "server.log"
        self.env = {**os.environ, "SPACES_DATA_DIR": str(data), "SPACES_UPLOADS_DIR": str(data / "uploads"),
                    "SPACES_PUBLIC_URL": self.url, "SPACES_LOG_LEVEL": "warning"}
        for name in ("DATABASE_URL", "SPACES_CHECKLISTS_DIR", "SPACES_SMTP_HOST"):
            self.env.pop(name, None)
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        with open(self.log, "ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                env=self.env, stdout=log, stderr=subprocess.STDOUT)

    def wait(self) -> None:
        assert self.proc is not None
        deadline = time.monotonic() + 120  # only bounds a server that never starts; results never depend on it
        while True:
            try:
                if httpx.get(f"{self.url}/api/health", timeout=2).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.proc.poll() is not None or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the server did not start:\n" + self.log.read_text(errors="replace"))
            time.sleep(0.1)

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=30)

    def log_size(self) -> int:
        return self.log.stat().st_size

    def tracebacks(self, since: int = 0) -> str:
        """What the server logged about unhandled errors since a point in its log ("" if nothing)."""
        with open(self.log, "rb") as log:
            log.seek(since)
            text = log.read().decode(errors="replace")
        return text if "Traceback" in text else ""


@dataclass
class Seed:
    """A data folder with realistic records, and the sessions and ids that reach them."""

    data: Path
    tokens: dict[str, str]
    spares: dict[str, list[str]]
    real: dict[str, str]  # placeholder -> the seeded record's id


class Seeder:
    """Makes the records through the API (the app in this process), as the people who would make them,
    checking every answer."""

    def __init__(self, app: Any, tokens: dict[str, str]) -> None:
        self.clients = {role: httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=ORIGIN,
                                                cookies={"sa_session": token}) for role, token in tokens.items()}

    async def __call__(self, role: str, method: str, path: str, expect: int = 200, **kwargs: Any) -> Any:
        response = await self.clients[role].request(method, f"/api{path}", **kwargs)
        assert response.status_code == expect, (method, path, response.status_code, response.text)
        return response.json() if response.content else None

    async def close(self) -> None:
        for client in self.clients.values():
            await client.aclose()


async def _seed(data: Path) -> Seed:
    """A data folder as `serve` would use it: its migrated database, the shipped checklists loaded, the
    personas with their sessions (started directly, as in tests/conftest.py), and records made through the API."""
    settings = load_settings({"SPACES_DATA_DIR": str(data), "SPACES_UPLOADS_DIR": str(data / "uploads")})
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(settings.database_url))
        assert not (await load_folder(settings.checklists_dir)).problems
        tokens, spares, user_ids = {}, {}, {}
        for role, (email, name, roles) in PERSONAS.items():
            user = await create_user(email, name, roles)
            user_ids[role] = str(user.id)
            tokens[role] = await start_session(user, SESSION_HOURS)
            spares[role] = [await start_session(user, SESSION_HOURS) for _ in range(SPARE_SESSIONS)]
        call = Seeder(create_app(settings, manage_db=False), tokens)
        try:
            ids = await _seed_records(call, user_ids)
        finally:
            await call.close()
    for kind, count in RECORDS.items():
        assert len(ids[kind]) >= count, kind
    real = {_placeholder(kind, i): ids[kind][i] for kind, count in RECORDS.items() for i in range(count)}
    return Seed(data, tokens, spares, real)


def _new() -> str:
    return str(uuid.uuid4())


async def _seed_records(call: Seeder, user_ids: dict[str, str]) -> dict[str, list[str]]:
    campus = (await call("admin", "POST", "/campuses", 201, json={"name": "Fuzz Medical Campus"}))["id"]
    building = (await call("admin", "POST", "/buildings", 201, json={"campus_id": campus, "code": "FZH",
                                                                      "name": "Fuzz Hall"}))["id"]
    spaces = [(await call("admin", "POST", "/spaces", 201, json={
        "building_id": building, "floor": floor, "room_number": room, "name": name, "kind": kind}))["id"]
        for floor, room, name, kind in (("1", "101", "Lecture hall", "lecture_hall"),
                                        ("1", "", "Main corridor", "corridor"),
                                        ("2", "2-10", "Waiting room", "clinic_waiting_room"))]
    invited = await call("admin", "POST", "/users", 201, json={"email": "ivy.invited@hospital.example",
                                                                "name": "Ivy Invited", "roles": ["facilities"]})
    token = invited["invitation"]["url"].rsplit("/", 1)[1]

    async def plan(title: str) -> str:
        audit = _new()
        await call("auditor", "PUT", f"/audits/{audit}", 201, json={
            "building_id": building, "checklist_id": CHECKLIST, "title": title,
            "member_ids": [user_ids["auditor"]], "space_ids": spaces})
        return audit

    planned, walking, submitted = [await plan(title) for title in ("Autumn walk", "Spring walk", "Winter walk")]
    responses, findings, photos = [], [], []
    for audit in (walking, submitted):
        await call("auditor", "POST", f"/audits/{audit}/transitions", json={"to": "in_progress"})
        # The audit to submit gets every item of its walked space answered (submission needs them all).
        for item, answer in ANSWERS[: None if audit == submitted else 2]:
            responses.append(_new())
            await call("auditor", "PUT", f"/responses/{responses[-1]}", 201, json={
                "audit_id": audit, "space_id": spaces[0], "item_id": item, "answer": answer,
                "note": "Seen by the lifts."})
        for space in spaces[1 if audit == submitted else 2:]:
            await call("auditor", "PUT", f"/audits/{audit}/spaces/{space}", json={
                "skipped": {"reason": "locked", "note": "No key today."}})
        for title, space, item in (("Only light-skinned people on the posters", spaces[0], "posters-range"),
                                   ("A caricature on the notice board", spaces[1], None)):
            findings.append(_new())
            await call("auditor", "PUT", f"/findings/{findings[-1]}", 201, json={
                "audit_id": audit, "space_id": space, "item_id": item, "title": title,
                "description": "Beside the lifts.", "severity": "medium", "remedies": ["remove"],
                "photo_ids": []})
            photos.append(_new())
            await call("auditor", "PUT", f"/photos/{photos[-1]}", 201, params={"finding_id": findings[-1]},
                       content=_jpeg("red"), headers={"content-type": "image/jpeg"})
    findings.append(_new())
    await call("auditor", "PUT", f"/findings/{findings[-1]}", 201, json={
        "audit_id": submitted, "space_id": spaces[0], "item_id": None, "title": "An unlabelled portrait",
        "description": "In the lecture hall.", "severity": "low", "remedies": ["add_context"], "photo_ids": []})
    await call("auditor", "POST", f"/audits/{submitted}/transitions", json={"to": "submitted"})

    # The submitted audit's findings along the remediation path: one in progress with a comment, one a duplicate,
    # one accepted (to be assigned).
    work, twin, accepted = findings[2:5]
    await call("committee", "POST", f"/findings/{accepted}/transitions", json={"to": "accepted",
                                                                               "remedy": "add_context"})
    due = (clock.now().date() + timedelta(days=14)).isoformat()
    await call("committee", "POST", f"/findings/{work}/transitions", json={"to": "accepted", "remedy": "remove"})
    await call("committee", "POST", f"/findings/{work}/transitions", json={
        "to": "assigned", "assignee_id": user_ids["facilities"], "due_date": due, "priority": "high"})
    await call("facilities", "POST", f"/findings/{work}/transitions", json={"to": "in_progress"})
    await call("facilities", "POST", f"/findings/{work}/comments", 201, json={"id": _new(),
                                                                             "text": "Ordered frames."})
    photos.append(_new())
    await call("facilities", "PUT", f"/photos/{photos[-1]}", 201, params={"finding_id": work, "kind": "after"},
               content=_jpeg("teal"), headers={"content-type": "image/jpeg"})
    await call("committee", "POST", f"/findings/{twin}/transitions", json={"to": "duplicate",
                                                                           "duplicate_of": work})

    users = [*user_ids.values(), invited["user"]["id"]]
    return {"users": users, "campuses": [campus], "buildings": [building], "spaces": spaces,
            "audits": [planned, walking, submitted], "responses": responses, "findings": findings,
            "photos": photos, "invitations": [token]}


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Seed:
    data = tmp_path_factory.mktemp("fuzz-seed")
    shutil.copy(sqlite_template, data / "spaces-audit.sqlite3")  # migrated once for the whole test session
    return _run(lambda: _seed(data))


@dataclass
class Target:
    caller: str
    server: Server
    headers: dict[str, str]
    spares: list[str]
    real: dict[str, str]


@pytest.fixture(scope="module")
def targets(seed: Seed, tmp_path_factory: pytest.TempPathFactory) -> Iterator[list[Target]]:
    """A server for each caller, on its own copy of the seeded data, started side by side."""
    servers = []
    for caller in CALLERS:
        data = tmp_path_factory.mktemp(f"fuzz-{caller}")
        shutil.copytree(seed.data, data, dirs_exist_ok=True)
        servers.append(Server(data))
    try:
        for server in servers:
            server.start()
        out = []
        for caller, server in zip(CALLERS, servers, strict=True):
            server.wait()
            served = httpx.get(f"{server.url}/api/openapi.json").json()
            assert served == json.loads(json.dumps(document(ROUTES))), "the document fuzzed is the one served"
            headers = {"origin": server.url}
            if caller != "nobody":
                headers["cookie"] = f"sa_session={seed.tokens[caller]}"
            out.append(Target(caller, server, headers, list(seed.spares.get(caller, [])), seed.real))
        yield out
    finally:
        for server in servers:
            server.stop()


def _placeholder(kind: str, index: int) -> str:
    return f"seeded-{kind}-{index}"


def _bodies() -> dict[tuple[str, str], dict[str, Any]]:
    """A well-formed body for the writes whose every field must fit the seeded records to succeed: random
    bodies hardly ever do, and then the answers that carry records (200, 201) would go unchecked."""
    def p(kind: str, index: int) -> str:
        return _placeholder(kind, index)

    auditor, facilities = p("users", list(PERSONAS).index("auditor")), p("users", list(PERSONAS).index("facilities"))
    spaces = [p("spaces", i) for i in range(RECORDS["spaces"])]
    return {
        ("PUT", "/api/audits/{id}"): {"building_id": p("buildings", 0), "checklist_id": CHECKLIST,
                                      "title": "Summer walk", "member_ids": [auditor], "space_ids": spaces},
        ("POST", "/api/audits/{id}/transitions"): {"to": "in_progress"},
        # Changes of the walking audit's records, on the revision they were made with.
        ("PUT", "/api/responses/{id}"): {"audit_id": p("audits", 1), "space_id": spaces[0],
                                         "item_id": "posters-people-present", "answer": "no", "note": "Bare walls.",
                                         "base_revision": 1},
        ("PUT", "/api/findings/{id}"): {"audit_id": p("audits", 1), "space_id": spaces[1],
                                        "title": "A caricature by the lifts", "description": "Third floor.",
                                        "severity": "high", "remedies": ["remove"], "photo_ids": [],
                                        "base_revision": 1},
        # The accepted finding of the submitted audit, assigned.
        ("POST", "/api/findings/{id}/transitions"): {"to": "assigned", "assignee_id": facilities,
                                                     "due_date": "2099-01-31"},
        ("POST", "/api/findings/assignments"): {"finding_ids": [p("findings", 4)], "assignee_id": facilities,
                                                "due_date": "2099-01-31", "priority": "high"},
    }


def _offered(doc: dict[str, Any]) -> dict[str, Any]:
    """The document with seeded records offered beside whatever the schemas allow, for parameters and body
    fields, so requests reach real records sometimes, not only missing ones. Records are made when the tests
    run, so they are offered as placeholders, swapped for real ids just before each request. Only the request
    side changes: responses are checked against the document as the server serves it."""
    doc = copy.deepcopy(doc)

    def values(name: str) -> list[str]:
        kind = FIELDS.get(name, name)
        return [_placeholder(kind, i) for i in range(RECORDS[kind])] if kind in RECORDS else VALUES.get(name, [])

    def widen(schema: dict[str, Any], offered: list[str]) -> dict[str, Any]:
        if schema.get("type") == "array":
            return {**schema, "items": widen(schema.get("items", {}), offered)}
        return {"anyOf": [schema, {"enum": offered}]}

    bodies = _bodies()
    for path, operations in doc["paths"].items():
        resource = path.split("/")[2]
        for method, operation in operations.items():
            for param in operation.get("parameters", []):
                offered = values(resource if param["in"] == "path" and param["name"] == "id" else param["name"])
                if offered:
                    param["schema"] = widen(param["schema"], offered)
                    param["examples"] = {f"seeded{i}": {"value": v} for i, v in enumerate(offered)}
            body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema")
            for name, prop in (body or {}).get("properties", {}).items():
                if offered := values(name):
                    body["properties"][name] = widen(prop, offered)
            if example := bodies.get((method.upper(), path)):
                operation["requestBody"]["content"]["application/json"]["examples"] = {"seeded": {"value": example}}
    return doc


def _real(value: Any, real: dict[str, str]) -> Any:
    if isinstance(value, str):
        return real.get(value, value)
    if isinstance(value, list):
        return [_real(v, real) for v in value]
    if isinstance(value, dict):
        return {k: _real(v, real) for k, v in value.items()}
    return value


PUBLIC_OPERATIONS = {(r.method, document_path(r.path)) for r in ROUTES if r.access == PUBLIC}
# Learning from responses is off: they carry ids and times that differ from run to run, and generation must
# depend on the seed alone.
NO_FEEDBACK = {"extra-data-sources": {"responses": False}}
CONFIG = schemathesis.Config.from_dict({
    "seed": SEED,
    # Health checks time the generation: their verdict would depend on the machine's speed.
    "suppress-health-check": ["all"],
    "generation": {"mode": "all", "deterministic": True, "max-examples": EXAMPLES_PER_OPERATION,
                   "database": "none"},
    "phases": {
        "examples": NO_FEEDBACK,
        # Every method an address does not have is answered 405 by Starlette (tests/api/test_health.py).
        "coverage": {**NO_FEEDBACK, "unexpected-methods": []},
        "fuzzing": {**NO_FEEDBACK, "error-feedback": {"enabled": False}},
        "stateful": {"enabled": False},
    },
    # The findings PDF takes the same filters as the findings CSV, which gets every boundary case; rendering a
    # PDF for each of them would take a third of the run, so the PDF gets the examples and the fuzzing only.
    "operations": [{"include-name": "GET /api/reports/findings.pdf",
                    "phases": {"coverage": {"enabled": False}}}],
})
# The document the server serves (built from the same route table: the targets fixture checks they are equal),
# loaded at collection: one test per operation.
schema = schemathesis.openapi.from_dict(_offered(document(ROUTES)), config=CONFIG)


# The one-value parametrisation gives each operation's test its name (METHOD /path) in pytest's node ids:
# schemathesis 4.32 under pytest 9 names unparametrised tests after the function alone.
@pytest.mark.parametrize("callers", [CALLERS], ids=["as-each-caller"])
@schema.parametrize()
def test_every_operation_keeps_its_contract(case: schemathesis.Case, targets: list[Target],
                                            callers: tuple[str, ...]) -> None:
    """Each generated request is sent as every caller, each to their own server: generating it is the costly
    part, so it is done once."""
    for part in ("path_parameters", "query", "body"):
        setattr(case, part, _real(getattr(case, part), targets[0].real))
    chosen = callers
    if (case.method, case.path) in PUBLIC_OPERATIONS:
        # Public routes answer everyone alike, and some are slow on purpose (a login hashes a password): each
        # request goes to nobody and to one person, chosen by the request itself, so a failure replays.
        digest = hashlib.sha256(repr((case.path_parameters, case.query, case.body)).encode()).digest()
        chosen = ("nobody", callers[1 + digest[0] % (len(callers) - 1)])
    for target in targets:
        if target.caller in chosen:
            _send(case, target)


def _send(case: schemathesis.Case, target: Target) -> None:
    headers = dict(target.headers)
    if case.method == "DELETE" and case.path == "/api/session" and target.spares:
        headers["cookie"] = f"sa_session={target.spares.pop()}"
    logged = target.server.log_size()
    try:
        response = case.call_and_validate(base_url=target.server.url, headers=headers, checks=CHECKS)
    except BaseException as exc:
        exc.add_note(f"Sent as {target.caller}.")
        # The server's own account of a 500 (its traceback), beside schemathesis' report of it.
        if logged_error := target.server.tracebacks(since=logged):
            exc.add_note(logged_error)
        raise
    if target.caller != "nobody" and response.status_code == 401:
        # Only a wrong login answers 401 to someone logged in; anything else means the run lost its session.
        assert response.json()["error"]["code"] != "not_authenticated", f"{target.caller} lost their session"

"""Health, the error shape, and the OpenAPI document."""

from __future__ import annotations

import copy
from pathlib import Path

import api_contract
import asyncpg
import pytest
from starlette.routing import Mount, Route

from server.api import ROUTES
from server.app import create_app
from server.http.openapi import document, document_path
from server.models import User


async def _lose_the_database(db) -> None:
    """What a dead database looks like to a running server: its data unreadable on the next connection."""
    if db.kind == "sqlite":
        # The file overwritten (a bad disk, a botched restore); the open connection is dropped, as after a
        # restart, so the next query has to read the file again.
        await User._meta.db.close()
        Path(db.url.removeprefix("sqlite://").split("?")[0]).write_bytes(b"not a database " * 512)
    else:
        # The database dropped under the server: FORCE ends the server's connections too.
        base, name = db.url.rsplit("/", 1)
        admin = await asyncpg.connect(base.replace("asyncpg://", "postgresql://") + "/postgres")
        try:
            await admin.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
        finally:
            await admin.close()


@pytest.mark.own_database  # it drops the database under the server
async def test_health_checks_the_database(anon, db):
    response = await anon.get("/api/health")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    # The check is made on each call, against the real database: once it is gone, health says so.
    await _lose_the_database(db)
    response = await anon.get("/api/health")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable"}
    assert response.headers["content-type"].startswith("application/json")


async def test_unknown_api_address_is_a_json_404(anon):
    response = await anon.get("/api/no-such-thing")
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


async def test_wrong_method_is_a_json_405(anon):
    response = await anon.put("/api/health", json={})
    assert response.status_code == 405
    assert set(response.json()["error"]) == {"code", "message", "field"}


def _app_api_routes() -> set[tuple[str, str]]:
    app = create_app()
    api = next(r for r in app.routes if isinstance(r, Mount) and r.path == "/api")
    found = set()
    for route in api.routes:
        assert isinstance(route, Route)
        for method in route.methods or ():
            if method != "HEAD":
                found.add((method.lower(), document_path(route.path)))
    return found


async def test_openapi_describes_every_route(anon):
    doc = (await anon.get("/api/openapi.json")).json()
    assert doc["openapi"].startswith("3.")
    described = {(m, p) for p, ops in doc["paths"].items() for m in ops}
    assert _app_api_routes() == described
    schemas = doc["components"]["schemas"]
    for path, ops in doc["paths"].items():
        for method, op in ops.items():
            assert op["summary"], (method, path)
            for status, answer in op["responses"].items():
                for content in answer.get("content", {}).values():
                    ref = content["schema"].get("$ref", "")
                    assert not ref or ref.rsplit("/", 1)[1] in schemas, (method, path, status)
            if method in ("post", "patch", "put") and path not in ("/api/users/{id}/invitations",):
                body = op.get("requestBody", {}).get("content", {})
                assert body, f"{method} {path} has no request shape"
    assert len(ROUTES) == len(described)



async def test_the_test_client_checks_each_answer_against_the_document(anon, monkeypatch):
    """The API tests' client refuses an answer its document does not describe (here: a document whose
    health answer has no fields)."""
    doc = copy.deepcopy(document(ROUTES))
    doc["components"]["schemas"]["Health"]["properties"] = {}
    monkeypatch.setattr(api_contract, "contract", lambda: api_contract.Contract(doc, ROUTES))
    with pytest.raises(api_contract.ContractError, match="'status' was unexpected"):
        await anon.get("/api/health")

async def test_sqlite_runs_in_wal_mode_with_a_busy_timeout(db):
    if db.kind != "sqlite":
        return
    from server.models import User

    conn = User._meta.db
    assert (await conn.execute_query_dict("PRAGMA journal_mode"))[0]["journal_mode"] == "wal"
    assert (await conn.execute_query_dict("PRAGMA busy_timeout"))[0]["timeout"] == 5000

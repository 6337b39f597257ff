"""Every error is answered through the one registry: a batch operation that fails gets exactly the status and body
the same request gets when it is sent alone."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest
from conftest import ORIGIN

import server.api
import server.app
from server.api import batch
from server.domain.community import views as community_views
from server.errors import PROBLEMS
from server.http.routing import LOGGED_IN, ApiRoute, Call


async def _same_alone_and_in_a_batch(client: httpx.AsyncClient, method: str, path: str,
                                     body: dict[str, Any] | None) -> tuple[int, dict[str, Any]]:
    """Send the request alone, then as the only operation of a batch; both answers must be the same."""
    alone = await client.request(method, path, json=body)
    op = str(uuid.uuid4())
    answered = await client.post("/api/batch", json={"operations": [
        {"id": op, "method": method, "path": path, **({} if body is None else {"body": body})}]})
    assert answered.status_code == 200, answered.text
    assert answered.json()["results"] == [{"id": op, "status": alone.status_code, "body": alone.json()}]
    return alone.status_code, alone.json()["error"]


async def test_a_refused_operation_is_answered_in_a_batch_exactly_as_alone(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    answer = {"audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": "present", "answer": "yes"}
    cases = [
        # An address no route has; one that exists for another method.
        ("PUT", f"/api/findings/{uuid.uuid4()}/nothing", {}, 404, "not_found"),
        ("PATCH", f"/api/responses/{uuid.uuid4()}", answer, 405, "method_not_allowed"),
        # Refused by the domain: a record that is not there, a move the audit cannot make, a value that is not one.
        ("PUT", f"/api/responses/{uuid.uuid4()}", {**answer, "audit_id": str(uuid.uuid4())}, 404, "not_found"),
        ("POST", f"/api/audits/{audit['id']}/transitions", {"to": "submitted"}, 409, "invalid_transition"),
        ("PUT", f"/api/responses/{uuid.uuid4()}", {**answer, "answer": "maybe"}, 422, "validation"),
    ]
    for method, path, body, status, code in cases:
        answered, error = await _same_alone_and_in_a_batch(auditor, method, path, body)
        assert (answered, error["code"]) == (status, code), (method, path, error)
        assert PROBLEMS[code].status == status
    # Nothing refused changed anything: the audit is still only planned.
    assert (await auditor.get(f"/api/audits/{audit['id']}")).json()["status"] == "planned"


@pytest.fixture
def lookup_app(monkeypatch: pytest.MonkeyPatch, settings):
    """The app with one more batchable route, whose domain call raises Tortoise's DoesNotExist; and the ids it
    was called with."""
    called: list[str] = []

    async def report_of_the_audit(call: Call) -> dict[str, Any]:
        # A domain function that looks its record up with .get(), trusting an earlier check, meets a missing one.
        called.append(call.path("id"))
        return await community_views.detail_json(call.path("id"))

    routes = [*server.api.ROUTES, ApiRoute("PUT", "/audits/{id}/community-report", report_of_the_audit,
                                           "Test only: a lookup that finds nothing.", LOGGED_IN)]
    monkeypatch.setattr(server.api, "ROUTES", routes)  # what the batch endpoint dispatches to
    monkeypatch.setattr(server.app, "ROUTES", routes)  # what create_app mounts
    monkeypatch.setattr(batch, "_routes", [])  # the batch endpoint's table, built again from the above
    return server.app.create_app(settings, manage_db=False), called


async def test_a_record_missing_inside_the_domain_is_the_same_404_alone_and_in_a_batch(lookup_app, people):
    app, called = lookup_app
    audit_id = str(uuid.uuid4())
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=ORIGIN,
                                 cookies=dict(people["auditor"].client.cookies)) as client:
        status, error = await _same_alone_and_in_a_batch(client, "PUT", f"/api/audits/{audit_id}/community-report",
                                                         None)
    assert called == [audit_id, audit_id]  # the domain ran both times: the 404 is its, not the router's
    assert (status, error) == (404, {"code": "not_found", "message": PROBLEMS["not_found"].message, "field": None})

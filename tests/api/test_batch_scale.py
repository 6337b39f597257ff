"""A batch pays the session and audit checks once and writes each audit's operations in one transaction: its SQL
statements do not grow with the number of answers, and a batch too large is refused whole, before anything runs.

The statement counter below wraps the database clients' execute methods (the outermost call only, so a method
that calls another counts once). It is local to this file: tests/query_count.py (issue 17's shared helper) was
not there yet when it was written.
"""

from __future__ import annotations

import contextvars
import functools
import json
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from tortoise.backends.base.client import BaseDBAsyncClient

from server.api.batch import MAX_OPERATIONS
from server.http.routing import MAX_JSON_BYTES
from server.models import AuditEvent, Finding, Operation, Response, ResponseRevision

EXECUTE = ("execute_query", "execute_query_dict", "execute_insert", "execute_many", "execute_script")
ITEMS = ("present", "languages", "tone", "remarks")  # always shown, whatever the answers
VALUES = {"present": "no", "languages": ["english"], "tone": "neutral", "remarks": "Clear."}


class Statements:
    def __init__(self) -> None:
        self.count = 0


def _client_classes(base: type = BaseDBAsyncClient) -> Iterator[type]:
    for sub in base.__subclasses__():
        yield sub
        yield from _client_classes(sub)


@pytest.fixture
def statements(monkeypatch: pytest.MonkeyPatch) -> Statements:
    counter = Statements()
    inside: contextvars.ContextVar[bool] = contextvars.ContextVar("inside", default=False)

    def counted(method: Any) -> Any:
        @functools.wraps(method)
        async def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
            if inside.get():
                return await method(self, *args, **kwargs)
            counter.count += 1
            token = inside.set(True)
            try:
                return await method(self, *args, **kwargs)
            finally:
                inside.reset(token)
        return wrapper

    for cls in {*_client_classes()}:
        for name in EXECUTE:
            if name in vars(cls):
                monkeypatch.setattr(cls, name, counted(vars(cls)[name]))
    return counter


async def _audit_of(walk: Any, spaces: int) -> tuple[dict[str, Any], list[str]]:
    """A planned audit of this many new spaces (room for one answer per space and item)."""
    admin = walk.people["admin"].client
    ids = [(await admin.post("/api/spaces", json={"building_id": walk.building["id"], "floor": "2",
                                                   "room_number": f"2{n:02d}", "name": f"Room 2{n:02d}",
                                                   "kind": "office"})).json()["id"] for n in range(spaces)]
    planned = await walk.people["auditor"].client.put(f"/api/audits/{uuid.uuid4()}",
                                                      json=walk.plan_body(space_ids=ids))
    assert planned.status_code == 201, planned.text
    return planned.json(), ids


def _answers(audit: dict[str, Any], spaces: list[str], count: int) -> list[dict[str, Any]]:
    places = [(space, item) for space in spaces for item in ITEMS][:count]
    assert len(places) == count
    return [{"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/responses/{uuid.uuid4()}",
             "body": {"audit_id": audit["id"], "space_id": space, "item_id": item, "answer": VALUES[item]}}
            for space, item in places]


async def test_a_batch_of_100_answers_runs_as_many_statements_as_a_batch_of_10(walk, people, statements):
    auditor = people["auditor"].client
    audit, spaces = await _audit_of(walk, 30)
    small, large = _answers(audit, spaces[:3], 10), _answers(audit, spaces[3:], 100)
    counts = []
    for ops in (small, large):
        statements.count = 0
        answered = await auditor.post("/api/batch", json={"operations": ops})
        counts.append(statements.count)
        assert answered.status_code == 200, answered.text
        assert [r["status"] for r in answered.json()["results"]] == [201] * len(ops)
    # The first batch also started the audit (its status and history entry): the second does no more than it.
    assert counts[1] <= counts[0], counts
    assert counts[1] <= 25, counts
    print("statements (10 answers, 100 answers):", counts)
    assert await Response.filter(audit_id=audit["id"]).count() == 110
    assert await ResponseRevision.filter(response__audit_id=audit["id"]).count() == 110
    assert await Operation.filter(done=True).count() >= 110
    moves = await AuditEvent.filter(audit_id=audit["id"]).values_list("to_status", flat=True)
    assert sorted(moves).count("in_progress") == 1  # the first answer started it, once

    # Sent again (the phone never heard the answer): the same answers, nothing written.
    statements.count = 0
    again = await auditor.post("/api/batch", json={"operations": large})
    assert [r["status"] for r in again.json()["results"]] == [201] * 100
    assert statements.count <= 10, statements.count
    assert await Response.filter(audit_id=audit["id"]).count() == 110


async def test_a_refused_operation_in_the_middle_writes_nothing_of_its_own_and_the_rest_is_kept(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    room = walk.spaces[0]["id"]
    answers = _answers(audit, [s["id"] for s in walk.spaces], 6)
    finding_id = str(uuid.uuid4())
    # An item whose finding needs a photo, recorded without one: refused with its own error.
    finding = {"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/findings/{finding_id}",
               "body": {"audit_id": audit["id"], "space_id": room, "item_id": "labelled", "title": "No labels",
                        "description": "", "severity": "low", "remedies": [], "photo_ids": []}}
    bad_answer = {**answers[4], "body": {**answers[4]["body"], "answer": "furious"}}
    ops = [*answers[:3], finding, bad_answer, answers[5]]
    answered = await auditor.post("/api/batch", json={"operations": ops})
    results = answered.json()["results"]
    assert [r["status"] for r in results] == [201, 201, 201, 422, 422, 201]
    assert results[3]["body"]["error"]["field"] == "photo_ids"
    assert results[4]["body"]["error"]["field"] == "answer"
    assert await Finding.filter(id=finding_id).count() == 0
    assert await Response.filter(audit_id=audit["id"]).count() == 4
    # The refusals are remembered like the same requests sent alone: a replay gets the same answers.
    again = await auditor.post("/api/batch", json={"operations": ops})
    assert again.json() == answered.json()


async def test_a_second_change_to_one_answer_in_the_same_batch_sees_the_first(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    rid = str(uuid.uuid4())
    body = {"audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": "present", "answer": "yes"}
    ops = [{"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/responses/{rid}", "body": body},
           {"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/responses/{rid}",
            "body": {**body, "answer": "no", "base_revision": 1}},
           {"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/responses/{uuid.uuid4()}", "body": body}]
    results = (await auditor.post("/api/batch", json={"operations": ops})).json()["results"]
    assert [r["status"] for r in results] == [201, 200, 409]
    assert (results[0]["body"]["revision"], results[1]["body"]["revision"]) == (1, 2)
    # Another id for the same item and space: told the answer already there (the one just changed).
    assert results[2]["body"]["error"]["current"]["answer"] == "no"
    assert (await Response.get(id=rid)).value == "no"


async def test_a_thousand_operations_in_one_batch_are_refused_whole_with_the_limit_named(walk, people):
    auditor = people["auditor"].client
    audit, spaces = await _audit_of(walk, 3)
    ops = [{"id": str(uuid.uuid4()), "method": "DELETE", "path": f"/api/findings/{uuid.uuid4()}"}
           for _ in range(1000)]
    ops[0] = _answers(audit, spaces, 1)[0]
    body = {"operations": ops}
    assert len(json.dumps(body)) < MAX_JSON_BYTES  # refused for its number of operations, not its size
    refused = await auditor.post("/api/batch", json=body)
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["field"] == "operations" and str(MAX_OPERATIONS) in error["message"] and "1000" in error["message"]
    assert await Response.filter(audit_id=audit["id"]).count() == 0
    just_enough = await auditor.post("/api/batch", json={"operations": ops[:MAX_OPERATIONS]})
    assert just_enough.status_code == 200
    assert await Response.filter(audit_id=audit["id"]).count() == 1

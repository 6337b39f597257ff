"""The contract check the API tests' client runs on every answer (tests/api_contract.py) refuses what the OpenAPI
document does not describe, so a handler's drift cannot pass silently."""

from __future__ import annotations

import json
import uuid
from typing import Any

import httpx
import pytest
from api_contract import ContractError, check_response, contract

WHEN = "2026-11-22T09:00:00Z"
ME = {"id": str(uuid.uuid4()), "email": "ada.admin@hospital.example", "name": "Ada Admin", "roles": ["admin"],
      "disabled": False, "has_password": True, "created_at": WHEN, "last_login_at": None, "lang": "es",
      "verbs": ["user.manage"]}
NOT_FOUND = {"error": {"code": "not_found", "message": "Nothing exists at this address.", "field": None}}
ANSWER = {"id": str(uuid.uuid4()), "audit_id": str(uuid.uuid4()), "space_id": str(uuid.uuid4()), "item_id": "present",
          "answer": "yes", "note": "", "revision": 1, "answered_by": {"id": ME["id"], "name": "Ada Admin"},
          "updated_at": WHEN}


async def answer(method: str, path: str, status: int, body: Any = None, *, raw: bytes | None = None,
                 content_type: str = "application/json", sent: Any = None) -> None:
    """Hand the hook an answer, as the test client does."""
    content = raw if raw is not None else b"" if body is None else json.dumps(body).encode()
    headers = {"content-type": content_type} if content else {}
    request = httpx.Request(method, f"http://testserver{path}", json=sent)
    await check_response(httpx.Response(status, content=content, headers=headers, request=request))


async def test_a_documented_answer_passes():
    await answer("GET", "/api/me", 200, ME)
    await answer("GET", f"/api/users/{uuid.uuid4()}", 404, NOT_FOUND)
    await answer("GET", "/api/reports/findings.csv", 200, raw=b"id,title\r\n", content_type="text/csv; charset=utf-8")
    await answer("DELETE", "/api/session", 204)


async def test_a_field_the_document_does_not_list_fails():
    with pytest.raises(ContractError, match="'secret' was unexpected"):
        await answer("GET", "/api/me", 200, {**ME, "secret": "x"})


async def test_a_documented_field_that_is_missing_fails():
    with pytest.raises(ContractError, match='"verbs" is a required property'):
        await answer("GET", "/api/me", 200, {k: v for k, v in ME.items() if k != "verbs"})


async def test_a_value_of_the_wrong_kind_fails():
    with pytest.raises(ContractError, match="at /roles/0"):
        await answer("GET", "/api/me", 200, {**ME, "roles": ["emperor"]})
    with pytest.raises(ContractError, match="at /created_at"):
        await answer("GET", "/api/me", 200, {**ME, "created_at": "yesterday"})


async def test_a_status_the_operation_does_not_document_fails():
    with pytest.raises(ContractError, match="a status its operation does not document"):
        await answer("GET", "/api/me", 418, NOT_FOUND)


async def test_an_error_not_in_the_shared_shape_fails():
    with pytest.raises(ContractError, match="'detail' was unexpected"):
        await answer("GET", f"/api/users/{uuid.uuid4()}", 404, {"detail": "Not Found"})


async def test_an_address_that_is_no_operation_may_only_answer_an_error():
    await answer("GET", "/api/no-such-thing", 404, NOT_FOUND)
    with pytest.raises(ContractError, match="does not document"):
        await answer("GET", "/api/no-such-thing", 200, {"items": []})
    with pytest.raises(ContractError, match="does not document"):
        await answer("PUT", "/api/health", 200, {"status": "ok"})


async def test_a_file_of_another_type_than_documented_fails():
    with pytest.raises(ContractError, match="where the document says text/csv"):
        await answer("GET", "/api/reports/findings.csv", 200, [{"id": "x"}])


async def test_a_body_where_the_document_says_none_fails():
    with pytest.raises(ContractError, match="where the document says none"):
        await answer("DELETE", "/api/session", 204, {"ok": True})


async def test_each_result_of_a_batch_is_checked_against_its_own_operation():
    sent = {"operations": [{"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/responses/{ANSWER['id']}",
                            "body": {}}]}
    results = [{"id": sent["operations"][0]["id"], "status": 201, "body": ANSWER}]
    await answer("POST", "/api/batch", 200, {"results": results}, sent=sent)
    results[0]["body"] = {**ANSWER, "answered_by": {**ANSWER["answered_by"], "email": "a@b.example"}}
    with pytest.raises(ContractError, match=r"PUT /api/responses/.* answered 201"):
        await answer("POST", "/api/batch", 200, {"results": results}, sent=sent)


def _objects(node: Any, where: str) -> list[tuple[str, dict[str, Any]]]:
    if isinstance(node, list):
        return [found for i, item in enumerate(node) for found in _objects(item, f"{where}/{i}")]
    if not isinstance(node, dict):
        return []
    here = [(where, node)] if "properties" in node else []
    return here + [found for key, value in node.items() for found in _objects(value, f"{where}/{key}")]


def test_every_response_object_whose_fields_are_listed_is_closed():
    doc = contract().doc
    responses = [(f"{path} {method}", op["responses"]) for path, ops in doc["paths"].items()
                 for method, op in ops.items()]
    found = _objects(doc["components"]["schemas"], "#/components/schemas") + [
        found for where, answers in responses for found in _objects(answers, where)]
    assert len(found) > 100
    open_ = [where for where, schema in found if schema.get("additionalProperties") is not False]
    assert open_ == [], "objects that list their fields but let others in"

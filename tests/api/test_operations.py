"""The operation log and the batch endpoint: a replayed operation gets the first answer and changes nothing,
even when the copies arrive at the same time."""

from __future__ import annotations

import asyncio
import json
import uuid

from server.models import AuditEvent, Finding, Operation, Response


async def test_a_replayed_operation_gets_the_first_answer_even_after_the_record_changed(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    rid, op = str(uuid.uuid4()), str(uuid.uuid4())
    body = {"audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": "present", "answer": "yes"}
    first = await auditor.put(f"/api/responses/{rid}", json=body, headers={"Idempotency-Key": op})
    assert first.status_code == 201
    changed = await auditor.put(f"/api/responses/{rid}", json={**body, "answer": "no", "base_revision": 1})
    assert changed.json()["revision"] == 2
    replay = await auditor.put(f"/api/responses/{rid}", json=body, headers={"Idempotency-Key": op})
    assert replay.status_code == 201 and replay.json() == first.json()
    assert replay.headers["idempotent-replay"] == "true"
    assert (await Response.get(id=rid)).value == "no"  # the replay did not undo the later change
    misuse = await auditor.put(f"/api/findings/{uuid.uuid4()}", json={}, headers={"Idempotency-Key": op})
    assert misuse.status_code == 409 and misuse.json()["error"]["field"] == "Idempotency-Key"
    bad = await auditor.put(f"/api/responses/{rid}", json=body, headers={"Idempotency-Key": "seven"})
    assert bad.status_code == 400


async def test_a_refusal_is_remembered_too(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    op = str(uuid.uuid4())
    body = {"audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": "present", "answer": "maybe"}
    url = f"/api/responses/{uuid.uuid4()}"
    first = await auditor.put(url, json=body, headers={"Idempotency-Key": op})
    assert first.status_code == 422
    again = await auditor.put(url, json=body, headers={"Idempotency-Key": op})
    assert again.status_code == 422 and again.json() == first.json()


async def test_concurrent_copies_of_one_operation_apply_once(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    fid, op = str(uuid.uuid4()), str(uuid.uuid4())
    body = {"audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": None, "title": "A slur on a sign",
            "description": "", "severity": "high", "remedies": ["remove"], "photo_ids": []}
    answers = await asyncio.gather(*[
        auditor.put(f"/api/findings/{fid}", json=body, headers={"Idempotency-Key": op}) for _ in range(4)])
    assert sorted(a.status_code for a in answers) == [201, 201, 201, 201]
    assert len({json.dumps(a.json(), sort_keys=True) for a in answers}) == 1
    assert await Finding.filter(id=fid).count() == 1
    assert await Operation.filter(done=True).count() >= 1


async def test_a_batch_runs_each_operation_as_if_alone_and_twice_changes_nothing(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    room = walk.spaces[0]
    ops = [{"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/responses/{uuid.uuid4()}",
            "body": {"audit_id": audit["id"], "space_id": room["id"], "item_id": item, "answer": value}}
           for item, value in [("present", "no"), ("languages", ["spanish"]), ("tone", "furious")]]
    ops.append({"id": str(uuid.uuid4()), "method": "PUT",
                "path": f"/api/audits/{audit['id']}/spaces/{walk.spaces[1]['id']}",
                "body": {"skipped": {"reason": "renovation", "note": ""}}})
    first = await auditor.post("/api/batch", json={"operations": ops})
    assert first.status_code == 200, first.text
    statuses = [r["status"] for r in first.json()["results"]]
    assert statuses == [201, 201, 422, 200]
    assert first.json()["results"][2]["body"]["error"]["field"] == "answer"
    events = await AuditEvent.filter(audit_id=audit["id"]).count()

    again = await asyncio.gather(*[auditor.post("/api/batch", json={"operations": ops}) for _ in range(2)])
    for response in again:
        assert response.json() == first.json()
    assert await Response.filter(audit_id=audit["id"]).count() == 2
    assert await AuditEvent.filter(audit_id=audit["id"]).count() == events


async def test_a_batch_checks_its_operations_and_each_ones_access(walk, people):
    audit = await walk.plan()
    auditor = people["auditor"].client
    for ops, field in [([], "operations"),
                       ([{"id": "x", "method": "PUT", "path": "/api/audits/1"}], "operations[0].id"),
                       ([{"id": str(uuid.uuid4()), "method": "GET", "path": f"/api/audits/{audit['id']}"}],
                        "operations[0].method"),
                       ([{"id": str(uuid.uuid4()), "method": "PATCH", "path": f"/api/users/{uuid.uuid4()}"}],
                        "operations[0].path")]:
        response = await auditor.post("/api/batch", json={"operations": ops})
        assert response.status_code == 422 and response.json()["error"]["field"] == field, response.text
    # The committee may send a batch, but each write inside is checked like any other: they do not walk.
    op = {"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/responses/{uuid.uuid4()}",
          "body": {"audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": "present", "answer": "no"}}
    refused = await people["committee"].client.post("/api/batch", json={"operations": [op]})
    assert refused.json()["results"][0]["status"] == 403


async def test_an_operation_tried_alone_and_then_in_a_batch_is_one_operation(walk, people):
    # The phone sends a lone change by itself; if the answer is lost, it may be retried inside a batch.
    auditor = people["auditor"].client
    audit = await walk.plan()
    rid, op = str(uuid.uuid4()), str(uuid.uuid4())
    body = {"audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": "present", "answer": "yes"}
    alone = await auditor.put(f"/api/responses/{rid}", json=body, headers={"Idempotency-Key": op})
    assert alone.status_code == 201
    batch = await auditor.post("/api/batch", json={"operations": [
        {"id": op, "method": "PUT", "path": f"/api/responses/{rid}", "body": body}]})
    assert batch.json()["results"] == [{"id": op, "status": 201, "body": alone.json()}]
    later = str(uuid.uuid4())
    await auditor.post("/api/batch", json={"operations": [
        {"id": later, "method": "PUT", "path": f"/api/responses/{rid}", "body": {**body, "answer": "no",
                                                                                  "base_revision": 1}}]})
    again = await auditor.put(f"/api/responses/{rid}", json={**body, "answer": "no", "base_revision": 1},
                              headers={"Idempotency-Key": later})
    assert again.status_code == 200 and again.headers["idempotent-replay"] == "true"
    assert await Response.filter(audit_id=audit["id"]).count() == 1


async def test_every_saved_state_of_an_answer_is_kept_with_who_and_when(walk, people):
    auditor, other = people["auditor"].client, people["admin"].client
    team = [str(people["auditor"].user.id), str(people["admin"].user.id)]
    audit = (await auditor.put(f"/api/audits/{uuid.uuid4()}", json=walk.plan_body(member_ids=team))).json()
    rid = str(uuid.uuid4())
    body = {"audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": "present", "answer": "yes"}
    assert (await auditor.put(f"/api/responses/{rid}", json=body)).status_code == 201
    assert (await other.put(f"/api/responses/{rid}", json={**body, "note": "Two portraits", "base_revision": 1})
            ).status_code == 200
    stale = await auditor.put(f"/api/responses/{rid}", json={**body, "answer": "no", "base_revision": 1})
    assert stale.status_code == 409 and stale.json()["error"]["current"]["note"] == "Two portraits"
    merged = await auditor.put(f"/api/responses/{rid}", json={**body, "answer": "no", "note": "Two portraits",
                                                               "base_revision": 2})
    assert merged.status_code == 200
    history = (await auditor.get(f"/api/responses/{rid}")).json()
    assert [(h["revision"], h["answer"], h["note"], h["by"]["name"]) for h in history["history"]] == [
        (3, "no", "Two portraits", people["auditor"].user.name), (2, "yes", "Two portraits", people["admin"].user.name),
        (1, "yes", "", people["auditor"].user.name)]
    assert (await people["facilities"].client.get(f"/api/responses/{rid}")).status_code == 403
    assert (await auditor.get(f"/api/responses/{uuid.uuid4()}")).status_code == 404

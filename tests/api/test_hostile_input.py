"""Bad input a phone or a stranger can send: each gets a clear 4xx, and nothing stored changes.

Lone surrogates, NUL, NaN and deep nesting are refused where JSON is parsed, for every route; query
parameters with control characters are refused; ids of another team's records never show what they hold.
"""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

import pytest

from server.api import ROUTES
from server.auth.sessions import actor_of, start_session
from server.domain.audits import skips
from server.domain.people.users import create_user
from server.models import Audit, AuditEvent, AuditSpace, Finding, FindingComment, Photo, Response, User

from .finding_steps import jpeg

SURROGATE = '"x\\ud800y"'  # JSON text: a lone surrogate escape, which no UTF-8 text can hold
ROLE_ORDER = ("admin", "committee", "auditor", "facilities")


def poisoned(body: dict[str, Any], name: str) -> bytes:
    """JSON text of body with field `name` replaced by a lone surrogate (json.dumps cannot write one)."""
    marker = "\u2603MARK\u2603"
    text = json.dumps({**body, name: marker}, ensure_ascii=False)
    return text.replace(json.dumps(marker, ensure_ascii=False), SURROGATE).encode()


def _path(template: str) -> str:
    return "/api" + re.sub(r"\{[^}]+\}", lambda _: str(uuid.uuid4()), template)


JSON = {"content-type": "application/json"}


async def test_every_text_field_of_every_route_refuses_a_lone_surrogate(people, anon):
    checked = 0
    for route in ROUTES:
        if route.body is None:
            continue
        for name in route.body.fields:
            clients = [anon] if route.access == "public" else [people[r].client for r in ROLE_ORDER]
            for client in clients:
                response = await client.request(route.method, _path(route.path), content=poisoned({}, name),
                                                headers=JSON)
                if response.status_code in (401, 403):
                    continue  # this role may not call the route: the next one may
                assert response.status_code == 422, (route.method, route.path, name, response.text)
                assert response.json()["error"]["field"] == name, (route.path, response.text)
                assert "surrogate" in response.json()["error"]["message"]
                checked += 1
                break
            else:
                pytest.fail(f"no role could call {route.method} {route.path}")
    assert checked >= 40  # every field of every route with a body, not a handful


async def test_login_without_a_session_refuses_a_surrogate_and_deep_nesting(anon):
    response = await anon.post("/api/session", content=b'{"email": ' + SURROGATE.encode() + b', "password": "x"}',
                               headers=JSON)
    assert response.status_code == 422 and response.json()["error"]["field"] == "email"
    for depth in (33, 1_200, 10_000):
        body = b"[" * depth + b"]" * depth
        response = await anon.post("/api/session", content=body, headers=JSON)
        assert response.status_code == 400, depth
        assert response.json()["error"]["code"] == "invalid_json"
        assert "nested" in response.json()["error"]["message"]


async def test_nesting_within_the_limit_reaches_the_route(people):
    body = {"title": "Deep", "ignored": json.loads("[" * 30 + "]" * 30)}
    response = await people["admin"].client.post("/api/campuses", json=body)
    assert response.status_code == 422 and response.json()["error"]["field"] == "ignored"  # the route's check


@pytest.mark.parametrize("raw", [b'{"name": NaN}', b'{"name": Infinity}', b'{"name": 1e999}',
                                 b'{"name": "a\\u0000b"}'])
async def test_values_json_cannot_carry_back_are_refused(people, raw):
    response = await people["admin"].client.post("/api/campuses", content=raw, headers=JSON)
    assert response.status_code in (400, 422), response.text
    assert response.json()["error"]["code"] in ("invalid_json", "validation")


async def test_a_200kb_string_of_emoji_is_refused_clearly(people):
    body = json.dumps({"name": "\U0001f3db" * 50_000}, ensure_ascii=False).encode()
    assert len(body) > 190_000
    response = await people["admin"].client.post("/api/campuses", content=body, headers=JSON)
    assert response.status_code == 422 and response.json()["error"]["field"] == "name"


async def test_nul_in_a_query_parameter_is_refused_not_ignored(people, walk):
    response = await people["auditor"].client.get("/api/spaces", params={"q": "\x00zzzz"})
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "q"
    response = await people["auditor"].client.get("/api/spaces", params={"q": "zzzz"})
    assert response.status_code == 200 and response.json()["items"] == []


async def _assert_untouched(audit_id: str) -> None:
    assert await Response.filter(audit_id=audit_id).count() == 0
    assert (await Audit.get(id=audit_id)).status == "planned"
    assert await AuditSpace.filter(audit_id=audit_id, skip_reason__isnull=False).count() == 0


async def test_a_poisoned_answer_skip_or_batch_stores_nothing_and_moves_no_state(walk, people):
    auditor = people["auditor"].client
    audit = await walk.plan()
    space = walk.spaces[0]
    body = {"audit_id": audit["id"], "space_id": space["id"], "item_id": "remarks"}
    response = await auditor.put(f"/api/responses/{uuid.uuid4()}", content=poisoned(body, "answer"), headers=JSON)
    assert response.status_code == 422 and response.json()["error"]["field"] == "answer"
    skip = b'{"skipped": {"reason": "other", "note": ' + SURROGATE.encode() + b"}}"
    response = await auditor.put(f"/api/audits/{audit['id']}/spaces/{space['id']}", content=skip, headers=JSON)
    assert response.status_code == 422 and response.json()["error"]["field"] == "skipped.note"
    op = {"id": str(uuid.uuid4()), "method": "PUT", "path": f"/api/responses/{uuid.uuid4()}",
          "body": {**body, "answer": "\u2603MARK\u2603"}}
    raw = json.dumps({"operations": [op]}, ensure_ascii=False).replace('"\u2603MARK\u2603"', SURROGATE)
    response = await auditor.post("/api/batch", content=raw.encode(), headers=JSON)
    assert response.status_code == 422
    assert response.json()["error"]["field"] == "operations[0].body.answer"
    await _assert_untouched(audit["id"])
    # The audit still loads for everyone, and a good answer is still taken.
    assert (await people["committee"].client.get(f"/api/audits/{audit['id']}")).status_code == 200
    good = await walk.answer(auditor, audit, space, "remarks", "Clear signs.")
    assert good.status_code == 201


async def test_a_skip_that_cannot_be_saved_leaves_the_audit_planned(walk, people, monkeypatch):
    """All or nothing: when the skip's own write fails, the audit's start (planned -> in progress) is undone."""
    audit = await walk.plan()
    user = await User.get(id=people["auditor"].user.id).prefetch_related("roles")

    class WriteFailed(Exception):
        pass

    async def failing_save(self: AuditSpace, *args: Any, **kwargs: Any) -> None:
        raise WriteFailed()

    monkeypatch.setattr(AuditSpace, "save", failing_save)
    with pytest.raises(WriteFailed):
        await skips.set_skip(actor_of(user), audit["id"], walk.spaces[0]["id"], {"reason": "locked", "note": ""})
    monkeypatch.undo()
    stored = await Audit.get(id=audit["id"])
    assert (stored.status, stored.revision) == ("planned", 1)
    assert await AuditEvent.filter(audit_id=audit["id"]).count() == 1  # only "planned"


@pytest.fixture
async def rival(people, make_client, settings):
    """A second auditor, on a team of their own."""
    user = await create_user("rita.rival@hospital.example", "Rita Rival", ["auditor"])
    token = await start_session(user, settings.session_lifetime_hours)
    client = make_client(cookies={"sa_session": token})
    client.user_id = str(user.id)  # type: ignore[attr-defined]
    return client


async def _team_records(walk, people) -> dict[str, Any]:
    """Aaron's audit with an answer, a finding, a photo and a comment in it."""
    auditor = people["auditor"].client
    audit = await walk.plan()
    answer = (await walk.answer(auditor, audit, walk.spaces[0], "remarks", "Secret remark")).json()
    fid = str(uuid.uuid4())
    response = await auditor.put(f"/api/findings/{fid}", json={
        "audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": None, "title": "Secret title",
        "description": "Secret description", "severity": "high", "remedies": ["remove"], "photo_ids": []})
    assert response.status_code == 201, response.text
    photo = (await auditor.put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": fid},
                               content=jpeg("red"))).json()
    await auditor.patch(f"/api/photos/{photo['id']}", json={"caption": "Secret caption"})
    comment_id = str(uuid.uuid4())
    response = await auditor.post(f"/api/findings/{fid}/comments", json={"id": comment_id, "text": "Secret comment"})
    assert response.status_code == 201, response.text
    return {"audit": audit, "answer": answer, "finding": fid, "photo": photo, "comment": comment_id}


async def _rival_finding(walk, rival) -> tuple[dict[str, Any], str]:
    plan = {**walk.plan_body(), "member_ids": [rival.user_id]}
    audit = (await rival.put(f"/api/audits/{uuid.uuid4()}", json=plan)).json()
    fid = str(uuid.uuid4())
    response = await rival.put(f"/api/findings/{fid}", json={
        "audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": None, "title": "Mine",
        "description": "", "severity": "low", "remedies": ["remove"], "photo_ids": []})
    assert response.status_code == 201, response.text
    return audit, fid


def _assert_hidden(response: Any, what: str) -> None:
    assert response.status_code == 404, (what, response.status_code, response.text)
    assert "Secret" not in response.text and "current" not in response.json()["error"], response.text


async def test_another_teams_record_ids_answer_404_and_show_nothing(walk, people, rival):
    theirs = await _team_records(walk, people)
    mine, my_finding = await _rival_finding(walk, rival)
    space = walk.spaces[0]["id"]
    attempts = {
        "answer": ("PUT", f"/api/responses/{theirs['answer']['id']}",
                   {"audit_id": mine["id"], "space_id": space, "item_id": "remarks", "answer": "Mine"}),
        "finding": ("PUT", f"/api/findings/{theirs['finding']}",
                    {"audit_id": mine["id"], "space_id": space, "item_id": None, "title": "Mine", "description": "",
                     "severity": "low", "remedies": ["remove"], "photo_ids": []}),
        "comment": ("POST", f"/api/findings/{my_finding}/comments", {"id": theirs["comment"], "text": "Mine"}),
    }
    for what, (method, path, body) in attempts.items():
        _assert_hidden(await rival.request(method, path, json=body), what)
    _assert_hidden(await rival.put(f"/api/photos/{theirs['photo']['id']}", params={"finding_id": my_finding},
                                   content=jpeg("blue")), "photo")
    for what in ("answer", "finding"):
        method, path, body = attempts[what]
        batch = await rival.post("/api/batch", json={"operations": [
            {"id": str(uuid.uuid4()), "method": method, "path": path, "body": body}]})
        assert batch.status_code == 200
        result = batch.json()["results"][0]
        assert result["status"] == 404 and "Secret" not in json.dumps(result), result
    # Nothing of theirs changed.
    assert (await Response.get(id=theirs["answer"]["id"])).value == "Secret remark"
    assert (await Finding.get(id=theirs["finding"])).title == "Secret title"
    assert (await Photo.get(id=theirs["photo"]["id"])).caption == "Secret caption"
    assert (await FindingComment.get(id=theirs["comment"])).text == "Secret comment"


async def test_someone_who_may_read_the_record_still_gets_the_conflict(walk, people):
    """The committee reads every audit: a wrong-place id is explained (422), not hidden."""
    theirs = await _team_records(walk, people)
    admin = people["admin"].client
    mine = (await admin.put(f"/api/audits/{uuid.uuid4()}", json=walk.plan_body())).json()
    response = await admin.put(f"/api/responses/{theirs['answer']['id']}", json={
        "audit_id": mine["id"], "space_id": walk.spaces[0]["id"], "item_id": "remarks", "answer": "Other"})
    assert response.status_code in (409, 422), response.text

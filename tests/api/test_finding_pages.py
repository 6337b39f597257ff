"""Paging the findings list with signed cursors (keyset paging), refusing cursors that were edited or made for
another list, and a list whose cost in SQL statements does not grow with the page or the data.

Many findings are made by copying one raised through the API (with its evidence photo), in bulk: raising
200 through the API would take most of a minute and test nothing more."""

from __future__ import annotations

import base64
import json
import uuid
from datetime import timedelta
from typing import Any

import pytest
from query_count import counting_queries

from server.models import Finding, Photo

from .finding_steps import assign, day, make_crew


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


async def copies(crew, n: int, *, same_time_every: int = 3) -> list[str]:
    """n findings like one raised through the API, each with a copy of its evidence photo; every
    `same_time_every` of them share a created_at, so pages must tell them apart by id."""
    fid = await crew.raise_finding("Original")
    await crew.evidence(fid)
    original = await Finding.get(id=fid)
    photo = await Photo.get(finding_id=fid)
    findings, photos = [], []
    for i in range(n):
        new = Finding(**{**_columns(original), "id": uuid.uuid4(), "title": f"Copy {i:03}",
                         "severity": ("low", "medium", "high")[i % 3]})
        new.created_at = original.created_at - timedelta(minutes=i // same_time_every)
        findings.append(new)
        photos.append(Photo(**{**_columns(photo), "id": uuid.uuid4(), "finding_id": new.id}))
        new.photo_ids = [str(photos[-1].id)]
    await Finding.bulk_create(findings)
    await Photo.bulk_create(photos)
    return [str(f.id) for f in findings]


def _columns(row: Any) -> dict[str, Any]:
    return {name: getattr(row, name) for name in row._meta.db_fields if name != "id"} | {
        f"{fk}_id": getattr(row, f"{fk}_id") for fk in row._meta.fk_fields}


async def get(client, **params: Any) -> dict[str, Any]:
    response = await client.get("/api/findings", params=params)
    assert response.status_code == 200, response.text
    return response.json()


async def walk_pages(client, limit: int, **params: Any) -> tuple[list[str], list[dict[str, Any]]]:
    """Every id, following next_cursor from the first page; and the pages."""
    pages = [await get(client, limit=limit, **params)]
    while pages[-1]["next_cursor"]:
        pages.append(await get(client, limit=limit, cursor=pages[-1]["next_cursor"], **params))
    return [i["id"] for p in pages for i in p["items"]], pages


@pytest.mark.parametrize("queue", ["", "triage"])
async def test_cursors_walk_the_whole_list_in_its_order_and_back(crew, queue):
    await copies(crew, 11)
    committee, params = crew["committee"], {"queue": queue} if queue else {}
    whole = await get(committee, limit=200, **params)
    assert whole["total"] == 12 and whole["next_cursor"] is None and whole["previous_cursor"] is None
    ids, pages = await walk_pages(committee, 5, **params)
    assert ids == [i["id"] for i in whole["items"]] and len(pages) == 3
    assert [p["total"] for p in pages] == [12, 12, 12] and pages[0]["previous_cursor"] is None
    # Back from the last page: the same pages, in turn.
    back = await get(committee, limit=5, cursor=pages[-1]["previous_cursor"], **params)
    assert back["items"] == pages[1]["items"] and back["next_cursor"]
    first = await get(committee, limit=5, cursor=back["previous_cursor"], **params)
    assert first["items"] == pages[0]["items"] and first["previous_cursor"] is None
    # An offset page links on with a cursor too, so a client can switch.
    by_offset = await get(committee, limit=5, offset=5, **params)
    assert by_offset["items"] == pages[1]["items"]
    assert (await get(committee, limit=5, cursor=by_offset["next_cursor"], **params))["items"] == pages[2]["items"]


async def test_my_items_page_by_due_date_with_cursors(crew):
    for n, due in enumerate((3, 1, 2, 1, 5)):
        await assign(crew, f"Due in {due} ({n})", day(due))
    whole = [i["title"] for i in (await get(crew["facilities"], queue="mine"))["items"]]
    ids, _ = await walk_pages(crew["facilities"], 2, queue="mine")
    titles = {i["id"]: i["title"] for i in (await get(crew["facilities"], queue="mine"))["items"]}
    assert [titles[i] for i in ids] == whole and len(whole) == 5


def _edited(cursor: str, change: Any) -> str:
    payload, _, signature = cursor.partition(".")
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    change(data)
    raw = base64.urlsafe_b64encode(json.dumps(data, separators=(",", ":")).encode()).decode().rstrip("=")
    return f"{raw}.{signature}"


async def refused(client, code: str, **params: Any) -> None:
    response = await client.get("/api/findings", params=params)
    assert response.status_code == 400, response.text
    error = response.json()["error"]
    assert (error["code"], error["field"]) == (code, "cursor") and "page" in error["message"]


async def test_cursors_that_were_edited_or_made_for_another_list_are_refused(crew):
    ids = await copies(crew, 5)
    committee = crew["committee"]
    cursor = (await get(committee, limit=2))["next_cursor"]

    def later(data: list[Any]) -> None:
        data[2][0] = "2000-01-01T00:00:00+00:00"

    for bad in (_edited(cursor, later), cursor[:-2], cursor + "x", "nonsense", "." * 20, "a" * 2000, cursor + ".x"):
        await refused(committee, "cursor_invalid", limit=2, cursor=bad)
    # Another list's cursor: other filters, or another queue (another order).
    await refused(committee, "cursor_mismatch", limit=2, cursor=cursor, severity="low")
    await refused(committee, "cursor_mismatch", limit=2, cursor=cursor, queue="triage")
    both = await committee.get("/api/findings", params={"cursor": cursor, "offset": 2})
    assert both.status_code == 422 and both.json()["error"]["field"] == "offset"
    # Past the end: the findings after a real cursor are gone. Nothing more, said plainly.
    last = await get(committee, limit=5, cursor=cursor)
    await Finding.filter(id__in=[i["id"] for i in last["items"]]).delete()
    gone = await get(committee, limit=5, cursor=cursor)
    assert gone["items"] == [] and gone["next_cursor"] is None and gone["total"] == 6  # as the first page said
    assert len(ids) == 5


async def test_a_cursor_signed_with_another_key_is_refused(crew, monkeypatch):
    await copies(crew, 4)
    cursor = (await get(crew["committee"], limit=2))["next_cursor"]
    monkeypatch.setattr("server.api.findings.instance_key", lambda _settings: b"another instance" * 4)
    await refused(crew["committee"], "cursor_invalid", limit=2, cursor=cursor)


async def count_statements(client, **params: Any) -> tuple[int, dict[str, Any]]:
    await get(client, **params)  # once first: caches that fill once per process (checklist titles) are full
    with counting_queries() as log:
        body = await get(client, **params)
    return len(log.data), body


@pytest.mark.parametrize("who", ["committee", "auditor"])
async def test_the_list_runs_as_many_statements_for_200_findings_as_for_5(crew, who):
    await copies(crew, 4)
    few, small = await count_statements(crew[who], limit=200)
    await copies(crew, 195)
    many, large = await count_statements(crew[who], limit=200)
    assert (len(small["items"]), len(large["items"])) == (5, 200)
    assert all(i["thumbnail_url"] for i in large["items"])
    # The session and the page (its thumbnails, tracking codes and the list's count in it); for an auditor the
    # audits they may see (2 more).
    assert many == few <= (2 if who == "committee" else 4), few
    # A deeper page does not count the list again (its cursor carries the first page's total): its cost does
    # not grow with the findings before it.
    cursor = (await get(crew[who], limit=20))["next_cursor"]
    with counting_queries() as log:
        deeper = await get(crew[who], limit=20, cursor=cursor)
    assert deeper["total"] == 201 and len(deeper["items"]) == 20
    assert len(log.data) == few and not any("COUNT(" in sql.upper() for sql in log.data), log.data

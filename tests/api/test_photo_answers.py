"""Photo answers reach the server (issue 14): the answer to a checklist item of type photo lists photo ids, and
each photo is uploaded on its own to its place (audit, space, item) through the same pipeline as a finding's
photos. The committee reads it in the audit, its report and the PDF; an outsider is told it does not exist."""

from __future__ import annotations

import hashlib
import io
import uuid

import pytest
from PIL import Image
from pypdf import PdfReader
from testdata import PHOTOS
from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from server.auth.sessions import start_session
from server.db import tortoise_config
from server.domain.checklists.store import load_folder
from server.domain.people.users import create_user
from server.settings import sqlite_url

from .legacy_rows import AT, F1, ROWS, P, U

PHONE = PHOTOS / "IMG_20180725_163423.jpg"  # 12 MP phone photo with GPS
OTHER = PHOTOS / "Landscape_1.jpg"
CHECKLIST = """
id: photo-walk
version: 1
title: A walk with a photo item
description: One question answered by a count, one by photos.
sections:
  - id: portraits
    title: Portraits
    items:
      - id: how-many
        prompt: How many people are honoured?
        type: count
        guidance: {look_for: Count each person once., why: An inventory shows the whole collection.}
      - id: wall-photo
        prompt: Photograph the full wall or display of portraits.
        type: photo
        guidance: {look_for: The whole display in one photo., why: The committee sees what was there.}
"""


@pytest.fixture
async def audit(walk):
    (walk.folder / "photo-walk.yaml").write_text(CHECKLIST, encoding="utf-8")
    report = await load_folder(walk.folder)
    assert report.problems == [], [str(p) for p in report.problems]
    response = await walk.people["auditor"].client.put(f"/api/audits/{uuid.uuid4()}",
                                                       json=walk.plan_body(checklist_id="photo-walk"))
    assert response.status_code == 201, response.text
    return response.json()


def put_photo(client, audit, space, data: bytes, photo_id: str | None = None, item: str = "wall-photo"):
    return client.put(f"/api/audits/{audit['id']}/photos/{photo_id or uuid.uuid4()}",
                      params={"space_id": space["id"], "item_id": item}, content=data,
                      headers={"content-type": "application/octet-stream"})


async def outsider(make_client, settings):
    otto = await create_user("otto.outsider@hospital.example", "Otto Outsider", ["auditor"])
    return make_client(cookies={"sa_session": await start_session(otto, settings.session_lifetime_hours)})


async def test_a_photo_answer_is_stored_re_encoded_and_read_by_the_committee_only(
        walk, audit, people, make_client, settings):
    auditor, committee = people["auditor"].client, people["committee"].client
    space = walk.spaces[0]
    raw = PHONE.read_bytes()
    pid = str(uuid.uuid4())
    first = await put_photo(auditor, audit, space, raw, pid)
    assert first.status_code == 201, first.text
    photo = first.json()
    assert photo["kind"] == "answer" and photo["finding_id"] is None
    assert (photo["audit_id"], photo["space_id"], photo["item_id"]) == (audit["id"], space["id"], "wall-photo")
    assert photo["taken_at"] == "2018-07-25T16:34:23"
    # A replay (a retried request after a lost answer) changes nothing; other bytes under the id are refused.
    replay = await put_photo(auditor, audit, space, raw, pid)
    assert replay.status_code == 200 and replay.json() == photo
    assert (await put_photo(auditor, audit, space, OTHER.read_bytes(), pid)).status_code == 409
    assert (await put_photo(auditor, audit, walk.spaces[1], raw, pid)).status_code == 409

    answered = await walk.answer(auditor, audit, space, "wall-photo", [pid])
    assert answered.status_code == 201, answered.text

    # The committee sees it in the audit, re-encoded, without the phone's metadata (no GPS), in three sizes.
    shown = (await committee.get(f"/api/audits/{audit['id']}")).json()
    assert shown["answer_photos"] == [photo]
    assert [r["answer"] for r in shown["responses"]] == [[pid]]
    served = await committee.get(photo["urls"]["evidence"])
    assert served.status_code == 200 and served.headers["content-type"] == "image/jpeg"
    assert served.content != raw
    image = Image.open(io.BytesIO(served.content))
    assert image.format == "JPEG" and not image.getexif() and "exif" not in image.info
    assert 1024 <= max(image.size) <= 2048
    thumb = Image.open(io.BytesIO((await committee.get(f"/api/photos/{pid}/thumb")).content))
    assert max(thumb.size) == 320

    # Anyone who may not read the audit is told the photo does not exist.
    otto = await outsider(make_client, settings)
    for size in ("thumb", "display", "evidence"):
        assert (await otto.get(f"/api/photos/{pid}/{size}")).status_code == 404
    assert (await otto.get(photo["urls"]["display"])).status_code == 404
    assert (await put_photo(otto, audit, space, raw, pid)).status_code == 404
    assert (await people["facilities"].client.get(f"/api/photos/{pid}/thumb")).status_code == 404
    # The committee reads audits but does not walk them.
    assert (await put_photo(committee, audit, space, raw)).status_code == 403


async def test_a_photo_answer_is_in_the_report_and_its_pdf(walk, audit, people):
    auditor, committee = people["auditor"].client, people["committee"].client
    space = walk.spaces[1]
    photos = [(await put_photo(auditor, audit, space, path.read_bytes())).json() for path in (PHONE, OTHER)]
    # Uploaded and then taken out of the answer: not shown.
    dropped = (await put_photo(auditor, audit, space, (PHOTOS / "Landscape_6.jpg").read_bytes())).json()
    assert dropped["kind"] == "answer"
    answered = await walk.answer(auditor, audit, space, "wall-photo", [p["id"] for p in photos])
    assert answered.status_code == 201, answered.text
    # A photo the answer lists that has not reached the server yet is left out, not an error.
    later = str(uuid.uuid4())
    changed = await auditor.put(f"/api/responses/{answered.json()['id']}", json={
        "audit_id": audit["id"], "space_id": space["id"], "item_id": "wall-photo",
        "answer": [p["id"] for p in photos] + [later], "base_revision": 1})
    assert changed.status_code == 200, changed.text

    report = (await committee.get(f"/api/audits/{audit['id']}/report")).json()
    assert report["photo_answers"] == [{
        "space": {k: space[k] for k in ("id", "name", "floor", "room_number", "kind")},
        "item": {"id": "wall-photo", "prompt": "Photograph the full wall or display of portraits."},
        "photos": photos}]

    pdf = await committee.get(f"/api/audits/{audit['id']}/report.pdf")
    assert pdf.status_code == 200, pdf.text
    reader = PdfReader(io.BytesIO(pdf.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert "Photo answers (1)" in text and "Photograph the full wall or display of portraits." in text
    embedded = set()
    for page in reader.pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            if ref.get_object()["/Subtype"] == "/Image":
                embedded.add(hashlib.sha256(ref.get_object().get_data()).hexdigest()[:16])
    # Each photo is the stored display JPEG (its url carries the start of its hash).
    assert embedded == {p["urls"]["display"].split("v=")[1] for p in photos}


async def test_a_photo_answer_needs_a_photo_item_of_a_space_in_the_audit(walk, audit, people):
    auditor = people["auditor"].client
    data = OTHER.read_bytes()
    not_photo = await put_photo(auditor, audit, walk.spaces[0], data, item="how-many")
    assert not_photo.status_code == 422 and not_photo.json()["error"]["field"] == "item_id"
    unknown = await put_photo(auditor, audit, {"id": str(uuid.uuid4())}, data)
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "space_id"
    missing = await auditor.put(f"/api/audits/{audit['id']}/photos/{uuid.uuid4()}", content=data)
    assert missing.status_code == 422
    bad = await put_photo(auditor, audit, walk.spaces[0], (PHOTOS / "truncated_jpeg.jpg").read_bytes())
    assert bad.status_code == 422
    nowhere = await auditor.put(f"/api/audits/{uuid.uuid4()}/photos/{uuid.uuid4()}",
                                params={"space_id": walk.spaces[0]["id"], "item_id": "wall-photo"}, content=data)
    assert nowhere.status_code == 404


async def _migrate_photos(url: str, label: str) -> list[dict]:
    """Migration 0011 on a database holding a finding's photo and its redaction: both kept, the photo still the
    finding's (on SQLite the photos table is rebuilt; its redactions must not go with the old table)."""
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url, label))
        apps = tortoise_config(url, label)["apps"]
        conn = ctx.connections.get(label)
        await MigrationExecutor(conn, apps).migrate([MigrationTarget("models", "0010_user_lang")])
        for sql in ROWS:
            await conn.execute_script(sql)
        await conn.execute_script(f"INSERT INTO photo_redactions (photo_id, actor_id, boxes, at) "
                                  f"VALUES ('{P}', '{U}', '[[0, 0, 0.5, 0.5]]', {AT})")
        await MigrationExecutor(conn, apps).migrate()
        _, redactions = await conn.execute_query("SELECT photo_id FROM photo_redactions")
        assert [str(r["photo_id"]) for r in redactions] == [P]
        _, rows = await conn.execute_query("SELECT id, finding_id, kind, audit_id, space_id, item_id FROM photos")
        assert [str(rows[0]["finding_id"])] == [F1]
        return [{k: (None if v is None else str(v)) for k, v in dict(r).items()} for r in rows]


EXPECTED_PHOTOS = [{"id": None, "finding_id": None, "kind": "evidence", "audit_id": None, "space_id": None,
                    "item_id": None}]


async def test_migration_0011_keeps_photos_and_redactions_on_sqlite(tmp_path):
    rows = await _migrate_photos(sqlite_url(tmp_path / "m.sqlite3"), "default")
    assert rows == [{**EXPECTED_PHOTOS[0], "id": P, "finding_id": F1}]


async def test_migration_0011_keeps_photos_and_redactions_on_postgres(empty_postgres):
    rows = await _migrate_photos(empty_postgres.url, "pgmig11")
    assert rows == [{**EXPECTED_PHOTOS[0], "id": P, "finding_id": F1}]

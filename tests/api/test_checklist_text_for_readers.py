"""Checklist text in what the server writes for a reader: the audit report, the dashboard's categories, the
inventory and the answers CSV name sections, items and checklists in the reader's language (their profile's,
else ?lang=), and in English where a checklist has no translation."""

from __future__ import annotations

import csv
import io
import uuid

import pytest
import yaml
from checklist_texts import translation_of

from server.domain.checklists.store import load_folder

from .conftest import CHECKLIST


@pytest.fixture
async def translated(walk):
    """small-walk gains a Spanish text (each text marked "ES "), as an existing version may."""
    (walk.folder / "es").mkdir()
    (walk.folder / "es" / "small-walk.yaml").write_text(translation_of(yaml.safe_load(CHECKLIST)), encoding="utf-8")
    report = await load_folder(walk.folder)
    assert [str(p) for p in report.problems] == []
    return walk


async def _audit_with_a_finding(walk) -> dict:
    auditor = walk.people["auditor"].client
    audit = await walk.plan()
    assert (await walk.answer(auditor, audit, walk.spaces[0], "tone", "hostile")).status_code == 201
    finding = await auditor.put(f"/api/findings/{uuid.uuid4()}", json={
        "audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": "tone", "title": "Hostile notice",
        "description": "", "severity": "medium", "remedies": ["remove"], "photo_ids": []})
    assert finding.status_code == 201, finding.text
    return audit


async def test_the_audit_report_speaks_the_readers_language(translated):
    audit = await _audit_with_a_finding(translated)
    committee = translated.people["committee"].client
    english = (await committee.get(f"/api/audits/{audit['id']}/report")).json()
    assert english["findings"][0]["item"]["prompt"] == "How would you describe the tone of the notices?"
    assert english["findings"][0]["section"]["title"] == "Signs"

    assert (await committee.patch("/api/me", json={"lang": "es"})).status_code == 200
    spanish = (await committee.get(f"/api/audits/{audit['id']}/report")).json()
    assert spanish["findings"][0]["item"]["prompt"] == "ES How would you describe the tone of the notices?"
    assert spanish["findings"][0]["section"]["title"] == "ES Signs"
    assert [i["prompt"] for i in spanish["inventory"]["items"]] == ["ES How many people are honoured?"]


async def test_the_dashboards_categories_and_the_answers_csv_follow_the_query(translated):
    await _audit_with_a_finding(translated)
    admin = translated.people["admin"].client
    categories = (await admin.get("/api/dashboard?lang=es")).json()["by_category"]
    assert [(c["checklist"]["title"], c["section"]["title"]) for c in categories] == [("ES A small walk", "ES Signs")]
    english = (await admin.get("/api/dashboard")).json()["by_category"]
    assert [(c["checklist"]["title"], c["section"]["title"]) for c in english] == [("A small walk", "Signs")]

    rows = list(csv.reader(io.StringIO((await admin.get("/api/reports/responses.csv?lang=es")).text)))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["texto de la pregunta"] == "ES How would you describe the tone of the notices?"


async def test_a_checklist_without_a_translation_stays_english(walk):
    await _audit_with_a_finding(walk)
    admin = walk.people["admin"].client
    categories = (await admin.get("/api/dashboard?lang=es")).json()["by_category"]
    assert [(c["checklist"]["title"], c["section"]["title"]) for c in categories] == [("A small walk", "Signs")]

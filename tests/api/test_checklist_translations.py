"""Translations in the database and the API: a version stored before its translations takes them without a
version raise (an audit already pinned to it keeps working, now with them), a changed text is refused, the API
serves the whole content in every language, and an archive made before the translations still reads back."""

from __future__ import annotations

from pathlib import Path

from checklist_texts import translation_of

from server.checklists import parse_checklist
from server.domain.checklists.store import load_folder, section_titles
from server.domain.maintenance.archive import import_archive
from server.models import ChecklistVersion

from .conftest import CHECKLIST
from .second_database import empty_database


def add_spanish(folder: Path, mark: str = "ES ") -> str:
    """A complete Spanish translation of the walk's checklist, every text marked."""
    (folder / "es").mkdir(exist_ok=True)
    text = translation_of(parse_checklist(CHECKLIST, "small-walk.yaml").content, mark=mark)
    (folder / "es" / "small-walk.yaml").write_text(text, encoding="utf-8")
    return text


async def test_translations_join_a_version_stored_without_them_and_a_pinned_audit_reads_them(walk, people):
    audit = await walk.plan()
    before = await ChecklistVersion.get(checklist_id="small-walk", version=1)
    assert "translations" not in before.content
    add_spanish(walk.folder)
    report = await load_folder(walk.folder)
    assert (report.problems, report.warnings, report.stored) == ([], [], [])
    assert report.translated == [("small-walk", 1)]
    after = await ChecklistVersion.get(checklist_id="small-walk", version=1)
    assert after.id == before.id and after.fingerprint != before.fingerprint
    assert after.content["translations"]["es"]["items"]["present"]["prompt"].startswith("ES Does this space")
    assert {k: v for k, v in after.content.items() if k != "translations"} == before.content
    assert (await load_folder(walk.folder)).unchanged == [("small-walk", 1)]
    # The audit pinned to version 1 goes on: answers are checked against the same English rules.
    auditor = people["auditor"].client
    shown = (await auditor.get(f"/api/audits/{audit['id']}")).json()
    assert shown["checklist"] == {"id": "small-walk", "version": 1, "title": "A small walk"}
    answered = await walk.answer(auditor, audit, walk.spaces[0], "tone", "hostile")
    assert answered.status_code == 201, answered.text


async def test_a_changed_spanish_text_is_refused_until_the_version_is_raised(walk):
    add_spanish(walk.folder)
    await load_folder(walk.folder)
    add_spanish(walk.folder, mark="ES2 ")
    report = await load_folder(walk.folder)
    assert str(report.problems[0]).endswith(
        "small-walk.yaml:3: checklist 'small-walk', field 'version': content changed but version is still 1; "
        "raise version to 2")
    assert "es/small-walk.yaml" in report.problems[1].path
    assert report.problems[1].message == "text changed but small-walk.yaml's version is still 1; raise it to 2"
    stored = await ChecklistVersion.get(checklist_id="small-walk", version=1)
    assert stored.content["translations"]["es"]["title"] == "ES A small walk"
    (walk.folder / "small-walk.yaml").write_text(CHECKLIST.replace("version: 1", "version: 2"), encoding="utf-8")
    assert (await load_folder(walk.folder)).stored == [("small-walk", 2)]


async def test_the_api_serves_every_language_and_the_summary_its_titles(walk, people):
    client = people["auditor"].client
    plain = (await client.get("/api/checklists/small-walk/versions/1")).json()
    assert plain["translations"] == {}
    add_spanish(walk.folder)
    await load_folder(walk.folder)
    served = (await client.get("/api/checklists/small-walk/versions/1")).json()
    spanish = served["translations"]["es"]
    assert spanish["sections"]["signs"] == {"title": "ES Signs"}
    assert spanish["items"]["tone"]["choices"] == {"welcoming": "ES Welcoming", "neutral": "ES Neutral",
                                                   "hostile": "ES Hostile"}
    assert served["sections"][0]["items"][0]["prompt"] == "Does this space display portraits of named people?"
    listed = (await client.get("/api/checklists")).json()["items"]
    assert listed[0]["translations"] == {"es": {"title": "ES A small walk",
                                                "description": "ES Enough items to exercise every answer type "
                                                               "and rule."}}


async def test_an_archive_made_before_the_translations_reads_into_a_database_that_has_them(
        db, walk, people, tmp_path, request):
    await walk.plan()
    data = (await people["admin"].client.get("/api/archive.json")).json()
    add_spanish(walk.folder)
    async with empty_database(db, tmp_path, request):
        assert (await load_folder(walk.folder)).stored == [("small-walk", 1)]  # serve loads the folder first
        await import_archive(data)
        (version,) = await ChecklistVersion.all()
        assert "es" in version.content["translations"]
        assert await version.audits.all().count() == 1


async def test_section_titles_in_a_language(walk):
    add_spanish(walk.folder)
    await load_folder(walk.folder)
    version = await ChecklistVersion.get(checklist_id="small-walk", version=1)
    assert section_titles(version) == {"portraits": "Portraits", "signs": "Signs"}
    assert section_titles(version, "es") == {"portraits": "ES Portraits", "signs": "ES Signs"}

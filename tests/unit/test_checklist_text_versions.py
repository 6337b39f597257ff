"""A version pins its texts in every language (checklists/README.md, Versions and pinning): texts may be added to
a stored version, never changed or removed without a version raise; a version stored before translations existed
takes them without one."""

from __future__ import annotations

from pathlib import Path

import pytest
from checklist_texts import ENGLISH, SPANISH, line_of, write_folder

from server.checklists import ChecklistInvalid, ParsedChecklist, StoredVersion, check_versions, load_directory


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)


def parsed(spanish: str | None = SPANISH, english: str = ENGLISH, shipped: bool = False) -> ParsedChecklist:
    folder = Path("lists")
    if (folder / "es" / "x.yaml").exists():
        (folder / "es" / "x.yaml").unlink()
    loaded, problems = load_directory(write_folder(folder, english, spanish), shipped=shipped)
    assert not [p for p in problems if not p.warning], problems
    return loaded[0]


def stored(checklist: ParsedChecklist) -> StoredVersion:
    return StoredVersion(checklist.version, checklist.fingerprint, checklist.content)


def refusal(checklist: ParsedChecklist, versions: list[StoredVersion]) -> list[str]:
    with pytest.raises(ChecklistInvalid) as caught:
        check_versions(checklist, versions)
    return [str(problem) for problem in caught.value.problems]


def test_a_version_stored_without_translations_takes_them_without_a_version_raise():
    legacy = stored(parsed(spanish=None))
    assert check_versions(parsed(), [legacy]) == "translated"
    assert check_versions(parsed(), [stored(parsed())]) == "unchanged"


def test_a_changed_translation_needs_a_version_raise():
    changed = parsed(SPANISH.replace("¿Hay retratos en este espacio?", "¿Se exhiben retratos?"))
    assert refusal(changed, [stored(parsed())]) == [
        "lists/x.yaml:2: checklist 'x', field 'version': content changed but version is still 1; raise version to 2",
        f"lists/es/x.yaml:{line_of(SPANISH, '¿Hay retratos')}: item 'present', field 'prompt': text changed but "
        "x.yaml's version is still 1; raise it to 2",
    ]
    raised = parsed(SPANISH.replace("¿Hay retratos en este espacio?", "¿Se exhiben retratos?"),
                    ENGLISH.replace("version: 1", "version: 2"))
    assert check_versions(raised, [stored(parsed())]) == "new"


def test_a_removed_text_needs_a_version_raise():
    without = SPANISH.replace("    why: Los honores muestran quién pertenece.\n", "")
    assert refusal(parsed(without), [stored(parsed())]) == [
        "lists/x.yaml:2: checklist 'x', field 'version': content changed but version is still 1; raise version to 2",
        f"lists/es/x.yaml:{line_of(SPANISH, '  present:')}: item 'present', field 'why': text removed but x.yaml's "
        "version is still 1; raise it to 2",
    ]
    assert refusal(parsed(spanish=None), [stored(parsed())]) == [
        "lists/x.yaml:2: checklist 'x', field 'version': content changed but version is still 1; raise version to 2",
    ]


def test_a_local_checklists_missing_text_may_be_written_later_under_the_same_version():
    partial = SPANISH[:SPANISH.index("  notes:")]
    assert check_versions(parsed(), [stored(parsed(partial))]) == "translated"


def test_an_english_change_is_refused_however_the_translations_changed():
    reworded = parsed(english=ENGLISH.replace("title: Lobby", "title: Entrance"))
    assert refusal(reworded, [stored(parsed(spanish=None))]) == [
        "lists/x.yaml:2: checklist 'x', field 'version': content changed but version is still 1; raise version to 2",
    ]


def test_a_lower_version_is_refused_even_with_only_texts_added():
    v2 = parsed(spanish=None, english=ENGLISH.replace("version: 1", "version: 2"))
    assert refusal(parsed(), [stored(parsed(spanish=None)), stored(v2)]) == [
        "lists/x.yaml:2: checklist 'x', field 'version': version 1 is lower than the stored version 2; to bring "
        "back earlier content, publish it as version 3",
    ]

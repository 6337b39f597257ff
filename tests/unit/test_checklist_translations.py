"""Translation files (checklists/README.md, Translations) are checked against their English checklist, every rule
with its message and the line of the offending key; shipped checklists need every text, local ones are warned."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from checklist_texts import ENGLISH, SPANISH, line_of, write_folder

from server.checklists import is_shipped, load_directory, localize, parse_checklist
from server.settings import SHIPPED_CHECKLISTS

ES = "lists/es/x.yaml"


@pytest.fixture(autouse=True)
def _in_tmp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Relative folder names keep the messages short and exact: lists/es/x.yaml:12: ...
    monkeypatch.chdir(tmp_path)


def load(spanish: str | None = SPANISH, shipped: bool = True, english: str = ENGLISH) -> tuple[list, list[str]]:
    loaded, problems = load_directory(write_folder(Path("lists"), english, spanish), shipped=shipped)
    return loaded, [str(problem) for problem in problems]


def problems_of(spanish: str, shipped: bool = True) -> list[str]:
    return load(spanish, shipped)[1]


def edit(old: str, new: str, text: str = SPANISH) -> str:
    assert old in text
    return text.replace(old, new, 1)


# --- what loads ------------------------------------------------------------------------------------------------


def test_a_complete_translation_loads_into_the_content_and_its_fingerprint():
    loaded, problems = load()
    assert problems == []
    english_only = parse_checklist(ENGLISH, "lists/x.yaml")
    (checklist,) = loaded
    spanish = checklist.content["translations"]["es"]
    assert spanish["title"] == "Vestíbulo"
    assert spanish["sections"]["walls"] == {"title": "Paredes", "description": "Primero las paredes."}
    assert spanish["items"]["tone"]["choices"] == {"warm": "Cálido", "cold": "Frío"}
    assert {k: v for k, v in checklist.content.items() if k != "translations"} == english_only.content
    assert checklist.fingerprint != english_only.fingerprint
    assert checklist.translations["es"].lines["items.present.prompt"] == line_of(SPANISH, "¿Hay retratos")


def test_without_language_folders_the_content_and_fingerprint_are_the_english_files_alone():
    # Versions stored before translations existed keep matching their files.
    loaded, problems = load(spanish=None)
    assert problems == []
    assert loaded[0].fingerprint == parse_checklist(ENGLISH, "lists/x.yaml").fingerprint
    assert "translations" not in loaded[0].content


def test_the_shipped_folder_is_the_one_that_comes_with_the_app():
    assert is_shipped(SHIPPED_CHECKLISTS) and is_shipped(SHIPPED_CHECKLISTS / ".." / "checklists")
    assert not is_shipped(Path("lists"))


# --- missing texts: errors for shipped checklists, warnings for local ones ---------------------------------------


def test_a_missing_file_refuses_a_shipped_checklist_and_warns_for_a_local_one():
    Path("lists/es").mkdir(parents=True)
    refused = "lists/x.yaml:1: checklist 'x': no Spanish translation; write es/x.yaml"
    assert load(spanish=None, shipped=True) == ([], [refused])
    loaded, problems = load(spanish=None, shipped=False)
    assert problems == ["lists/x.yaml:1: warning: checklist 'x': no Spanish translation (es/x.yaml); "
                        "the English text is shown"]
    assert "translations" not in loaded[0].content


def test_a_missing_item_is_an_error_when_shipped_and_a_warning_when_local():
    spanish = SPANISH[:SPANISH.index("  notes:")]
    holder = line_of(SPANISH, "  present:")
    assert problems_of(spanish) == [f"{ES}:{holder}: item 'notes': missing translation"]
    loaded, problems = load(spanish, shipped=False)
    assert problems == [f"{ES}:{holder}: warning: item 'notes': missing translation; the English text is shown"]
    assert set(loaded[0].content["translations"]["es"]["items"]) == {"present", "tone"}


def test_a_missing_field_is_named_at_the_first_line_of_its_mapping():
    spanish = edit("    why: Los honores muestran quién pertenece.\n", "")
    assert problems_of(spanish) == [f"{ES}:{line_of(SPANISH, '¿Hay retratos')}: item 'present', field 'why': "
                                    "missing translation"]


def test_a_missing_section_description_and_title():
    spanish = edit("    description: Primero las paredes.\n", "")
    assert problems_of(spanish) == [f"{ES}:7: section 'walls', field 'description': missing translation"]
    spanish = edit("title: Vestíbulo\n", "")
    assert problems_of(spanish) == [f"{ES}:1: checklist 'x', field 'title': missing translation"]


def test_a_missing_choice_and_a_missing_section():
    spanish = edit("      cold: Frío\n", "")
    assert problems_of(spanish) == [f"{ES}:{line_of(SPANISH, 'warm: Cálido')}: item 'tone', field 'choices.cold': "
                                    "missing translation"]
    spanish = edit("  signs:\n    title: Letreros\n", "")
    assert problems_of(spanish) == [f"{ES}:6: section 'signs': missing translation"]


def test_a_missing_items_mapping():
    spanish = SPANISH[:SPANISH.index("items:")]
    assert problems_of(spanish) == [f"{ES}:1: checklist 'x', field 'items': missing translation"]


# --- nothing but the English file's texts, in its order -------------------------------------------------------------


def test_the_header_names_the_checklist_and_the_folders_language():
    spanish = edit("checklist: x", "checklist: lobby")
    assert problems_of(spanish) == [f"{ES}:1: checklist 'x', field 'checklist': must equal the file name without "
                                    ".yaml, 'x'"]
    spanish = edit("language: es", "language: en")
    assert problems_of(spanish) == [f"{ES}:2: checklist 'x', field 'language': must be 'es', the name of its folder"]
    spanish = edit("checklist: x\n", "")
    assert problems_of(spanish) == [f"{ES}:1: checklist 'x', field 'checklist': missing required field"]


def test_structure_from_the_english_file_is_an_unknown_field():
    spanish = edit("    prompt: ¿Hay retratos", "    type: yes_no\n    prompt: ¿Hay retratos")
    at = line_of(SPANISH, "¿Hay retratos")
    assert problems_of(spanish) == [f"{ES}:{at}: item 'present', field 'type': unknown field"]
    spanish = edit("language: es\n", "language: es\nversion: 1\n")
    assert problems_of(spanish) == [f"{ES}:3: checklist 'x', field 'version': unknown field"]


def test_an_id_the_english_file_does_not_have():
    spanish = edit("  notes:\n", "  nope:\n    prompt: P\n    look_for: L\n    why: W\n  notes:\n")
    at = line_of(SPANISH, "  notes:")
    assert problems_of(spanish) == [f"{ES}:{at}: item 'nope': x.yaml has no item 'nope'"]
    spanish = edit("  present:\n", "  walls:\n    prompt: P\n  present:\n")
    assert problems_of(spanish)[0] == f"{ES}:12: item 'walls': x.yaml has no item 'walls'; it is a section: put it " \
                                      "under sections"


def test_a_choice_the_english_item_does_not_have():
    spanish = edit("      cold: Frío\n", "      cold: Frío\n      hot: Caliente\n")
    at = line_of(SPANISH, "cold: Frío") + 1
    assert problems_of(spanish) == [f"{ES}:{at}: item 'tone', field 'choices.hot': item 'tone' of x.yaml has no "
                                    "choice 'hot'"]


def test_choices_on_an_item_without_them_and_a_description_the_english_section_lacks():
    spanish = edit("    why: El comité lo lee todo.\n", "    why: El comité lo lee todo.\n    choices: {a: A}\n")
    at = line_of(SPANISH, "El comité") + 1
    assert problems_of(spanish) == [f"{ES}:{at}: item 'notes', field 'choices': item 'notes' of x.yaml has no "
                                    "choices; remove them"]
    spanish = edit("    title: Letreros\n", "    title: Letreros\n    description: Extra.\n")
    assert problems_of(spanish) == [f"{ES}:11: section 'signs', field 'description': section 'signs' of x.yaml has "
                                    "no description; remove it"]


def test_sections_items_and_choices_keep_the_english_order():
    present = SPANISH[SPANISH.index("  present:"):SPANISH.index("  tone:")]
    tone = SPANISH[SPANISH.index("  tone:"):SPANISH.index("  notes:")]
    spanish = SPANISH.replace(present + tone, tone + present)
    at = line_of(spanish, "  present:")
    assert problems_of(spanish) == [f"{ES}:{at}: item 'present': comes before 'tone' in x.yaml; keep the English "
                                    "order"]
    spanish = edit("      warm: Cálido\n      cold: Frío\n", "      cold: Frío\n      warm: Cálido\n")
    at = line_of(spanish, "warm: Cálido")
    assert problems_of(spanish) == [f"{ES}:{at}: item 'tone', field 'choices.warm': comes before 'cold' in x.yaml; "
                                    "keep the English order"]


def test_the_english_length_limits():
    spanish = edit("    prompt: ¿Hay retratos en este espacio?", "    prompt: " + "a" * 251)
    at = line_of(SPANISH, "¿Hay retratos")
    assert problems_of(spanish) == [f"{ES}:{at}: item 'present', field 'prompt': 251 characters; at most 250"]
    spanish = edit("      warm: Cálido", "      warm: " + "b" * 101)
    at = line_of(SPANISH, "warm: Cálido")
    assert problems_of(spanish) == [f"{ES}:{at}: item 'tone', field 'choices.warm': 101 characters; at most 100"]


# --- the English files' YAML rules -------------------------------------------------------------------------------


def test_texts_are_strings_and_unquoted_yes_is_not_an_id():
    spanish = edit("    why: El comité lo lee todo.", "    why: yes")
    at = line_of(SPANISH, "El comité")
    assert problems_of(spanish) == [f"{ES}:{at}: item 'notes', field 'why': must be text, not true; write \"yes\" "
                                    "in quotes (YAML reads unquoted yes/no as true/false)"]
    spanish = edit("      warm: Cálido", "      yes: Sí")
    at = line_of(SPANISH, "warm: Cálido")
    assert problems_of(spanish)[0] == (f"{ES}:{at}: item 'tone', field 'choices': true is not an id; write \"yes\" "
                                       "in quotes (YAML reads unquoted yes/no as true/false)")


def test_duplicate_keys_anchors_and_aliases():
    spanish = edit("    look_for: La redacción.\n", "    look_for: La redacción.\n    look_for: Otra.\n")
    at = line_of(SPANISH, "La redacción") + 1
    assert problems_of(spanish) == [f"{ES}:{at}: item 'tone': duplicate key 'look_for' (first on line {at - 1})"]
    spanish = edit("    title: Paredes", "    title: &t Paredes").replace("    title: Letreros", "    title: *t")
    assert problems_of(spanish) == [
        f"{ES}:7: section 'walls', field 'title': anchors are not allowed (&t); write every item out in full",
        f"{ES}:10: section 'signs', field 'title': aliases are not allowed (*t); write it out in full",
    ]


def test_a_yaml_error_an_empty_file_and_a_yml_file():
    assert problems_of("checklist: x\n  bad: indent\n") == [f"{ES}:2: YAML error: mapping values are not allowed "
                                                            "here (column 6)"]
    assert problems_of("") == [f"{ES}:1: checklist 'x': the file is empty; a translation needs checklist, "
                               "language, title, description, sections, items"]
    Path("lists/es/x.yaml").unlink()
    Path("lists/es/x.yml").write_text(SPANISH, encoding="utf-8")
    assert load_directory(Path("lists"), shipped=True)[1][0].message == ("translation files end in .yaml; rename "
                                                                         "it to x.yaml")


# --- files and folders ----------------------------------------------------------------------------------------------


def test_a_translation_of_a_checklist_that_does_not_exist_is_an_error():
    write_folder(Path("lists"))
    Path("lists/es/gone.yaml").write_text(SPANISH.replace("checklist: x", "checklist: gone"), encoding="utf-8")
    loaded, problems = load_directory(Path("lists"), shipped=False)
    assert [str(p) for p in problems] == ["lists/es/gone.yaml:1: checklist 'gone': there is no gone.yaml in the "
                                          "folder above to translate"]
    assert [checklist.id for checklist in loaded] == ["x"]


def test_a_refused_english_file_leaves_its_translation_unchecked():
    loaded, problems = load(english=ENGLISH.replace("type: text", "type: words"))
    assert loaded == []
    assert len(problems) == 1 and problems[0].startswith("lists/x.yaml:24: item 'notes', field 'type': unknown type")


def test_other_folders_are_ignored_with_a_warning():
    write_folder(Path("lists"))
    for name in ("fr", "en", ".git"):
        Path("lists", name).mkdir()
    loaded, problems = load_directory(Path("lists"), shipped=True)
    assert [str(p) for p in problems] == [
        "lists/en: warning: folder: English text lives in the checklist files themselves; ignored",
        "lists/fr: warning: folder: not a language the app supports (en, es); ignored",
    ]
    assert "es" in loaded[0].content["translations"]


def test_the_readme_translation_example_is_valid_against_the_readme_example():
    readme = (Path(__file__).parents[2] / "checklists" / "README.md").read_text(encoding="utf-8")
    english, spanish = re.findall(r"```yaml\n(.*?)```", readme, re.DOTALL)[:2]
    write_folder(Path("lists"), english, spanish, name="example-lobby")
    loaded, problems = load_directory(Path("lists"), shipped=False)
    assert [p for p in problems if not p.warning] == []
    assert {p.where for p in problems} >= {"item 'portrait-count'", "item 'lobby-photo'"}  # the items left out
    shown = localize(loaded[0].content, "es")
    assert shown["sections"][0]["items"][0]["prompt"].startswith("¿Hay en este espacio retratos")

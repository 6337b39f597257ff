"""localize() gives a checklist's content with its text in one language, English wherever that language has none,
and leaves everything that is not text (ids, types, conditions, findings) as the English file has it."""

from __future__ import annotations

from pathlib import Path

from checklist_texts import SPANISH, write_folder

from server.checklists import all_items, load_directory, localize


def content(tmp_path: Path, spanish: str = SPANISH, shipped: bool = True) -> dict:
    loaded, _ = load_directory(write_folder(tmp_path / "lists", spanish=spanish), shipped=shipped)
    return loaded[0].content


def test_every_text_is_in_the_language_asked_for(tmp_path):
    spanish = localize(content(tmp_path), "es")
    assert "translations" not in spanish
    assert (spanish["title"], spanish["description"]) == ("Vestíbulo", "Qué mirar en el vestíbulo.")
    walls, signs = spanish["sections"]
    assert (walls["title"], walls["description"], signs["title"]) == ("Paredes", "Primero las paredes.", "Letreros")
    present, tone = walls["items"]
    assert present["prompt"] == "¿Hay retratos en este espacio?"
    assert present["guidance"] == {"look_for": "Retratos de personas con nombre.",
                                   "why": "Los honores muestran quién pertenece."}
    assert tone["choices"] == [{"id": "warm", "label": "Cálido"}, {"id": "cold", "label": "Frío"}]


def test_what_is_not_text_is_the_english_files(tmp_path):
    english = content(tmp_path)
    spanish = localize(english, "es")
    for (_, mine), (_, theirs) in zip(all_items(spanish), all_items(english), strict=True):
        assert {k: v for k, v in mine.items() if k not in ("prompt", "guidance", "choices")} == \
               {k: v for k, v in theirs.items() if k not in ("prompt", "guidance", "choices")}
    assert (spanish["id"], spanish["version"]) == (english["id"], english["version"])


def test_english_and_a_language_without_text_give_the_english_text(tmp_path):
    english = content(tmp_path)
    plain = {k: v for k, v in english.items() if k != "translations"}
    assert localize(english, "en") == plain
    assert localize(english, "fr") == plain
    assert localize(plain, "es") == plain


def test_a_missing_text_of_a_local_checklist_is_english(tmp_path):
    spanish = SPANISH.replace("    why: Los honores muestran quién pertenece.\n", "")
    spanish = spanish[:spanish.index("  notes:")]
    shown = localize(content(tmp_path, spanish, shipped=False), "es")
    present = shown["sections"][0]["items"][0]
    assert present["prompt"] == "¿Hay retratos en este espacio?"
    assert present["guidance"]["why"] == "Honors show who belongs."
    assert shown["sections"][1]["items"][0]["prompt"] == "Anything else about the signs?"


def test_the_content_given_is_not_changed(tmp_path):
    english = content(tmp_path)
    before = repr(english)
    localize(english, "es")
    assert repr(english) == before

"""A folder of checklists: the English files in it, and their translations in its language folders.

Which checklists are "shipped" (README: Translations): those in the checklists/ folder that comes with the
app. Their translations must be complete in every language folder there is, and the tests hold them to it;
an institution's own folder (SPACES_CHECKLISTS_DIR) may leave texts untranslated, and English is shown.
"""

from __future__ import annotations

from pathlib import Path

from server.checklists.loader import ParsedChecklist, parse_checklist, read_text, with_translations
from server.checklists.problems import ChecklistInvalid, Problem, errors
from server.checklists.translations import ParsedTranslation, language_folders, load_language
from server.settings import SHIPPED_CHECKLISTS


def is_shipped(directory: Path) -> bool:
    """True for the checklists/ folder that comes with the app, however its path is written."""
    return directory.resolve() == SHIPPED_CHECKLISTS.resolve()


def _english(directory: Path) -> tuple[list[ParsedChecklist], list[Problem]]:
    loaded: list[ParsedChecklist] = []
    problems: list[Problem] = []
    for file in sorted(directory.iterdir()):
        if not file.is_file() or file.suffix not in (".yaml", ".yml"):
            continue
        try:
            if file.suffix == ".yml":
                message = f"checklist files end in .yaml; rename it to {file.stem}.yaml"
                raise ChecklistInvalid([Problem(str(file), 1, "file", message)])
            loaded.append(parse_checklist(read_text(file), str(file)))
        except ChecklistInvalid as exc:
            problems.extend(exc.problems)
    return loaded, problems


def load_directory(directory: Path, shipped: bool | None = None) -> tuple[list[ParsedChecklist], list[Problem]]:
    """Every checklist in the folder with its translations, in file-name order, and every problem (warnings
    too). A checklist with an error in its file or in any of its translations is left out."""
    complete = is_shipped(directory) if shipped is None else shipped
    english, problems = _english(directory)
    by_id = {checklist.id: checklist for checklist in english}
    present = {file.stem for file in directory.iterdir() if file.is_file() and file.suffix in (".yaml", ".yml")}
    folders, found = language_folders(directory)
    problems.extend(found)
    translated: dict[str, dict[str, ParsedTranslation]] = {checklist.id: {} for checklist in english}
    for folder in folders:
        loaded, found = load_language(folder, by_id, present, complete)
        problems.extend(found)
        for checklist_id, translation in loaded.items():
            if translation.content:  # a file with no text yet adds nothing to the content or its fingerprint
                translated[checklist_id][folder.name] = translation
    refused = {Path(problem.path).stem for problem in errors(problems)}
    return [with_translations(c, translated[c.id]) for c in english if c.id not in refused], problems

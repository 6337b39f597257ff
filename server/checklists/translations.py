"""Translation files: checklists/<lang>/<id>.yaml, the text of the English checklist <id>.yaml in another
language the app supports (README: Translations). Each is checked against its English content by
translation_checker.py; what is loaded is its text, keyed by the English ids.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path, PurePath

import yaml

from server.checklists.loader import ParsedChecklist, read_text, stripped
from server.checklists.problems import ChecklistInvalid, Problem, errors, in_file_order
from server.checklists.translation_checker import TRANSLATION_KEYS, TranslationChecker
from server.checklists.yaml_nodes import compose
from server.languages import ENGLISH_NAMES, LANGUAGES, SOURCE_LANGUAGE

TEXT_KEYS = ("title", "description", "sections", "items")


@dataclass(frozen=True)
class ParsedTranslation:
    path: str
    language: str
    content: dict  # title, description, sections, items: the text the file has, keyed by English ids
    lines: dict[str, int] = field(default_factory=dict)  # text path ("items.<id>.prompt") -> line of its key


def parse_translation(text: str, path: str, english: dict, language: str,
                      complete: bool) -> tuple[ParsedTranslation | None, list[Problem]]:
    """The file's text and its problems in file order; None when any problem is an error."""
    stem = PurePath(path).name.removesuffix(".yaml")
    try:
        loader, root = compose(text, path)
    except ChecklistInvalid as exc:
        return None, exc.problems
    if root is None:
        message = f"the file is empty; a translation needs {', '.join(TRANSLATION_KEYS)}"
        return None, [Problem(path, 1, f"checklist '{stem}'", message)]
    checker = TranslationChecker(path, loader, english, language, complete)
    checker.translation(root, stem)
    problems = in_file_order(checker.problems)
    if errors(problems):
        return None, problems
    # No anchors, tags, duplicate or non-text keys remain, so safe_load reads exactly the tree that was checked.
    data = stripped(yaml.safe_load(text))
    content = {key: data[key] for key in TEXT_KEYS if key in data}
    return ParsedTranslation(path, language, content, checker.lines), problems


def language_folders(directory: Path) -> tuple[list[Path], list[Problem]]:
    """The folders of languages the app translates into; any other folder is named in a warning."""
    folders: list[Path] = []
    problems: list[Problem] = []
    for folder in sorted(path for path in directory.iterdir() if path.is_dir() and not path.name.startswith(".")):
        if folder.name in LANGUAGES and folder.name != SOURCE_LANGUAGE:
            folders.append(folder)
            continue
        supported = ", ".join(LANGUAGES)
        message = (f"{ENGLISH_NAMES[SOURCE_LANGUAGE]} text lives in the checklist files themselves; ignored"
                   if folder.name == SOURCE_LANGUAGE else f"not a language the app supports ({supported}); ignored")
        problems.append(Problem(str(folder), 0, "folder", message, warning=True))
    return folders, problems


def _missing_file(checklist: ParsedChecklist, folder: Path, complete: bool) -> Problem:
    name = f"{folder.name}/{checklist.id}.yaml"
    language = ENGLISH_NAMES[folder.name]
    if complete:
        return Problem(checklist.path, 1, f"checklist '{checklist.id}'", f"no {language} translation; write {name}")
    message = f"no {language} translation ({name}); the English text is shown"
    return Problem(checklist.path, 1, f"checklist '{checklist.id}'", message, warning=True)


def _translation(file: Path, checklist: ParsedChecklist,
                 complete: bool) -> tuple[ParsedTranslation | None, list[Problem]]:
    try:
        if file.suffix == ".yml":
            message = f"translation files end in .yaml; rename it to {file.stem}.yaml"
            raise ChecklistInvalid([Problem(str(file), 1, "file", message)])
        text = read_text(file)
    except ChecklistInvalid as exc:
        return None, exc.problems
    return parse_translation(text, str(file), checklist.content, file.parent.name, complete)


def load_language(folder: Path, checklists: dict[str, ParsedChecklist], present: set[str],
                  complete: bool) -> tuple[dict[str, ParsedTranslation], list[Problem]]:
    """One language folder's translations by checklist id. A file for a checklist that is not in the folder
    above is an error; a checklist without a file is an error when `complete`, else a warning."""
    loaded: dict[str, ParsedTranslation] = {}
    problems: list[Problem] = []
    files = sorted(file for file in folder.iterdir() if file.is_file() and file.suffix in (".yaml", ".yml"))
    for file in files:
        checklist = checklists.get(file.stem)
        if checklist is None:
            if file.stem not in present:  # a refused English file has its own problems; its text waits for it
                message = f"there is no {file.stem}.yaml in the folder above to translate"
                problems.append(Problem(str(file), 1, f"checklist '{file.stem}'", message))
            continue
        translation, found = _translation(file, checklist, complete)
        problems.extend(found)
        if translation is not None:
            loaded[checklist.id] = translation
    named = {file.stem for file in files}
    problems.extend(_missing_file(checklist, folder, complete) for checklist in checklists.values()
                    if checklist.id not in named)
    return loaded, problems

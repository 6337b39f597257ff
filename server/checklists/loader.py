"""Load checklist files: validate them against checklists/README.md, normalize and fingerprint their content.

A file is read twice over: PyYAML's node tree gives line numbers for messages (yaml_nodes.py, checked by
checker.py), and `yaml.safe_load` gives the content that is stored, exactly as the README defines it. Every
problem in a file is reported, in file order, so that an author can fix a file in one pass.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field, replace
from pathlib import Path, PurePath
from typing import Any

import yaml

from server.checklists.checker import CHECKLIST_KEYS, Checker
from server.checklists.fields import words
from server.checklists.problems import ChecklistInvalid, Problem, in_file_order
from server.checklists.yaml_nodes import compose


@dataclass(frozen=True)
class ParsedChecklist:
    path: str
    id: str
    version: int
    content: dict
    fingerprint: str
    lines: dict[str, int] = field(default_factory=dict)  # "id", "version", "item:<id>", "item:<id>:type"
    # Language -> translations.ParsedTranslation: where each text was read, for the version rules' messages.
    translations: dict[str, Any] = field(default_factory=dict)


def stripped(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [stripped(element) for element in value]
    if isinstance(value, dict):
        return {stripped(key): stripped(element) for key, element in value.items()}
    return value


def fingerprint(content: dict) -> str:
    """SHA-256 of the content's canonical JSON (README: Versions and pinning)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_checklist(text: str, path: str) -> ParsedChecklist:
    """Parse and validate one checklist file; raises ChecklistInvalid listing every problem in file order."""
    stem = PurePath(path).name.removesuffix(".yaml")
    loader, root = compose(text, path)
    if root is None:
        message = f"the file is empty; a checklist needs {words(CHECKLIST_KEYS)}"
        raise ChecklistInvalid([Problem(path, 1, f"checklist '{stem}'", message)])
    checker = Checker(path, loader)
    checker.checklist(root, stem)
    if checker.problems:
        raise ChecklistInvalid(in_file_order(checker.problems))
    # No anchors, tags or duplicate keys remain, so safe_load reads exactly the tree that was checked.
    content = stripped(yaml.safe_load(text))
    return ParsedChecklist(path, content["id"], content["version"], content, fingerprint(content), checker.lines)


def read_text(file: Path) -> str:
    data = file.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be read); save it as UTF-8"
        raise ChecklistInvalid([Problem(str(file), line, "file", message)]) from exc


def with_translations(checklist: ParsedChecklist, translations: dict[str, Any]) -> ParsedChecklist:
    """The checklist with its translations (language -> ParsedTranslation) in its content and fingerprint.
    Without any, the content is the English file's alone, so fingerprints from before translations still
    match."""
    if not translations:
        return checklist
    content = {**checklist.content,
               "translations": {language: translations[language].content for language in sorted(translations)}}
    return replace(checklist, content=content, fingerprint=fingerprint(content), translations=translations)

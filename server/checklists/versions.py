"""The version rules (README: Versions and pinning): a file is stored as a new version, is unchanged, adds
texts to the stored version, or is refused against the versions already stored.

A version's texts in every language are pinned with it, and are only ever added to: a translation of text the
stored version lacks (a language folder added, or a local checklist's missing text written) is stored into
that version, since it changes nothing anyone was shown; a changed or removed text needs a new version, like
any other content change. Versions stored before translations existed therefore take their translations
without a version raise, and a database made before this rule keeps starting.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from server.checklists.loader import ParsedChecklist, fingerprint
from server.checklists.localize import texts
from server.checklists.problems import ChecklistInvalid, Problem, in_file_order
from server.checklists.rules import all_items

Action = Literal["new", "unchanged", "translated"]


@dataclass(frozen=True)
class StoredVersion:
    version: int
    fingerprint: str
    content: dict


def english(content: dict) -> str:
    """The fingerprint of the English content alone."""
    return fingerprint({key: value for key, value in content.items() if key != "translations"})


def changed_texts(old: dict, new: dict) -> list[tuple[str, str]]:
    """(language, path) of every translated text of `old` that `new` changes or lacks."""
    now = texts(new)
    return [key for key, value in texts(old).items() if now.get(key) != value]


def adds_texts(old: dict, new: dict) -> bool:
    """True when `new` is `old` with texts added: the same English, and every translated text of `old` kept."""
    return english(old) == english(new) and not changed_texts(old, new)


def _version_problem(parsed: ParsedChecklist, stored: list[StoredVersion], highest: int) -> str | None:
    """Why the README's version rules refuse this version, or None when it is new."""
    same = next((version for version in stored if version.version == parsed.version), None)
    # Lower is refused even when it matches what was stored under that number: the file would claim an
    # older version while audits go on using the newest one.
    if parsed.version < highest:
        return (
            f"version {parsed.version} is lower than the stored version {highest}; to bring back earlier content, "
            f"publish it as version {highest + 1}"
        )
    if same is not None and same.fingerprint != parsed.fingerprint:
        return f"content changed but version is still {parsed.version}; raise version to {highest + 1}"
    return None


def _type_changes(parsed: ParsedChecklist, stored: list[StoredVersion]) -> list[Problem]:
    """Items whose type differs from the latest stored version that had the same item id."""
    problems = []
    newest_first = sorted(stored, key=lambda version: version.version, reverse=True)
    for _, item in all_items(parsed.content):
        for earlier in newest_first:
            found = next((old for _, old in all_items(earlier.content) if old["id"] == item["id"]), None)
            if found is None:
                continue
            if found["type"] != item["type"]:
                message = f"was {found['type']} in version {earlier.version}; give a changed question a new id"
                line = parsed.lines.get(f"item:{item['id']}:type", 1)
                problems.append(Problem(parsed.path, line, f"item '{item['id']}', field 'type'", message))
            break
    return problems


def _where(checklist_id: str, path: str) -> str:
    """A text path as messages name it: "items.x.choices.a" -> "item 'x', field 'choices.a'"."""
    parts = path.split(".")
    if parts[0] == "sections":
        return f"section '{parts[1]}', field '{'.'.join(parts[2:])}'"
    if parts[0] == "items":
        return f"item '{parts[1]}', field '{'.'.join(parts[2:])}'"
    return f"checklist '{checklist_id}', field '{path}'"


def _text_changes(parsed: ParsedChecklist, same: StoredVersion, highest: int) -> list[Problem]:
    """Each stored text this file changes or drops, at its line in the translation that holds it (if any)."""
    problems = []
    now = texts(parsed.content)
    for language, path in changed_texts(same.content, parsed.content):
        translation = parsed.translations.get(language)
        if translation is None:
            continue  # the whole language is gone: the version line says it
        holder = ".".join(path.split(".")[:2])
        line = translation.lines.get(path) or translation.lines.get(holder) or 1
        what = "changed" if (language, path) in now else "removed"
        message = f"text {what} but {parsed.id}.yaml's version is still {parsed.version}; raise it to {highest + 1}"
        problems.append(Problem(translation.path, line, _where(parsed.id, path), message))
    return problems


def check_versions(parsed: ParsedChecklist, stored: list[StoredVersion]) -> Action:
    """"new" (store it), "unchanged" (stored already) or "translated" (store its added texts into the stored
    version); raises ChecklistInvalid if the version rules refuse it."""
    if not stored:
        return "new"
    highest = max(version.version for version in stored)
    newest = next(version for version in stored if version.version == highest)
    if parsed.version == highest and parsed.fingerprint == newest.fingerprint:
        return "unchanged"
    if parsed.version == highest and adds_texts(newest.content, parsed.content):
        return "translated"
    problems = _type_changes(parsed, stored)
    refusal = _version_problem(parsed, stored, highest)
    if refusal is not None:
        where = f"checklist '{parsed.id}', field 'version'"
        problems.insert(0, Problem(parsed.path, parsed.lines.get("version", 1), where, refusal))
    if problems:
        texts_at = _text_changes(parsed, newest, highest) if parsed.version == highest else []
        raise ChecklistInvalid([*in_file_order(problems), *in_file_order(texts_at)])
    return "new"

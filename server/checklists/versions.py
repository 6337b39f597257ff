"""The version rules (README: Versions and pinning): a file is stored as a new version, is unchanged, or is
refused against the versions already stored.
"""

from __future__ import annotations

from dataclasses import dataclass

from server.checklists.loader import ParsedChecklist
from server.checklists.problems import ChecklistInvalid, Problem, in_file_order
from server.checklists.rules import all_items


@dataclass(frozen=True)
class StoredVersion:
    version: int
    fingerprint: str
    content: dict


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


def check_versions(parsed: ParsedChecklist, stored: list[StoredVersion]) -> str:
    """"new" (store it) or "unchanged" (stored already); raises ChecklistInvalid if the version rules refuse it."""
    if not stored:
        return "new"
    highest = max(version.version for version in stored)
    newest = next(version for version in stored if version.version == highest)
    if parsed.version == highest and parsed.fingerprint == newest.fingerprint:
        return "unchanged"
    problems = _type_changes(parsed, stored)
    refusal = _version_problem(parsed, stored, highest)
    if refusal is not None:
        where = f"checklist '{parsed.id}', field 'version'"
        problems.insert(0, Problem(parsed.path, parsed.lines.get("version", 1), where, refusal))
    if problems:
        raise ChecklistInvalid(in_file_order(problems))
    return "new"

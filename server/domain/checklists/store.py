"""Checklist versions in the database: loading the folder of files, and reading what audits pin."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from server.checklists import (
    ChecklistInvalid,
    ParsedChecklist,
    Problem,
    StoredVersion,
    check_versions,
    errors,
    load_directory,
    localize,
)
from server.errors import NotFound
from server.languages import SOURCE_LANGUAGE
from server.models import ChecklistVersion


@dataclass
class LoadReport:
    stored: list[tuple[str, int]] = field(default_factory=list)
    unchanged: list[tuple[str, int]] = field(default_factory=list)
    translated: list[tuple[str, int]] = field(default_factory=list)  # texts added to a stored version
    problems: list[Problem] = field(default_factory=list)  # errors: the checklists they name were not loaded
    warnings: list[Problem] = field(default_factory=list)  # loaded anyway (a local checklist's missing text)


async def _store(checklist: ParsedChecklist, report: LoadReport) -> None:
    stored = await ChecklistVersion.filter(checklist_id=checklist.id)
    try:
        action = check_versions(checklist, [StoredVersion(s.version, s.fingerprint, s.content) for s in stored])
    except ChecklistInvalid as exc:
        report.problems.extend(exc.problems)
        return
    if action == "new":
        await ChecklistVersion.create(checklist_id=checklist.id, version=checklist.version,
                                      fingerprint=checklist.fingerprint, title=checklist.content["title"],
                                      content=checklist.content)
        report.stored.append((checklist.id, checklist.version))
    elif action == "translated":
        # Only texts are added (versions.py): the English, and every text already shown, stay as they were.
        await ChecklistVersion.filter(checklist_id=checklist.id, version=checklist.version).update(
            fingerprint=checklist.fingerprint, content=checklist.content)
        report.translated.append((checklist.id, checklist.version))
    else:
        report.unchanged.append((checklist.id, checklist.version))


async def load_folder(directory: Path) -> LoadReport:
    """Store every new valid version; a refused file changes nothing and its last stored version stays."""
    report = LoadReport()
    parsed, problems = load_directory(directory)
    report.problems, report.warnings = errors(problems), [p for p in problems if p.warning]
    # Checklist files in the folder, loaded or refused (a translation's problems name no other checklist).
    present = {p.id for p in parsed} | {Path(p.path).stem for p in report.problems
                                        if Path(p.path).parent == directory}
    for checklist in parsed:
        await _store(checklist, report)
    # A file taken out of the folder stops new audits; versions already pinned stay readable.
    await ChecklistVersion.filter(checklist_id__not_in=list(present) or [""]).update(active=False)
    await ChecklistVersion.filter(checklist_id__in=list(present) or [""]).update(active=True)
    return report


async def current_versions() -> list[ChecklistVersion]:
    """The highest stored version of each checklist whose file is still in the folder."""
    latest: dict[str, ChecklistVersion] = {}
    for cv in await ChecklistVersion.filter(active=True).order_by("checklist_id", "version"):
        latest[cv.checklist_id] = cv
    return sorted(latest.values(), key=lambda cv: cv.title.lower())


async def current_version(checklist_id: str) -> ChecklistVersion | None:
    return await ChecklistVersion.filter(checklist_id=checklist_id, active=True).order_by("-version").first()


async def get_version(checklist_id: str, version: int) -> ChecklistVersion:
    found = await ChecklistVersion.get_or_none(checklist_id=checklist_id, version=version)
    if found is None:
        raise NotFound(f"There is no version {version} of checklist {checklist_id!r}.")
    return found


async def latest_versions(checklist_ids: list[str] | None = None) -> dict[str, ChecklistVersion]:
    """The highest stored version of each checklist (whether or not its file is still loaded): reports name
    sections and items as the checklist words them now, since ids are stable across versions."""
    query = ChecklistVersion.all().order_by("checklist_id", "version")
    if checklist_ids is not None:
        query = query.filter(checklist_id__in=checklist_ids or [""])
    return {cv.checklist_id: cv for cv in await query}


def section_titles(cv: ChecklistVersion, lang: str = SOURCE_LANGUAGE) -> dict[str, str]:
    """Section id -> title, in `lang` where the checklist has it (else English)."""
    return {section["id"]: section["title"] for section in localize(cv.content, lang)["sections"]}

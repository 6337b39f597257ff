"""How a stored checklist version reads in the API: a summary for the list, and its whole content."""

from __future__ import annotations

from typing import Any

from server.checklists.rules import all_items
from server.models import ChecklistVersion


def summary_json(cv: ChecklistVersion) -> dict[str, Any]:
    content = cv.content
    return {"id": cv.checklist_id, "version": cv.version, "title": cv.title,
            "description": content.get("description", ""), "sections": len(content.get("sections", [])),
            "items": len(all_items(content))}


def content_json(cv: ChecklistVersion) -> dict[str, Any]:
    return {**cv.content, "id": cv.checklist_id, "version": cv.version}

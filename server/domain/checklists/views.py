"""How a stored checklist version reads in the API: a summary for the list, and its whole content."""

from __future__ import annotations

from typing import Any

from server.checklists.rules import all_items
from server.models import ChecklistVersion


def summary_json(cv: ChecklistVersion) -> dict[str, Any]:
    content = cv.content
    titles = {language: {key: text[key] for key in ("title", "description") if key in text}
              for language, text in content.get("translations", {}).items()}
    return {"id": cv.checklist_id, "version": cv.version, "title": cv.title,
            "description": content.get("description", ""), "sections": len(content.get("sections", [])),
            "items": len(all_items(content)), "translations": titles}


def content_json(cv: ChecklistVersion) -> dict[str, Any]:
    """The whole pinned content, in every language: the web app switches language without a new download."""
    return {**cv.content, "translations": cv.content.get("translations", {}), "id": cv.checklist_id,
            "version": cv.version}

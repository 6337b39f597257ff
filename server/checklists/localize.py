"""A checklist's text in one language: `localize` gives the content a person reads (PDFs, CSV, any text handed
to a person in a chosen language), and `texts` lists every translated text by path for the version rules.

Stored content keeps its translations under "translations" (README: Translations): language -> {title,
description, sections: {id: {title, description}}, items: {id: {prompt, look_for, why, choices: {id: label}}}}.
"""

from __future__ import annotations

from typing import Any


def localize(content: dict, lang: str) -> dict:
    """The content with its text in `lang`, English wherever that language has no text; no translations."""
    text = content.get("translations", {}).get(lang, {})
    out = {key: value for key, value in content.items() if key != "translations"}
    out.update({key: text[key] for key in ("title", "description") if key in text})
    sections, items = text.get("sections", {}), text.get("items", {})
    out["sections"] = [_section(section, sections.get(section["id"], {}), items)
                       for section in content.get("sections", [])]
    return out


def _section(section: dict, text: dict, items: dict) -> dict:
    out = {**section, **{key: text[key] for key in ("title", "description") if key in text and key in section}}
    out["items"] = [_item(item, items.get(item["id"], {})) for item in section["items"]]
    return out


def _item(item: dict, text: dict) -> dict:
    out = {**item, "prompt": text.get("prompt", item["prompt"]),
           "guidance": {key: text.get(key, value) for key, value in item["guidance"].items()}}
    if "choices" in item:
        labels = text.get("choices", {})
        out["choices"] = [{**choice, "label": labels.get(choice["id"], choice["label"])} for choice in item["choices"]]
    return out


def texts(content: dict) -> dict[tuple[str, str], str]:
    """Every translated text: (language, path) -> text, with paths as "title", "sections.<id>.title",
    "items.<id>.prompt", "items.<id>.choices.<id>" (ids have no dots)."""
    out: dict[tuple[str, str], str] = {}
    for language, translation in content.get("translations", {}).items():
        for path, value in _flatten(translation, ""):
            out[(language, path)] = value
    return out


def _flatten(value: Any, path: str) -> list[tuple[str, str]]:
    if isinstance(value, dict):
        return [pair for key, inner in value.items() for pair in _flatten(inner, f"{path}{key}.")]
    return [(path.rstrip("."), value)]

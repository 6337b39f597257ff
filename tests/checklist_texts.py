"""A small checklist with a complete Spanish translation, as real files, and a translation made from any English
checklist (each text marked), for tests of translations, their versions and the API that serves them."""

from __future__ import annotations

from pathlib import Path

import yaml

from server.checklists.checker import DESCRIPTION_MAX, GUIDANCE_MAX, LABEL_MAX, PROMPT_MAX, TITLE_MAX
from server.checklists.rules import all_items

# Lines are numbered on the right: tests name them in the messages they expect.
ENGLISH = """\
id: x
version: 1
title: Lobby
description: What to look at in the lobby.
sections:
  - id: walls
    title: Walls
    description: The walls first.
    items:
      - id: present
        prompt: Does this space display portraits?
        type: yes_no
        guidance: {look_for: Portraits of named people., why: Honors show who belongs.}
      - id: tone
        prompt: What is the tone of the notices?
        type: single_choice
        choices: [{id: warm, label: Warm}, {id: cold, label: Cold}]
        guidance: {look_for: The wording., why: Words set the welcome.}
  - id: signs
    title: Signs
    items:
      - id: notes
        prompt: Anything else about the signs?
        type: text
        guidance: {look_for: Anything not covered., why: The committee reads everything.}
"""

SPANISH = """\
checklist: x
language: es
title: Vestíbulo
description: Qué mirar en el vestíbulo.
sections:
  walls:
    title: Paredes
    description: Primero las paredes.
  signs:
    title: Letreros
items:
  present:
    prompt: ¿Hay retratos en este espacio?
    look_for: Retratos de personas con nombre.
    why: Los honores muestran quién pertenece.
  tone:
    prompt: ¿Cuál es el tono de los avisos?
    look_for: La redacción.
    why: Las palabras dan la bienvenida.
    choices:
      warm: Cálido
      cold: Frío
  notes:
    prompt: ¿Algo más sobre los letreros?
    look_for: Lo que no se haya cubierto.
    why: El comité lo lee todo.
"""


def line_of(text: str, fragment: str) -> int:
    """The 1-based line of the first line containing `fragment`."""
    return next(number for number, row in enumerate(text.splitlines(), 1) if fragment in row)


def write_folder(folder: Path, english: str = ENGLISH, spanish: str | None = SPANISH, name: str = "x") -> Path:
    """checklists-like folder: <name>.yaml, and es/<name>.yaml unless spanish is None."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{name}.yaml").write_text(english, encoding="utf-8")
    if spanish is not None:
        (folder / "es").mkdir(exist_ok=True)
        (folder / "es" / f"{name}.yaml").write_text(spanish, encoding="utf-8")
    return folder


def _marked(text: str, mark: str, limit: int) -> str:
    return (mark + text)[:limit]


def translation_of(content: dict, language: str = "es", mark: str = "ES ") -> str:
    """A complete translation file of an English checklist's content: every text marked, in the English order."""
    sections = {}
    for section in content["sections"]:
        sections[section["id"]] = {"title": _marked(section["title"], mark, TITLE_MAX)}
        if "description" in section:
            sections[section["id"]]["description"] = _marked(section["description"], mark, DESCRIPTION_MAX)
    items = {}
    for _, item in all_items(content):
        items[item["id"]] = {"prompt": _marked(item["prompt"], mark, PROMPT_MAX),
                             "look_for": _marked(item["guidance"]["look_for"], mark, GUIDANCE_MAX),
                             "why": _marked(item["guidance"]["why"], mark, GUIDANCE_MAX)}
        if "choices" in item:
            items[item["id"]]["choices"] = {c["id"]: _marked(c["label"], mark, LABEL_MAX) for c in item["choices"]}
    data = {"checklist": content["id"], "language": language, "title": _marked(content["title"], mark, TITLE_MAX),
            "description": _marked(content["description"], mark, DESCRIPTION_MAX), "sections": sections,
            "items": items}
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)

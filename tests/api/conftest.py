"""Fixtures for audit, finding and photo tests: a small checklist, a building with two spaces, a planned audit."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from server.domain.checklists.store import load_folder

CHECKLIST = """
id: small-walk
version: 1
title: A small walk
description: Enough items to exercise every answer type and rule.
sections:
  - id: portraits
    title: Portraits
    items:
      - id: present
        prompt: Does this space display portraits of named people?
        type: yes_no
        guidance: {look_for: Portraits and busts., why: Who is honoured matters.}
      - id: how-many
        prompt: How many people are honoured?
        type: count
        show_when: {item: present, equals: "yes"}
        guidance: {look_for: Count each person once., why: An inventory shows the whole collection.}
      - id: labelled
        prompt: Is every portrait labelled with name, role and dates?
        type: yes_no
        show_when: {item: present, equals: "yes"}
        guidance: {look_for: A label beside each portrait., why: Unlabelled portraits explain nothing.}
        finding: {when: ["no"], severity: low, remedies: [add_context], photo_required: true}
  - id: signs
    title: Signs
    items:
      - id: languages
        prompt: In which languages are the signs?
        type: multiple_choice
        choices: [{id: english, label: English}, {id: spanish, label: Spanish}, {id: other, label: Other}]
        guidance: {look_for: Wayfinding and notices., why: Patients read many languages.}
      - id: tone
        prompt: How would you describe the tone of the notices?
        type: single_choice
        choices: [{id: welcoming, label: Welcoming}, {id: neutral, label: Neutral}, {id: hostile, label: Hostile}]
        guidance: {look_for: The wording of notices., why: Words set the welcome.}
        finding: {when: [hostile], severity: medium, remedies: [remove, add_representative], photo_required: false}
      - id: remarks
        prompt: Anything else to note about the signs?
        type: text
        guidance: {look_for: Anything not covered above., why: The committee reads everything.}
"""

ANSWERS_NO_PORTRAITS = {"present": "no", "languages": ["english"], "tone": "neutral", "remarks": "Clear signs."}


@dataclass
class Walk:
    people: Any
    building: dict[str, Any]
    spaces: list[dict[str, Any]]
    folder: Path

    def __getitem__(self, key: str) -> Any:
        return getattr(self, key)

    def plan_body(self, **extra: Any) -> dict[str, Any]:
        return {"building_id": self.building["id"], "checklist_id": "small-walk", "title": "Spring walk",
                "member_ids": [str(self.people["auditor"].user.id)], "space_ids": [s["id"] for s in self.spaces],
                **extra}

    async def plan(self, client: httpx.AsyncClient | None = None) -> dict[str, Any]:
        client = client or self.people["auditor"].client
        response = await client.put(f"/api/audits/{uuid.uuid4()}", json=self.plan_body())
        assert response.status_code == 201, response.text
        return response.json()

    async def answer(self, client: httpx.AsyncClient, audit: dict[str, Any], space: dict[str, Any], item: str,
                     value: Any, **extra: Any) -> httpx.Response:
        return await client.put(f"/api/responses/{uuid.uuid4()}", json={
            "audit_id": audit["id"], "space_id": space["id"], "item_id": item, "answer": value, **extra})


@pytest.fixture
async def walk(db, people, tmp_path: Path) -> Walk:
    """A loaded checklist, a building with two spaces, and helpers to plan and answer."""
    folder = tmp_path / "checklists"
    folder.mkdir()
    (folder / "small-walk.yaml").write_text(CHECKLIST, encoding="utf-8")
    report = await load_folder(folder)
    assert report.problems == [], [str(p) for p in report.problems]
    admin = people["admin"].client
    campus = (await admin.post("/api/campuses", json={"name": "Walk Campus"})).json()
    building = (await admin.post("/api/buildings", json={"campus_id": campus["id"], "code": "WLK",
                                                         "name": "Walk Hall"})).json()
    spaces = [(await admin.post("/api/spaces", json={"building_id": building["id"], "floor": "1",
                                                     "room_number": f"10{i}", "name": f"Room {i}",
                                                     "kind": "classroom"})).json() for i in (1, 2)]
    return Walk(people, building, spaces, folder)

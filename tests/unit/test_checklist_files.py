"""The checklists shipped in checklists/ load without problems and hold what the audits need."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from server.checklists import UNKNOWN, ParsedChecklist, all_items, answer_problem, find_item, load_directory

FOLDER = Path(__file__).parents[2] / "checklists"
LOADED, PROBLEMS = load_directory(FOLDER)
BY_ID = {checklist.id: checklist for checklist in LOADED}


def test_every_file_loads_without_problems():
    assert [str(problem) for problem in PROBLEMS] == []
    assert len(LOADED) == len(list(FOLDER.glob("*.yaml")))


def test_there_are_at_least_five_checklists_and_sixty_items():
    assert len(LOADED) >= 5
    assert sum(len(all_items(checklist.content)) for checklist in LOADED) >= 60


@pytest.mark.parametrize("checklist", LOADED, ids=lambda checklist: checklist.id)
def test_ids_are_unique_within_each_checklist(checklist: ParsedChecklist):
    sections = [section["id"] for section in checklist.content["sections"]]
    items = [item["id"] for _, item in all_items(checklist.content)]
    repeated = [name for name, times in Counter(sections + items).items() if times > 1]
    assert repeated == []
    for _, item in all_items(checklist.content):
        choices = [choice["id"] for choice in item.get("choices", [])]
        assert len(choices) == len(set(choices)), item["id"]


@pytest.mark.parametrize("checklist", LOADED, ids=lambda checklist: checklist.id)
def test_each_checklist_has_a_photo_item_and_a_text_item(checklist: ParsedChecklist):
    # README, "Writing items": a photo for the overall record and a text item for notes.
    types = {item["type"] for _, item in all_items(checklist.content)}
    assert {"photo", "text"} <= types


def test_the_readme_table_matches_the_files():
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    table = dict(re.findall(r"^\| `([a-z-]+)\.yaml` \| .* \| (\d+) \|$", readme, re.MULTILINE))
    assert {name: int(count) for name, count in table.items()} == {
        checklist.id: len(all_items(checklist.content)) for checklist in LOADED
    }


@pytest.mark.parametrize(
    "item_id", ["portrait-count", "portrait-count-women", "portrait-count-people-of-color"]
)
def test_the_portraits_inventory_counts_allow_unknown(item_id):
    found = find_item(BY_ID["portraits-honorifics"].content, item_id)
    assert found is not None
    section_id, item = found
    assert section_id == "inventory"
    assert item["type"] == "count"
    assert answer_problem(item, UNKNOWN) is None
    assert answer_problem(item, 0) is None


def test_the_portraits_inventory_asks_about_documented_identity():
    content = BY_ID["portraits-honorifics"].content
    prompts = {item["id"]: item["prompt"] for _, item in all_items(content)}
    assert "honored" in prompts["portrait-count"]
    assert "women, as documented" in prompts["portrait-count-women"]
    assert "people of color, as documented" in prompts["portrait-count-people-of-color"]

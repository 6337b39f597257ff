"""The checklist rules against the shared cases in tests/js/rule-cases.json (the web app runs the same file
in tests/js/rules.test.js): which items a set of answers shows, and which answers raise a finding."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from server.checklists import find_item, raises_finding, shown_items

CASES = json.loads((Path(__file__).parents[1] / "js" / "rule-cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("answers", "shown"), CASES["shown"], ids=[json.dumps(c[0]) for c in CASES["shown"]])
def test_the_items_shown(answers, shown):
    assert shown_items(CASES["checklist"], answers) == shown


@pytest.mark.parametrize(("item_id", "answer", "raises"), CASES["raises"],
                         ids=[f"{c[0]}={json.dumps(c[1])}" for c in CASES["raises"]])
def test_which_answers_raise_a_finding(item_id, answer, raises):
    found = find_item(CASES["checklist"], item_id)
    assert found is not None
    assert raises_finding(found[1], answer) is raises


def test_the_cases_cover_every_condition_operator_and_every_type():
    items = [item for section in CASES["checklist"]["sections"] for item in section["items"]]
    operators = {key for item in items for key in item.get("show_when", {}) if key != "item"}
    assert operators == {"equals", "in", "greater_than"}
    assert {item["type"] for item in items} == {"yes_no", "single_choice", "multiple_choice", "count", "text", "photo"}

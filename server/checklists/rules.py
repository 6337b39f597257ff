"""Answer rules for checklist content: which answers are valid, which items are shown, which answers raise findings.

These work on a checklist's stored content (the dict `parse_checklist` returns), which the loader has already
validated, so they trust its shape. Answers come from clients, so they are checked, never trusted. The web app
mirrors these rules in JavaScript; checklists/README.md is the specification for both.
"""

from __future__ import annotations

import json
import re
import unicodedata
from typing import Any

NOT_APPLICABLE = "not_applicable"
UNKNOWN = "unknown"
TYPES = ("yes_no", "single_choice", "multiple_choice", "count", "text", "photo")
CHOICE_TYPES = ("single_choice", "multiple_choice")
SEVERITIES = ("low", "medium", "high")
REMEDIES = ("remove", "relocate", "add_context", "add_representative", "keep_with_rationale")
SKIP_REASONS = ("locked", "renovation", "no_access", "other")

YES_NO = ("yes", "no")
MAX_COUNT = 100_000
MAX_TEXT = 2_000
MAX_PHOTOS = 20
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)
_TEXT_CONTROLS_ALLOWED = {"\n", "\t"}


def all_items(content: dict) -> list[tuple[str, dict]]:
    """(section id, item) for every item, in file order."""
    return [(section["id"], item) for section in content["sections"] for item in section["items"]]


def find_item(content: dict, item_id: str) -> tuple[str, dict] | None:
    return next(((section_id, item) for section_id, item in all_items(content) if item["id"] == item_id), None)


def _number(answer: object) -> int | None:
    # bool is a subclass of int in Python, but true is not a count.
    return answer if isinstance(answer, int) and not isinstance(answer, bool) else None


def _choice_ids(item: dict) -> list[str]:
    return [choice["id"] for choice in item.get("choices", [])]


def _one_of(values: list[str] | tuple[str, ...]) -> str:
    return ", ".join(values)


def _shown(answer: object) -> str:
    if isinstance(answer, str):
        return f"'{answer[:60]}'"
    return json.dumps(answer, default=repr)[:60]


def _yes_no_problem(item: dict, answer: object) -> str | None:
    if isinstance(answer, str) and answer in YES_NO:
        return None
    return f"{_shown(answer)} is not an answer of this item; use one of: yes, no, {NOT_APPLICABLE}"


def _single_choice_problem(item: dict, answer: object) -> str | None:
    choices = _choice_ids(item)
    if isinstance(answer, str) and answer in choices:
        return None
    return f"{_shown(answer)} is not a choice of this item; use one of: {_one_of([*choices, NOT_APPLICABLE])}"


def _multiple_choice_problem(item: dict, answer: object) -> str | None:
    if not isinstance(answer, list):
        return f"the answer is a list of choice ids or '{NOT_APPLICABLE}', not {_shown(answer)}"
    if not answer:
        return "select at least one choice"
    choices = _choice_ids(item)
    seen: set[str] = set()
    for choice in answer:
        if not isinstance(choice, str) or choice not in choices:
            return f"{_shown(choice)} is not a choice of this item; use one of: {_one_of(choices)}"
        if choice in seen:
            return f"'{choice}' is selected twice"
        seen.add(choice)
    return None


def _count_problem(item: dict, answer: object) -> str | None:
    number = _number(answer)
    if answer == UNKNOWN or (number is not None and 0 <= number <= MAX_COUNT):
        return None
    return f"a count is a whole number from 0 to {MAX_COUNT}, '{UNKNOWN}' or '{NOT_APPLICABLE}', not {_shown(answer)}"


def _text_problem(item: dict, answer: object) -> str | None:
    if not isinstance(answer, str):
        return f"the answer is text, not {_shown(answer)}"
    length = len(answer.strip())
    if length == 0:
        return "the text is empty"
    if length > MAX_TEXT:
        return f"the text has {length} characters; at most {MAX_TEXT}"
    if any(unicodedata.category(ch) == "Cc" and ch not in _TEXT_CONTROLS_ALLOWED for ch in answer):
        return "the text contains control characters; only line breaks and tabs are allowed"
    return None


def _photo_problem(item: dict, answer: object) -> str | None:
    if not isinstance(answer, list) or not answer:
        return "the answer is a list of one or more photo ids"
    if len(answer) > MAX_PHOTOS:
        return f"{len(answer)} photos; at most {MAX_PHOTOS}"
    if not all(isinstance(photo, str) and _UUID.fullmatch(photo) for photo in answer):
        return "photo ids are UUIDs"
    if len({photo.lower() for photo in answer}) != len(answer):
        return "a photo is listed twice"
    return None


_PROBLEM_BY_TYPE = {
    "yes_no": _yes_no_problem,
    "single_choice": _single_choice_problem,
    "multiple_choice": _multiple_choice_problem,
    "count": _count_problem,
    "text": _text_problem,
    "photo": _photo_problem,
}


def answer_problem(item: dict, answer: object) -> str | None:
    """None when `answer` is a valid answer for the item, else a short message saying what is wrong."""
    if isinstance(answer, str) and answer == NOT_APPLICABLE:
        return None
    check = _PROBLEM_BY_TYPE.get(item.get("type", ""))
    if check is None:
        return f"this item has an unknown type {item.get('type')!r}"
    return check(item, answer)


def _matches(item_type: str, rule: dict, answer: object) -> bool:
    """Whether an answer meets a `finding.when` or `show_when` rule (its operator keys only)."""
    if answer is None or answer in (NOT_APPLICABLE, UNKNOWN):
        return False
    if "greater_than" in rule:
        number = _number(answer)
        return item_type == "count" and number is not None and number > rule["greater_than"]
    values = [rule["equals"]] if "equals" in rule else rule.get("in", [])
    if item_type == "multiple_choice":
        return isinstance(answer, list) and any(value in answer for value in values)
    return isinstance(answer, str) and answer in values


def shown_items(content: dict, answers: dict[str, object]) -> list[str]:
    """Ids of the items shown, top to bottom: a condition is met only if the item it names is shown and matches."""
    items = {item["id"]: item for _, item in all_items(content)}
    shown: list[str] = []
    for _, item in all_items(content):
        condition = item.get("show_when")
        if condition is None or _condition_met(items, shown, condition, answers):
            shown.append(item["id"])
    return shown


def _condition_met(items: dict[str, dict], shown: list[str], condition: dict, answers: dict[str, object]) -> bool:
    ref = condition["item"]
    return ref in shown and _matches(items[ref]["type"], condition, answers.get(ref))


def raises_finding(item: dict, answer: object) -> bool:
    """Whether this answer raises the item's finding (the caller checks that the item is shown)."""
    finding = item.get("finding")
    if finding is None or item["type"] in ("text", "photo"):
        return False
    when: Any = finding["when"]
    rule = when if isinstance(when, dict) else {"in": when}
    return _matches(item["type"], rule, answer)


def _is_unanswered(answer: object) -> bool:
    # An empty selection counts as not answered (README: Response types and answers).
    return answer is None or answer == [] or (isinstance(answer, str) and not answer.strip())


def unanswered(content: dict, answers: dict[str, object]) -> list[str]:
    """Ids of shown items that have no answer yet, in file order."""
    return [item_id for item_id in shown_items(content, answers) if _is_unanswered(answers.get(item_id))]

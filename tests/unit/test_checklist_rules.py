"""Answer rules: valid answers by type, which items are shown, which answers raise findings, what is unanswered."""

from __future__ import annotations

import pytest

from server.checklists import (
    NOT_APPLICABLE,
    SKIP_REASONS,
    UNKNOWN,
    all_items,
    answer_problem,
    find_item,
    parse_checklist,
    raises_finding,
    shown_items,
    unanswered,
)

CHECKLIST = """\
id: lobby
version: 1
title: Lobby
description: Every type, finding rule and condition form.
sections:
  - id: portraits
    title: Portraits
    items:
      - id: gate
        prompt: Does this space display portraits?
        type: yes_no
        guidance: {look_for: L, why: W}
      - id: how-many
        prompt: How many people are honored?
        type: count
        show_when: {item: gate, equals: "yes"}
        guidance: {look_for: L, why: W}
        finding: {when: {greater_than: 2}, severity: low, remedies: [add_context], photo_required: false}
      - id: women
        prompt: How many honor women, as documented?
        type: count
        show_when: {item: gate, in: ["yes"]}
        guidance: {look_for: L, why: W}
      - id: placement
        prompt: Where are the portraits of women placed?
        type: single_choice
        show_when: {item: women, greater_than: 0}
        choices:
          - {id: prominent, label: Prominent}
          - {id: mixed, label: Mixed}
          - {id: less-prominent, label: Less prominent}
        guidance: {look_for: L, why: W}
        finding: {when: [less-prominent], severity: medium, remedies: [relocate], photo_required: true}
      - id: placement-notes
        prompt: Describe where they hang.
        type: text
        show_when: {item: placement, in: [mixed, less-prominent]}
        guidance: {look_for: L, why: W}
      - id: labeled
        prompt: Is every portrait labeled?
        type: yes_no
        show_when: {item: gate, equals: "yes"}
        guidance: {look_for: L, why: W}
        finding: {when: ["no"], severity: low, remedies: [add_context], photo_required: true}
  - id: posters
    title: Posters
    items:
      - id: poster-problems
        prompt: Which of these appear?
        type: multiple_choice
        choices:
          - {id: caricature, label: Caricature}
          - {id: only-patients, label: Only as patients}
          - {id: none, label: None of these}
        guidance: {look_for: L, why: W}
        finding: {when: [caricature, only-patients], severity: high, remedies: [remove], photo_required: true}
      - id: caricature-where
        prompt: Where is the caricature?
        type: text
        show_when: {item: poster-problems, in: [caricature]}
        guidance: {look_for: L, why: W}
      - id: wall-photo
        prompt: Photograph the walls.
        type: photo
        guidance: {look_for: L, why: W}
"""

CONTENT = parse_checklist(CHECKLIST, "checklists/lobby.yaml").content
UUID_A = "6f1c2a8e-3b4d-4e5f-9a0b-1c2d3e4f5a6b"
UUID_B = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d"


def item(item_id: str) -> dict:
    found = find_item(CONTENT, item_id)
    assert found is not None
    return found[1]


def test_all_items_and_find_item_follow_file_order():
    assert [(section, entry["id"]) for section, entry in all_items(CONTENT)][:2] == [
        ("portraits", "gate"),
        ("portraits", "how-many"),
    ]
    assert len(all_items(CONTENT)) == 9
    found = find_item(CONTENT, "caricature-where")
    assert found is not None and found[0] == "posters"
    assert find_item(CONTENT, "missing") is None


def test_skip_reasons():
    assert SKIP_REASONS == ("locked", "renovation", "no_access", "other")


# --- valid answers -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "item_id", ["gate", "how-many", "placement", "placement-notes", "poster-problems", "wall-photo"]
)
def test_not_applicable_is_valid_for_every_type(item_id):
    assert answer_problem(item(item_id), NOT_APPLICABLE) is None


# A text item is left out: the word "unknown" is ordinary text there.
@pytest.mark.parametrize("item_id", ["gate", "placement", "poster-problems", "wall-photo"])
def test_unknown_is_only_for_counts(item_id):
    assert answer_problem(item(item_id), UNKNOWN) is not None


@pytest.mark.parametrize("answer", ["yes", "no"])
def test_yes_no_valid(answer):
    assert answer_problem(item("gate"), answer) is None


@pytest.mark.parametrize("answer", ["maybe", True, False, "Yes", None, ["yes"]])
def test_yes_no_invalid(answer):
    assert answer_problem(item("gate"), answer) is not None


def test_yes_no_message_names_the_answers():
    assert answer_problem(item("gate"), "maybe") == (
        "'maybe' is not an answer of this item; use one of: yes, no, not_applicable"
    )


def test_single_choice():
    assert answer_problem(item("placement"), "mixed") is None
    assert answer_problem(item("placement"), "maybe") == (
        "'maybe' is not a choice of this item; use one of: prominent, mixed, less-prominent, not_applicable"
    )
    assert answer_problem(item("placement"), ["mixed"]) is not None
    assert answer_problem(item("placement"), 1) is not None


@pytest.mark.parametrize("answer", [["caricature"], ["caricature", "only-patients"], ["none"]])
def test_multiple_choice_valid(answer):
    assert answer_problem(item("poster-problems"), answer) is None


@pytest.mark.parametrize(
    "answer, message",
    [
        ([], "select at least one choice"),
        (["caricature", "caricature"], "'caricature' is selected twice"),
        (["maybe"], "'maybe' is not a choice of this item; use one of: caricature, only-patients, none"),
        ("caricature", "the answer is a list of choice ids or 'not_applicable', not 'caricature'"),
        ([1], "1 is not a choice of this item; use one of: caricature, only-patients, none"),
    ],
)
def test_multiple_choice_invalid(answer, message):
    assert answer_problem(item("poster-problems"), answer) == message


@pytest.mark.parametrize("answer", [0, 1, 100_000, UNKNOWN])
def test_count_valid(answer):
    assert answer_problem(item("how-many"), answer) is None


@pytest.mark.parametrize("answer", [-1, 100_001, 2.0, "3", True, False, None, "none"])
def test_count_invalid_including_booleans(answer):
    assert answer_problem(item("how-many"), answer) is not None


def test_count_message():
    assert answer_problem(item("how-many"), True) == (
        "a count is a whole number from 0 to 100000, 'unknown' or 'not_applicable', not true"
    )


@pytest.mark.parametrize("answer", ["x", "Two lines\nand a\ttab", " padded ", "é" * 2000, "  " + "a" * 2000 + "  "])
def test_text_valid(answer):
    assert answer_problem(item("placement-notes"), answer) is None


@pytest.mark.parametrize(
    "answer, message",
    [
        ("", "the text is empty"),
        ("  \n ", "the text is empty"),
        ("a" * 2001, "the text has 2001 characters; at most 2000"),
        ("bell\x07", "the text contains control characters; only line breaks and tabs are allowed"),
        ("line\r\nbreak", "the text contains control characters; only line breaks and tabs are allowed"),
        (3, "the answer is text, not 3"),
    ],
)
def test_text_invalid(answer, message):
    assert answer_problem(item("placement-notes"), answer) == message


def photo_ids(how_many: int) -> list[str]:
    return [f"{i:08x}-0000-4000-8000-000000000000" for i in range(how_many)]


@pytest.mark.parametrize("answer", [[UUID_A], [UUID_A, UUID_B], [UUID_A.upper()], photo_ids(20)])
def test_photo_valid(answer):
    assert answer_problem(item("wall-photo"), answer) is None


@pytest.mark.parametrize(
    "answer, message",
    [
        ([], "the answer is a list of one or more photo ids"),
        (UUID_A, "the answer is a list of one or more photo ids"),
        (["not-a-uuid"], "photo ids are UUIDs"),
        ([UUID_A.replace("-", "")], "photo ids are UUIDs"),
        ([UUID_A, UUID_A.upper()], "a photo is listed twice"),
        (photo_ids(21), "21 photos; at most 20"),
    ],
)
def test_photo_invalid(answer, message):
    assert answer_problem(item("wall-photo"), answer) == message


# --- shown items ---------------------------------------------------------------------------------------------


ALWAYS = ["gate", "poster-problems", "wall-photo"]


def test_only_unconditional_items_are_shown_before_any_answer():
    assert shown_items(CONTENT, {}) == ALWAYS


def test_equals_and_in_on_yes_no():
    assert shown_items(CONTENT, {"gate": "yes"}) == ["gate", "how-many", "women", "labeled", *ALWAYS[1:]]
    assert shown_items(CONTENT, {"gate": "no"}) == ALWAYS


def test_greater_than_on_a_count_and_in_on_a_single_choice_chain():
    answers: dict[str, object] = {"gate": "yes", "women": 2, "placement": "mixed"}
    assert shown_items(CONTENT, answers) == [
        "gate", "how-many", "women", "placement", "placement-notes", "labeled", *ALWAYS[1:]
    ]
    assert "placement-notes" not in shown_items(CONTENT, {**answers, "placement": "prominent"})
    assert "placement" not in shown_items(CONTENT, {**answers, "women": 0})


@pytest.mark.parametrize("women", [UNKNOWN, NOT_APPLICABLE, None, True])
def test_unknown_not_applicable_and_unanswered_never_meet_a_condition(women):
    shown = shown_items(CONTENT, {"gate": "yes", "women": women, "placement": "mixed"})
    assert "placement" not in shown and "placement-notes" not in shown


def test_a_hidden_item_hides_its_dependants_whatever_they_were_answered():
    answers = {"gate": "no", "women": 3, "placement": "less-prominent", "placement-notes": "Back wall."}
    shown = shown_items(CONTENT, answers)
    assert "women" not in shown and "placement" not in shown and "placement-notes" not in shown


def test_in_on_a_multiple_choice_needs_one_listed_choice_selected():
    assert "caricature-where" in shown_items(CONTENT, {"poster-problems": ["only-patients", "caricature"]})
    assert "caricature-where" not in shown_items(CONTENT, {"poster-problems": ["only-patients"]})
    assert "caricature-where" not in shown_items(CONTENT, {"poster-problems": NOT_APPLICABLE})


# --- findings ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "item_id, answer, raises",
    [
        ("labeled", "no", True),
        ("labeled", "yes", False),
        ("labeled", NOT_APPLICABLE, False),
        ("labeled", None, False),
        ("placement", "less-prominent", True),
        ("placement", "mixed", False),
        ("poster-problems", ["none"], False),
        ("poster-problems", ["only-patients"], True),
        ("poster-problems", ["caricature", "only-patients"], True),
        ("poster-problems", [], False),
        ("how-many", 3, True),
        ("how-many", 2, False),
        ("how-many", UNKNOWN, False),
        ("how-many", True, False),
        ("gate", "yes", False),
        ("gate", "no", False),
        ("placement-notes", "anything", False),
        ("wall-photo", [UUID_A], False),
    ],
)
def test_raises_finding(item_id, answer, raises):
    assert raises_finding(item(item_id), answer) is raises


# --- unanswered ----------------------------------------------------------------------------------------------


def test_unanswered_lists_shown_items_without_an_answer():
    assert unanswered(CONTENT, {}) == ALWAYS
    answers: dict[str, object] = {"gate": "yes", "how-many": UNKNOWN, "poster-problems": [], "wall-photo": [UUID_A]}
    assert unanswered(CONTENT, answers) == ["women", "labeled", "poster-problems"]


def test_answers_of_hidden_items_do_not_count_and_not_applicable_is_an_answer():
    answers: dict[str, object] = {"gate": NOT_APPLICABLE, "women": 4, "poster-problems": ["none"]}
    assert unanswered(CONTENT, answers) == ["wall-photo"]

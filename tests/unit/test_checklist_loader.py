"""The checklist validator reports every problem as checklists/README.md specifies, and applies the version rules."""

from __future__ import annotations

import re
import textwrap
from pathlib import Path

import pytest

from server.checklists import ChecklistInvalid, StoredVersion, check_versions, load_directory, parse_checklist

PATH = "checklists/x.yaml"

# Lines 1-14; items added by `with_items` start on line 15.
BASE = """\
id: x
version: 1
title: Lobby
description: What to look at in the lobby.
sections:
  - id: walls
    title: Walls
    items:
      - id: present
        prompt: Does this space display portraits?
        type: yes_no
        guidance:
          look_for: Portraits of named people.
          why: Honors show who belongs.
"""

GUIDANCE = "        guidance: {look_for: L, why: W}\n"


def with_items(items: str) -> str:
    """BASE plus items written at the indentation of an item list."""
    return BASE + textwrap.indent(textwrap.dedent(items), "      ")


def problems(text: str, path: str = PATH) -> list[str]:
    with pytest.raises(ChecklistInvalid) as caught:
        parse_checklist(text, path)
    assert str(caught.value) == "\n".join(str(problem) for problem in caught.value.problems)
    return [str(problem) for problem in caught.value.problems]


def test_the_base_text_is_valid_and_records_lines():
    parsed = parse_checklist(BASE, PATH)
    assert (parsed.id, parsed.version) == ("x", 1)
    assert parsed.lines == {"id": 1, "version": 2, "item:present": 9, "item:present:type": 11}
    assert parsed.content["sections"][0]["items"][0]["guidance"]["why"] == "Honors show who belongs."


def test_the_readme_example_is_valid():
    readme = (Path(__file__).parents[2] / "checklists" / "README.md").read_text(encoding="utf-8")
    example = re.search(r"```yaml\n(.*?)```", readme, re.DOTALL)
    assert example is not None
    parsed = parse_checklist(example.group(1), "checklists/example-lobby.yaml")
    assert parsed.id == "example-lobby"


# --- YAML itself -----------------------------------------------------------------------------------------------


def test_a_yaml_syntax_error_gives_line_and_column_and_stops_the_file():
    text = "id: x\nversion: 1\ntitle: T\n  bad: indent\n"
    assert problems(text) == [f"{PATH}:4: YAML error: mapping values are not allowed here (column 6)"]


def test_an_unterminated_quote_is_a_yaml_error():
    text = 'id: x\ntitle: "Lobby\n'
    assert problems(text) == [
        f"{PATH}:3: YAML error: while scanning a quoted scalar, found unexpected end of stream (column 1)"
    ]


def test_a_control_character_is_a_yaml_error():
    assert problems("id: x\ntitle: \x01T\n") == [f"{PATH}:2: YAML error: unacceptable character #x0001 (column 8)"]


def test_an_empty_file_and_a_second_document_are_refused():
    assert problems("# nothing yet\n") == [
        f"{PATH}:1: checklist 'x': the file is empty; a checklist needs id, version, title, description and sections"
    ]
    assert problems(BASE + "---\nid: y\n") == [
        f"{PATH}:15: YAML error: expected a single document in the stream, but found another document (column 1)"
    ]


def test_the_top_level_must_be_a_mapping():
    assert problems("- id: x\n") == [
        f"{PATH}:1: checklist 'x': must be a mapping with id, version, title, description and sections, not a list"
    ]


def test_anchors_aliases_and_tags_are_refused_where_they_occur():
    text = with_items("""\
        - id: copied
          prompt: !!str Is it copied?
          type: yes_no
          guidance: {look_for: &text Look here., why: *text}
        """)
    assert problems(text) == [
        f"{PATH}:16: item 'copied', field 'prompt': tags are not allowed (!!str); remove it",
        f"{PATH}:18: item 'copied', field 'guidance.look_for': anchors are not allowed (&text); write every item "
        "out in full",
        f"{PATH}:18: item 'copied', field 'guidance.why': aliases are not allowed (*text); write it out in full",
    ]


def test_a_duplicate_key_is_refused_at_its_second_line():
    text = with_items("""\
        - id: portrait-count
          prompt: How many?
          type: count
          guidance: {look_for: L, why: W}
          type: yes_no
        """)
    assert problems(text) == [f"{PATH}:19: item 'portrait-count': duplicate key 'type' (first on line 17)"]


def test_a_duplicate_key_in_a_nested_mapping_names_the_mapping():
    text = with_items("""\
        - id: a
          prompt: P?
          type: yes_no
          guidance:
            look_for: L
            look_for: M
            why: W
        """)
    assert problems(text) == [f"{PATH}:20: item 'a', field 'guidance': duplicate key 'look_for' (first on line 19)"]


# --- keys and kinds ----------------------------------------------------------------------------------------------


def test_a_missing_required_field_is_reported_at_the_start_of_its_mapping():
    text = with_items("""\
        - id: portraits-labeled
          prompt: Is every portrait labeled?
          type: yes_no
          guidance:
            look_for: A label beside each image.
        """)
    assert problems(text) == [f"{PATH}:19: item 'portraits-labeled', field 'guidance.why': missing required field"]


def test_missing_top_level_fields():
    assert problems("id: x\nversion: 1\ntitle: T\n") == [
        f"{PATH}:1: checklist 'x', field 'description': missing required field",
        f"{PATH}:1: checklist 'x', field 'sections': missing required field",
    ]


def test_an_unknown_field_is_refused_at_its_key():
    text = with_items("""\
        - id: portraits-context
          prompt: Is there interpretive text?
          type: yes_no
          guidance: {look_for: L, why: W}
          finding:
            when: ["no"]
            severity: medium
            remedies: [add_context]
            photo_requried: true
        """)
    assert problems(text) == [
        f"{PATH}:20: item 'portraits-context', field 'finding.photo_required': missing required field",
        f"{PATH}:23: item 'portraits-context', field 'finding.photo_requried': unknown field",
    ]


@pytest.mark.parametrize(
    "line, message",
    [
        ('version: "2"', 'must be a whole number, not "2"'),
        ("version: 3.0", "must be a whole number, not 3.0"),
        ("version: true", "must be a whole number, not true"),
        ("version:", "must be a whole number, not empty"),
        ("version: 0", "must be at least 1, not 0"),
    ],
)
def test_version_must_be_a_whole_number_of_at_least_one(line, message):
    assert problems(BASE.replace("version: 1", line)) == [f"{PATH}:2: checklist 'x', field 'version': {message}"]


def test_text_fields_refuse_other_kinds_and_suggest_quotes_for_booleans():
    text = BASE.replace("title: Lobby", "title: [Lobby]").replace(
        "description: What to look at in the lobby.", "description: Yes"
    )
    assert problems(text) == [
        f"{PATH}:3: checklist 'x', field 'title': must be text, not a list",
        f"{PATH}:4: checklist 'x', field 'description': must be text, not true; write \"Yes\" in quotes "
        "(YAML reads unquoted yes/no as true/false)",
    ]


def test_text_must_not_be_empty_after_stripping():
    assert problems(BASE.replace("title: Lobby", 'title: "   "')) == [
        f"{PATH}:3: checklist 'x', field 'title': must not be empty"
    ]


def test_a_list_where_a_mapping_is_expected():
    text = with_items("""\
        - id: a
          prompt: P?
          type: yes_no
          guidance: [L, W]
        """)
    assert problems(text) == [
        f"{PATH}:18: item 'a', field 'guidance': must be a mapping with look_for and why, not a list"
    ]


# --- ids -------------------------------------------------------------------------------------------------------


def test_a_bad_checklist_id_is_named_as_written():
    assert problems(BASE.replace("id: x", "id: Portraits", 1)) == [
        f"{PATH}:1: checklist 'Portraits', field 'id': ids use lowercase letters, digits and hyphens"
    ]


def test_the_checklist_id_must_equal_the_file_name():
    assert problems(BASE, "checklists/lobby.yaml") == [
        "checklists/lobby.yaml:1: checklist 'x', field 'id': must equal the file name without .yaml, 'lobby'"
    ]


def test_an_invalid_item_id_is_replaced_by_its_position():
    text = with_items("""\
        - id: Portrait_Count
          prompt: How many?
          type: count
          guidance: {look_for: L, why: W}
        - prompt: How many more?
          type: count
          guidance: {look_for: L, why: W}
        """)
    assert problems(text) == [
        f"{PATH}:15: item #2 of section 'walls', field 'id': ids use lowercase letters, digits and hyphens",
        f"{PATH}:19: item #3 of section 'walls', field 'id': missing required field",
    ]


def test_ids_longer_than_64_characters_are_refused():
    long_id = "a" * 65
    text = with_items(f"- id: {long_id}\n  prompt: P?\n  type: yes_no\n" + "  guidance: {look_for: L, why: W}\n")
    assert problems(text) == [f"{PATH}:15: item #2 of section 'walls', field 'id': 65 characters; ids have at most 64"]


def test_section_and_item_ids_are_unique_together():
    text = BASE + textwrap.indent(textwrap.dedent("""\
          - id: present
            title: Present
            items:
              - id: walls
                prompt: P?
                type: yes_no
                guidance: {look_for: L, why: W}
              - id: walls-2
                prompt: P?
                type: yes_no
                guidance: {look_for: L, why: W}
              - id: walls-2
                prompt: P?
                type: yes_no
                guidance: {look_for: L, why: W}
        """), "  ")
    assert problems(text) == [
        f"{PATH}:15: section 'present', field 'id': duplicate id 'present' (first used on line 9)",
        f"{PATH}:18: item 'walls', field 'id': duplicate id 'walls' (first used on line 6)",
        f"{PATH}:26: item 'walls-2', field 'id': duplicate id 'walls-2' (first used on line 22)",
    ]


# --- types and choices -----------------------------------------------------------------------------------------


def test_an_unknown_type_lists_the_six():
    assert problems(BASE.replace("type: yes_no", "type: number")) == [
        f"{PATH}:11: item 'present', field 'type': unknown type 'number'; use one of yes_no, single_choice, "
        "multiple_choice, count, text, photo"
    ]


def test_choice_types_need_at_least_two_choices_with_unique_ids():
    text = with_items("""\
        - id: one-choice
          prompt: Which?
          type: single_choice
          choices:
            - {id: only, label: Only}
          guidance: {look_for: L, why: W}
        - id: no-choices
          prompt: Which?
          type: multiple_choice
          guidance: {look_for: L, why: W}
        - id: repeated
          prompt: Which?
          type: single_choice
          choices:
            - {id: a, label: A}
            - {id: a, label: B}
            - plain
            - {id: c}
          guidance: {look_for: L, why: W}
        """)
    assert problems(text) == [
        f"{PATH}:18: item 'one-choice', field 'choices': a single_choice item needs at least two choices",
        f"{PATH}:21: item 'no-choices', field 'choices': missing required field for a multiple_choice item",
        f"{PATH}:30: item 'repeated', field 'choices[2].id': duplicate id 'a' (first used on line 29)",
        f"{PATH}:31: item 'repeated', field 'choices[3]': must be a mapping with id and label, not \"plain\"",
        f"{PATH}:32: item 'repeated', field 'choices[4].label': missing required field",
    ]


def test_choices_are_refused_on_other_types():
    text = with_items("""\
        - id: a
          prompt: P?
          type: yes_no
          choices: [{id: y, label: Y}, {id: n, label: N}]
          guidance: {look_for: L, why: W}
        """)
    assert problems(text) == [f"{PATH}:18: item 'a', field 'choices': a yes_no item has no choices; remove them"]


# --- findings --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("item_type", ["text", "photo"])
def test_text_and_photo_items_cannot_raise_a_finding(item_type):
    text = with_items(f"""\
        - id: notes
          prompt: Notes.
          type: {item_type}
          guidance: {{look_for: L, why: W}}
          finding: {{when: ["yes"], severity: low, remedies: [remove], photo_required: true}}
        """)
    assert problems(text) == [f"{PATH}:19: item 'notes', field 'finding': a {item_type} item cannot raise a finding"]


def test_a_finding_needs_all_four_keys():
    text = with_items("""\
        - id: a
          prompt: P?
          type: yes_no
          guidance: {look_for: L, why: W}
          finding:
            when: ["no"]
        """)
    assert problems(text) == [
        f"{PATH}:20: item 'a', field 'finding.severity': missing required field",
        f"{PATH}:20: item 'a', field 'finding.remedies': missing required field",
        f"{PATH}:20: item 'a', field 'finding.photo_required': missing required field",
    ]


def finding_item(item_type: str, when: str, choices: str = "") -> str:
    return with_items(
        f"- id: a\n  prompt: P?\n  type: {item_type}\n{choices}"
        + "  guidance: {look_for: L, why: W}\n"
        + f"  finding:\n    when: {when}\n    severity: low\n    remedies: [add_context]\n    photo_required: true\n"
    )


CHOICES = "  choices:\n    - {id: documented, label: D}\n    - {id: none-found, label: N}\n"  # lines 18-20


@pytest.mark.parametrize(
    "when, message",
    [
        ("[no]", 'false is not an answer; write "no" in quotes (YAML reads unquoted yes/no as true/false)'),
        ("[Yes]", 'true is not an answer; write "yes" in quotes (YAML reads unquoted yes/no as true/false)'),
        ('["maybe"]', "'maybe' is not an answer of this item"),
        ('["yes", "no"]', 'names both "yes" and "no"; leave at least one answer that raises no finding'),
        ('["no", "no"]', "'no' is listed twice"),
        ("[]", "needs at least one answer"),
        ('"no"', 'must be a list of answers, not "no"'),
    ],
)
def test_finding_when_for_yes_no(when, message):
    assert problems(finding_item("yes_no", when)) == [f"{PATH}:20: item 'a', field 'finding.when': {message}"]


@pytest.mark.parametrize("item_type", ["single_choice", "multiple_choice"])
@pytest.mark.parametrize(
    "when, message",
    [
        ("[maybe]", "'maybe' is not a choice of this item"),
        ("[documented, none-found]", "names every choice; leave at least one answer that raises no finding"),
    ],
)
def test_finding_when_for_choices(item_type, when, message):
    assert problems(finding_item(item_type, when, CHOICES)) == [
        f"{PATH}:23: item 'a', field 'finding.when': {message}"
    ]


def test_finding_when_for_choices_accepts_a_subset():
    parsed = parse_checklist(finding_item("multiple_choice", "[documented]", CHOICES), PATH)
    assert parsed.content["sections"][0]["items"][1]["finding"]["when"] == ["documented"]


@pytest.mark.parametrize(
    "when, expected",
    [
        ('["yes"]', ["finding.when': must be a mapping with greater_than, not a list"]),
        ("{greater_than: -1}", ["finding.when.greater_than': must be at least 0, not -1"]),
        ('{greater_than: "3"}', ["finding.when.greater_than': must be a whole number, not \"3\""]),
        ("{above: 3}", ["finding.when.above': unknown field", "finding.when.greater_than': missing required field"]),
    ],
)
def test_finding_when_for_count(when, expected):
    assert problems(finding_item("count", when)) == [f"{PATH}:20: item 'a', field '{end}" for end in expected]


def test_finding_when_for_count_accepts_greater_than_zero():
    parsed = parse_checklist(finding_item("count", "\n      greater_than: 0"), PATH)
    assert parsed.content["sections"][0]["items"][1]["finding"]["when"] == {"greater_than": 0}


def test_unknown_severity_and_remedies():
    text = with_items("""\
        - id: a
          prompt: P?
          type: yes_no
          guidance: {look_for: L, why: W}
          finding:
            when: ["no"]
            severity: urgent
            remedies:
              - replace
              - remove
              - remove
            photo_required: true
        """)
    assert problems(text) == [
        f"{PATH}:21: item 'a', field 'finding.severity': unknown severity 'urgent'; use low, medium or high",
        f"{PATH}:23: item 'a', field 'finding.remedies': unknown remedy 'replace'; use remove, relocate, "
        "add_context, add_representative, keep_with_rationale",
        f"{PATH}:25: item 'a', field 'finding.remedies': 'remove' is listed twice",
    ]


def test_remedies_must_be_a_non_empty_list():
    text = finding_item("yes_no", '["no"]').replace("remedies: [add_context]", "remedies: []")
    assert problems(text) == [f"{PATH}:22: item 'a', field 'finding.remedies': needs at least one remedy"]


@pytest.mark.parametrize("value", ['"yes"', "1", "maybe"])
def test_photo_required_must_be_true_or_false(value):
    text = finding_item("yes_no", '["no"]').replace("photo_required: true", f"photo_required: {value}")
    assert problems(text) == [f"{PATH}:23: item 'a', field 'finding.photo_required': must be true or false"]


# --- conditions ------------------------------------------------------------------------------------------------


def condition_items(show_when: str) -> str:
    """Earlier items of every type (lines 15-40), then item 'y' with the condition on line 45."""
    return with_items(
        """\
        - id: count
          prompt: How many?
          type: count
          guidance: {look_for: L, why: W}
        - id: pick
          prompt: Which?
          type: single_choice
          choices: [{id: a, label: A}, {id: b, label: B}]
          guidance: {look_for: L, why: W}
        - id: several
          prompt: Which?
          type: multiple_choice
          choices: [{id: a, label: A}, {id: b, label: B}]
          guidance: {look_for: L, why: W}
        - id: notes
          prompt: Notes.
          type: text
          guidance: {look_for: L, why: W}
        - id: photos
          prompt: Photos.
          type: photo
          guidance: {look_for: L, why: W}
        - id: later-gate
          prompt: P?
          type: yes_no
          guidance: {look_for: L, why: W}
        - id: y
          prompt: P?
          type: yes_no
          guidance: {look_for: L, why: W}
        """
        + f"  show_when: {show_when}\n"
    )


def test_condition_items_are_valid_with_valid_conditions():
    for show_when in (
        '{item: present, equals: "yes"}',
        '{item: present, in: ["no"]}',
        "{item: count, greater_than: 0}",
        "{item: pick, equals: b}",
        "{item: several, in: [a]}",
    ):
        parse_checklist(condition_items(show_when), PATH)


@pytest.mark.parametrize(
    "show_when, field, message",
    [
        ('{item: portrait-cnt, equals: "yes"}', "item", "names a missing item 'portrait-cnt'"),
        ('{item: y, equals: "yes"}', "item", "names the item itself; conditions may only refer to earlier items"),
        ("{item: notes, equals: x}", "item", "names text item 'notes'; text and photo answers cannot be compared"),
        ("{item: photos, in: [x]}", "item", "names photo item 'photos'; text and photo answers cannot be compared"),
        ('{item: walls, equals: "yes"}', "item", "names section 'walls'; conditions refer to items"),
        ("{item: present, equals: maybe}", "equals", "'maybe' is not an answer of yes_no item 'present'"),
        (
            "{item: present, equals: yes}",
            "equals",
            'true is not an answer; write "yes" in quotes (YAML reads unquoted yes/no as true/false)',
        ),
        ("{item: pick, equals: c}", "equals", "'c' is not a choice of single_choice item 'pick'"),
        ("{item: several, in: [a, c]}", "in", "'c' is not a choice of multiple_choice item 'several'"),
        ("{item: several, in: []}", "in", "needs at least one answer"),
        ("{item: several, in: [a, a]}", "in", "'a' is listed twice"),
        ("{item: several, equals: a}", "equals", "equals cannot be used with multiple_choice item 'several'; use in"),
        ("{item: count, equals: 3}", "equals", "equals cannot be used with count item 'count'; use greater_than"),
        ("{item: count, greater_than: -1}", "greater_than", "must be at least 0, not -1"),
        ("{item: count, greater_than: 2.5}", "greater_than", "must be a whole number, not 2.5"),
        (
            "{item: pick, greater_than: 0}",
            "greater_than",
            "greater_than cannot be used with single_choice item 'pick'; use equals or in",
        ),
    ],
)
def test_condition_problems(show_when, field, message):
    assert problems(condition_items(show_when)) == [f"{PATH}:45: item 'y', field 'show_when.{field}': {message}"]


def test_a_condition_may_not_name_a_later_item():
    text = condition_items("{item: count, greater_than: 0}").replace(
        "- id: count\n", '- id: count\n        show_when: {item: later-gate, equals: "yes"}\n'
    )
    assert problems(text) == [
        f"{PATH}:16: item 'count', field 'show_when.item': names item 'later-gate', which comes later in the file; "
        "conditions may only refer to earlier items"
    ]


def test_a_condition_needs_exactly_one_operator():
    assert problems(condition_items("{item: present}")) == [
        f"{PATH}:45: item 'y', field 'show_when': needs one operator: equals, in or greater_than"
    ]
    assert problems(condition_items('{item: present, equals: "yes", in: ["no"]}')) == [
        f"{PATH}:45: item 'y', field 'show_when.in': only one operator is allowed; this condition already has equals"
    ]


def test_a_condition_needs_an_item():
    assert problems(condition_items('{equals: "yes"}')) == [
        f"{PATH}:45: item 'y', field 'show_when.item': missing required field"
    ]


# --- lengths ---------------------------------------------------------------------------------------------------


def test_text_lengths_are_counted_after_stripping():
    text = with_items(
        f"- id: a\n  prompt: {'p' * 251}\n  type: single_choice\n"
        f"  choices: [{{id: a, label: {'l' * 101}}}, {{id: b, label: '  {'l' * 100}  '}}]\n"
        f"  guidance: {{look_for: {'g' * 601}, why: W}}\n"
    )
    assert problems(text) == [
        f"{PATH}:16: item 'a', field 'prompt': 251 characters; at most 250",
        f"{PATH}:18: item 'a', field 'choices[1].label': 101 characters; at most 100",
        f"{PATH}:19: item 'a', field 'guidance.look_for': 601 characters; at most 600",
    ]


def test_title_and_description_lengths():
    text = BASE.replace("title: Lobby", f"title: {'t' * 81}").replace(
        "description: What to look at in the lobby.", f"description: {'d' * 1001}"
    )
    assert problems(text) == [
        f"{PATH}:3: checklist 'x', field 'title': 81 characters; at most 80",
        f"{PATH}:4: checklist 'x', field 'description': 1001 characters; at most 1000",
    ]


# --- a file with several problems -----------------------------------------------------------------------------


def test_every_problem_in_a_file_is_reported_in_file_order():
    text = with_items("""\
        - id: b
          prompt: P?
          type: count
          show_when: {item: c, equals: "yes"}
          guidance: {look_for: L}
        - id: c
          prompt: P?
          type: yes_no
          guidance: {look_for: L, why: W}
          finding: {when: [yes], severity: high, remedies: [remove], photo_required: maybe}
        """).replace('version: 1', 'version: "1"')
    assert problems(text) == [
        f"{PATH}:2: checklist 'x', field 'version': must be a whole number, not \"1\"",
        f"{PATH}:18: item 'b', field 'show_when.item': names item 'c', which comes later in the file; "
        "conditions may only refer to earlier items",
        f"{PATH}:19: item 'b', field 'guidance.why': missing required field",
        f"{PATH}:24: item 'c', field 'finding.when': true is not an answer; write \"yes\" in quotes "
        "(YAML reads unquoted yes/no as true/false)",
        f"{PATH}:24: item 'c', field 'finding.photo_required': must be true or false",
    ]


# --- versions and fingerprints -------------------------------------------------------------------------------


def stored(text: str) -> StoredVersion:
    parsed = parse_checklist(text, PATH)
    return StoredVersion(parsed.version, parsed.fingerprint, parsed.content)


def test_a_new_id_and_a_higher_version_are_new():
    assert check_versions(parse_checklist(BASE, PATH), []) == "new"
    higher = BASE.replace("version: 1", "version: 2").replace("Lobby", "Main lobby")
    assert check_versions(parse_checklist(higher, PATH), [stored(BASE)]) == "new"


def test_the_same_version_and_content_is_unchanged():
    relaid = "# a comment\n" + BASE.replace("title: Lobby", "title: 'Lobby'")
    assert check_versions(parse_checklist(relaid, PATH), [stored(BASE)]) == "unchanged"


def test_changed_content_under_the_same_version_is_refused():
    v3 = BASE.replace("version: 1", "version: 3")
    changed = v3.replace("Does this space display portraits?", "Are portraits displayed here?")
    with pytest.raises(ChecklistInvalid) as caught:
        check_versions(parse_checklist(changed, PATH), [stored(BASE), stored(v3)])
    assert str(caught.value) == (
        f"{PATH}:2: checklist 'x', field 'version': content changed but version is still 3; raise version to 4"
    )


def test_a_lower_version_is_refused_even_if_it_was_stored():
    v2 = BASE.replace("version: 1", "version: 2").replace("Lobby", "Main lobby")
    with pytest.raises(ChecklistInvalid) as caught:
        check_versions(parse_checklist(BASE, PATH), [stored(BASE), stored(v2)])
    assert str(caught.value) == (
        f"{PATH}:2: checklist 'x', field 'version': version 1 is lower than the stored version 2; "
        "to bring back earlier content, publish it as version 3"
    )


def test_an_item_may_not_change_type_across_versions():
    v1 = BASE.replace("type: yes_no", "type: count")
    v2 = v1.replace("version: 1", "version: 2").replace("Lobby", "Main lobby")
    v3 = BASE.replace("version: 1", "version: 3")
    with pytest.raises(ChecklistInvalid) as caught:
        check_versions(parse_checklist(v3, PATH), [stored(v1), stored(v2)])
    assert str(caught.value) == (
        f"{PATH}:11: item 'present', field 'type': was count in version 2; give a changed question a new id"
    )


def test_fingerprint_ignores_comments_rewrapping_quoting_and_key_order():
    original = with_items("""\
        - id: context
          prompt: Is there interpretive text?
          type: yes_no
          guidance:
            look_for: >
              A panel, label or QR code that acknowledges
              who was long excluded.
            why: Context keeps a display honest.
        """)
    reworked = with_items("""\
        # Rewrapped, reordered and requoted: the same content.
        - type: "yes_no"
          id: context
          guidance:
            why: 'Context keeps a display honest.'   # trailing comment
            look_for: >
              A panel, label or QR code that acknowledges who was long
              excluded.
          prompt:   Is there interpretive text?
        """)
    assert parse_checklist(original, PATH).fingerprint == parse_checklist(reworked, PATH).fingerprint
    reworded = original.replace("Is there interpretive text?", "Is there any interpretive text?")
    assert parse_checklist(original, PATH).fingerprint != parse_checklist(reworded, PATH).fingerprint


def test_content_is_stripped_before_fingerprinting():
    padded = BASE.replace("title: Lobby", 'title: "  Lobby  "')
    assert parse_checklist(padded, PATH).content["title"] == "Lobby"
    assert parse_checklist(padded, PATH).fingerprint == parse_checklist(BASE, PATH).fingerprint


# --- a folder of files -----------------------------------------------------------------------------------------


def test_load_directory_keeps_good_files_and_reports_bad_ones(tmp_path):
    (tmp_path / "x.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "lobby.yaml").write_text(BASE, encoding="utf-8")
    (tmp_path / "old.yml").write_text(BASE, encoding="utf-8")
    (tmp_path / "latin.yaml").write_bytes(BASE.replace("id: x", "id: latin").encode("utf-8") + b"# caf\xe9\n")
    (tmp_path / "notes.txt").write_text("not a checklist", encoding="utf-8")
    loaded, found = load_directory(tmp_path)
    assert [checklist.id for checklist in loaded] == ["x"]
    assert [str(problem) for problem in found] == [
        f"{tmp_path}/latin.yaml:15: file: is not UTF-8 (byte 0xe9 cannot be read); save it as UTF-8",
        f"{tmp_path}/lobby.yaml:1: checklist 'x', field 'id': must equal the file name without .yaml, 'lobby'",
        f"{tmp_path}/old.yml:1: file: checklist files end in .yaml; rename it to old.yaml",
    ]

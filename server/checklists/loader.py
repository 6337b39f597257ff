"""Load checklist files: validate them against checklists/README.md, normalize and fingerprint their content.

A file is read twice over: PyYAML's node tree gives line numbers for messages, and `yaml.safe_load` gives the
content that is stored, exactly as the README defines it. Every problem in a file is reported, in file order, so
that an author can fix a file in one pass.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from server.checklists.rules import CHOICE_TYPES, REMEDIES, SEVERITIES, TYPES, YES_NO, all_items


@dataclass(frozen=True)
class Problem:
    path: str
    line: int
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.where}: {self.message}"


class ChecklistInvalid(Exception):
    """A checklist file was refused; `problems` says every reason."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("\n".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass(frozen=True)
class ParsedChecklist:
    path: str
    id: str
    version: int
    content: dict
    fingerprint: str
    lines: dict[str, int] = field(default_factory=dict)  # "id", "version", "item:<id>", "item:<id>:type"


@dataclass(frozen=True)
class StoredVersion:
    version: int
    fingerprint: str
    content: dict


ID_PATTERN = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
ID_MAX = 64
CHECKLIST_KEYS = ("id", "version", "title", "description", "sections")
SECTION_KEYS = ("id", "title", "description", "items")
SECTION_REQUIRED = ("id", "title", "items")
ITEM_KEYS = ("id", "prompt", "type", "guidance", "choices", "finding", "show_when")
ITEM_REQUIRED = ("id", "prompt", "type", "guidance")
GUIDANCE_KEYS = ("look_for", "why")
CHOICE_KEYS = ("id", "label")
FINDING_KEYS = ("when", "severity", "remedies", "photo_required")
CONDITION_KEYS = ("item", "equals", "in", "greater_than")
OPERATORS = ("equals", "in", "greater_than")
# Which operators a condition may use, by the type of the item it names (README: Conditions).
OPERATORS_FOR = {
    "yes_no": ("equals", "in"),
    "single_choice": ("equals", "in"),
    "multiple_choice": ("in",),
    "count": ("greater_than",),
}
# Built-in words by kind, with the advice given for an unknown one (worded as in the README's examples).
_VOCABULARIES = {
    "type": (TYPES, f"use one of {', '.join(TYPES)}"),
    "severity": (SEVERITIES, "use low, medium or high"),
    "remedy": (REMEDIES, f"use {', '.join(REMEDIES)}"),
}
TITLE_MAX, DESCRIPTION_MAX, PROMPT_MAX, GUIDANCE_MAX, LABEL_MAX = 80, 1000, 250, 600, 100
_BOOL_HINT = "(YAML reads unquoted yes/no as true/false)"
_UNREADABLE = object()  # a scalar PyYAML resolves but cannot build, such as the date 2021-13-45


# --- YAML: a node tree with line numbers; anchors, aliases and tags are noted, not honored ------------------


class _AliasNode(ScalarNode):
    """Stands in for an alias, which is reported rather than followed."""


class _Composer(yaml.SafeLoader):
    """Composes the node tree like yaml.compose, noting anchors, aliases and tags so they can be reported in place."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.notes: dict[int, list[str]] = {}  # id(node) -> messages

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.get_event()
            node = _AliasNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
            self.notes[id(node)] = [f"aliases are not allowed (*{event.anchor}); write it out in full"]
            return node
        notes = []
        if event.anchor is not None:
            notes.append(f"anchors are not allowed (&{event.anchor}); write every item out in full")
            event.anchor = None  # forgotten, so a second anchor of the same name is not a YAML error too
        if event.tag is not None:
            notes.append(f"tags are not allowed ({_short_tag(event.tag)}); remove it")
            event.tag = None  # resolved as if untagged, so the value is still checked
        node = super().compose_node(parent, index)
        if notes:
            self.notes[id(node)] = notes
        return node


def _short_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _compose(text: str, path: str) -> tuple[_Composer, Node | None]:
    try:
        loader = _Composer(text)
    except yaml.YAMLError as exc:  # the reader refuses control characters before parsing starts
        raise ChecklistInvalid([_yaml_problem(path, exc, text)]) from exc
    try:
        return loader, loader.get_single_node()
    except yaml.YAMLError as exc:
        raise ChecklistInvalid([_yaml_problem(path, exc, text)]) from exc
    finally:
        loader.dispose()


def _yaml_problem(path: str, exc: yaml.YAMLError, text: str) -> Problem:
    if isinstance(exc, yaml.reader.ReaderError):
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        return Problem(path, line, "YAML error", f"unacceptable character #x{exc.character:04x} (column {column})")
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    message = f"{context}, {problem}" if context else problem
    if mark is None:
        return Problem(path, 1, "YAML error", message)
    return Problem(path, mark.line + 1, "YAML error", f"{message} (column {mark.column + 1})")


# --- reading values out of nodes ---------------------------------------------------------------------------


class _Field(NamedTuple):
    line: int  # the key's line: block lists and mappings start on the line after it
    node: Node


class _Item(NamedTuple):
    id: str
    index: int  # position among all items in the file
    type: str | None
    choices: list[str] | None  # valid choice ids; None when the item's choices could not be read
    where: str


def _line(node: Node) -> int:
    return node.start_mark.line + 1


def _is_id(value: object) -> bool:
    return isinstance(value, str) and len(value) <= ID_MAX and ID_PATTERN.fullmatch(value) is not None


def _describe(node: Node, value: object) -> str:
    if isinstance(node, MappingNode):
        return "a mapping"
    if isinstance(node, SequenceNode):
        return "a list"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "empty"
    if isinstance(value, str):
        return json.dumps(value if len(value) <= 40 else value[:40] + "…", ensure_ascii=False)
    return str(node.value)


def _quote_hint(node: Node, value: object) -> str:
    return f'; write "{node.value}" in quotes {_BOOL_HINT}' if isinstance(value, bool) else ""


def _words(names: tuple[str, ...] | list[str], last: str = "and") -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


class _Checker:
    """Walks one file's node tree and collects every problem; used only by parse_checklist."""

    def __init__(self, path: str, loader: _Composer) -> None:
        self.path = path
        self.loader = loader
        self.problems: list[Problem] = []
        self.ids: dict[str, int] = {}  # section and item ids share one namespace -> line first used
        self.items: dict[str, _Item] = {}  # the first item with each id
        self.item_count = 0
        self.conditions: list[tuple[_Item, _Field]] = []  # checked once every item is known
        self.lines: dict[str, int] = {}

    def add(self, line: int, where: str, name: str, message: str) -> None:
        where = f"{where}, field '{name}'" if name else where
        self.problems.append(Problem(self.path, line, where, message))

    def noted(self, node: Node, where: str, name: str) -> None:
        for message in self.loader.notes.pop(id(node), []):
            self.add(_line(node), where, name, message)

    def scalar(self, node: Node) -> Any:
        """The value safe_load would give a scalar node (collections and aliases give _UNREADABLE)."""
        if not isinstance(node, ScalarNode) or isinstance(node, _AliasNode):
            return _UNREADABLE
        try:
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError):
            return _UNREADABLE

    # Generic shapes. Each returns None when the value cannot be used; the problem has been recorded.

    def fields(
        self, at: _Field, where: str, prefix: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, _Field] | None:
        """A mapping's fields by key; duplicate, unknown and missing keys are reported."""
        node = at.node
        if isinstance(node, _AliasNode):
            return None
        if not isinstance(node, MappingNode):
            self.add(at.line, where, prefix, f"must be a mapping with {_words(required)}, not {self._show(node)}")
            return None
        found: dict[str, _Field] = {}
        seen: dict[str, int] = {}
        for key, value in node.value:
            self.noted(key, where, prefix)
            if not isinstance(key, ScalarNode):
                self.add(_line(key), where, prefix, "keys must be plain words, not a list or mapping")
                continue
            name = str(key.value)
            self.noted(value, where, _join(prefix, name))
            if name in seen:
                self.add(_line(key), where, prefix, f"duplicate key '{name}' (first on line {seen[name]})")
                continue
            seen[name] = _line(key)
            if name not in allowed:
                self.add(_line(key), where, _join(prefix, name), "unknown field")
                continue
            found[name] = _Field(_line(key), value)
        for name in required:
            if name not in found and name not in seen:
                self.add(_line(node), where, _join(prefix, name), "missing required field")
        return found

    def elements(self, at: _Field, where: str, name: str, what: str) -> list[_Field] | None:
        """A list's elements, each with its own line."""
        if isinstance(at.node, _AliasNode):
            return None
        if not isinstance(at.node, SequenceNode):
            self.add(at.line, where, name, f"must be a list of {what}, not {self._show(at.node)}")
            return None
        for element in at.node.value:
            self.noted(element, where, name)
        return [_Field(_line(element), element) for element in at.node.value]

    def text(self, at: _Field | None, where: str, name: str, limit: int) -> str | None:
        if at is None or isinstance(at.node, _AliasNode):
            return None
        value = self.scalar(at.node)
        if not isinstance(value, str):
            self.add(at.line, where, name, f"must be text, not {self._show(at.node)}{_quote_hint(at.node, value)}")
            return None
        length = len(value.strip())
        if length == 0:
            self.add(at.line, where, name, "must not be empty")
        elif length > limit:
            self.add(at.line, where, name, f"{length} characters; at most {limit}")
        return value.strip()

    def ident(self, at: _Field | None, where: str, name: str) -> str | None:
        if at is None or isinstance(at.node, _AliasNode):
            return None
        value = self.scalar(at.node)
        if not isinstance(value, str):
            self.add(at.line, where, name, f"must be an id, not {self._show(at.node)}{_quote_hint(at.node, value)}")
        elif ID_PATTERN.fullmatch(value) is None:
            self.add(at.line, where, name, "ids use lowercase letters, digits and hyphens")
        elif len(value) > ID_MAX:
            self.add(at.line, where, name, f"{len(value)} characters; ids have at most {ID_MAX}")
        else:
            return value
        return None

    def whole(self, at: _Field | None, where: str, name: str, minimum: int) -> int | None:
        if at is None or isinstance(at.node, _AliasNode):
            return None
        value = self.scalar(at.node)
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(at.line, where, name, f"must be a whole number, not {self._show(at.node)}")
        elif value < minimum:
            self.add(at.line, where, name, f"must be at least {minimum}, not {value}")
        else:
            return value
        return None

    def word(self, at: _Field | None, where: str, name: str, kind: str) -> str | None:
        """A built-in word: a type, severity or remedy."""
        if at is None or isinstance(at.node, _AliasNode):
            return None
        value = self.scalar(at.node)
        vocabulary, use = _VOCABULARIES[kind]
        if isinstance(value, str) and value in vocabulary:
            return value
        shown = f"'{value}'" if isinstance(value, str) else self._show(at.node)
        self.add(at.line, where, name, f"unknown {kind} {shown}; {use}")
        return None

    def flag(self, at: _Field | None, where: str, name: str) -> None:
        if at is not None and not isinstance(at.node, _AliasNode) and not isinstance(self.scalar(at.node), bool):
            self.add(at.line, where, name, "must be true or false")

    def _show(self, node: Node) -> str:
        return _describe(node, self.scalar(node))

    def claim(self, value: str, at: _Field, where: str) -> bool:
        """Register a section or item id; False (and a problem) if an earlier section or item has it."""
        if value in self.ids:
            self.add(at.line, where, "id", f"duplicate id '{value}' (first used on line {self.ids[value]})")
            return False
        self.ids[value] = at.line
        return True

    # The checklist, its sections and items.

    def checklist(self, root: Node, stem: str) -> None:
        where = f"checklist '{self._raw_id(root) or stem}'"
        self.noted(root, where, "")
        fields = self.fields(_Field(_line(root), root), where, "", CHECKLIST_KEYS, CHECKLIST_KEYS)
        if fields is None:
            return
        checklist_id = self.ident(fields.get("id"), where, "id")
        if checklist_id is not None and checklist_id != stem:
            self.add(fields["id"].line, where, "id", f"must equal the file name without .yaml, '{stem}'")
        for key in ("id", "version"):
            if key in fields:
                self.lines[key] = fields[key].line
        self.whole(fields.get("version"), where, "version", 1)
        self.text(fields.get("title"), where, "title", TITLE_MAX)
        self.text(fields.get("description"), where, "description", DESCRIPTION_MAX)
        sections = self.elements(fields["sections"], where, "sections", "sections") if "sections" in fields else None
        if sections == []:
            self.add(fields["sections"].line, where, "sections", "needs at least one section")
        for number, section in enumerate(sections or [], 1):
            self.section(section, number)
        for item, condition in self.conditions:
            self.condition(item, condition)

    def _raw_id(self, node: Node) -> str | None:
        """The id as written, if it is a string: it names the section or item in messages even when invalid."""
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == "id":
                    found = self.scalar(value)
                    return found if isinstance(found, str) else None
        return None

    def section(self, at: _Field, number: int) -> None:
        raw_id = self._raw_id(at.node)
        where = f"section '{raw_id}'" if _is_id(raw_id) else f"section #{number}"
        fields = self.fields(at, where, "", SECTION_KEYS, SECTION_REQUIRED)
        if fields is None:
            return
        section_id = self.ident(fields.get("id"), where, "id")
        if section_id is not None:
            self.claim(section_id, fields["id"], where)
        self.text(fields.get("title"), where, "title", TITLE_MAX)
        if "description" in fields:
            self.text(fields["description"], where, "description", DESCRIPTION_MAX)
        items = self.elements(fields["items"], where, "items", "items") if "items" in fields else None
        if items == []:
            self.add(fields["items"].line, where, "items", "needs at least one item")
        for position, item in enumerate(items or [], 1):
            self.item(item, f"item #{position} of {where}")

    def item(self, at: _Field, position: str) -> None:
        raw_id = self._raw_id(at.node)
        where = f"item '{raw_id}'" if _is_id(raw_id) else position
        index, self.item_count = self.item_count, self.item_count + 1
        fields = self.fields(at, where, "", ITEM_KEYS, ITEM_REQUIRED)
        if fields is None:
            return
        item_id = self.ident(fields.get("id"), where, "id")
        first = item_id is not None and self.claim(item_id, fields["id"], where)
        self.text(fields.get("prompt"), where, "prompt", PROMPT_MAX)
        item_type = self.word(fields.get("type"), where, "type", "type")
        self.guidance(fields.get("guidance"), where)
        choices = self.choices(fields.get("choices"), where, item_type, at.line)
        info = _Item(item_id or "", index, item_type, choices, where)
        if "finding" in fields:
            self.finding(fields["finding"], info)
        if "show_when" in fields:
            self.conditions.append((info, fields["show_when"]))
        if first and item_id is not None:
            self.items[item_id] = info
            self.lines[f"item:{item_id}"] = at.line
            if "type" in fields:
                self.lines[f"item:{item_id}:type"] = fields["type"].line

    def guidance(self, at: _Field | None, where: str) -> None:
        fields = self.fields(at, where, "guidance", GUIDANCE_KEYS, GUIDANCE_KEYS) if at else None
        for key in GUIDANCE_KEYS:
            if fields and key in fields:
                self.text(fields[key], where, f"guidance.{key}", GUIDANCE_MAX)

    def choices(self, at: _Field | None, where: str, item_type: str | None, item_line: int) -> list[str] | None:
        """The item's valid choice ids, or None if it has (or should have) no readable choices."""
        if at is None:
            if item_type in CHOICE_TYPES:
                self.add(item_line, where, "choices", f"missing required field for a {item_type} item")
            return None
        if item_type is not None and item_type not in CHOICE_TYPES:
            self.add(at.line, where, "choices", f"a {item_type} item has no choices; remove them")
            return None
        elements = self.elements(at, where, "choices", "choices")
        if elements is None:
            return None
        if len(elements) < 2 and item_type is not None:
            self.add(at.line, where, "choices", f"a {item_type} item needs at least two choices")
        ids: dict[str, int] = {}
        for number, element in enumerate(elements, 1):
            self.choice(element, where, f"choices[{number}]", ids)
        return list(ids)

    def choice(self, at: _Field, where: str, name: str, ids: dict[str, int]) -> None:
        fields = self.fields(at, where, name, CHOICE_KEYS, CHOICE_KEYS)
        if fields is None:
            return
        choice_id = self.ident(fields.get("id"), where, f"{name}.id")
        if choice_id is not None and choice_id in ids:
            message = f"duplicate id '{choice_id}' (first used on line {ids[choice_id]})"
            self.add(fields["id"].line, where, f"{name}.id", message)
        elif choice_id is not None:
            ids[choice_id] = fields["id"].line
        self.text(fields.get("label"), where, f"{name}.label", LABEL_MAX)

    # Findings.

    def finding(self, at: _Field, item: _Item) -> None:
        where = item.where
        if item.type in ("text", "photo"):
            self.add(at.line, where, "finding", f"a {item.type} item cannot raise a finding")
            return
        fields = self.fields(at, where, "finding", FINDING_KEYS, FINDING_KEYS)
        if fields is None:
            return
        if "when" in fields:
            self.when(fields["when"], item)
        self.word(fields.get("severity"), where, "finding.severity", "severity")
        if "remedies" in fields:
            self.remedies(fields["remedies"], where)
        self.flag(fields.get("photo_required"), where, "finding.photo_required")

    def when(self, at: _Field, item: _Item) -> None:
        if item.type == "count":
            fields = self.fields(at, item.where, "finding.when", ("greater_than",), ("greater_than",))
            if fields is not None:
                self.whole(fields.get("greater_than"), item.where, "finding.when.greater_than", 0)
        elif item.type is not None:
            self.answers(at, item.where, "finding.when", item, "this item", leave_one=True)

    def remedies(self, at: _Field, where: str) -> None:
        name = "finding.remedies"
        elements = self.elements(at, where, name, "remedies")
        if elements == []:
            self.add(at.line, where, name, "needs at least one remedy")
        seen: set[str] = set()
        for element in elements or []:
            remedy = self.word(element, where, name, "remedy")
            if remedy in seen:
                self.add(element.line, where, name, f"'{remedy}' is listed twice")
            seen.add(remedy or "")

    # Answers named by finding.when and show_when.

    def answers(self, at: _Field, where: str, name: str, item: _Item | None, owner: str, leave_one: bool) -> None:
        """A list of answers of `item`; with leave_one, at least one of its answers must be left out."""
        elements = self.elements(at, where, name, "answers")
        if elements is None:
            return
        if not elements:
            self.add(at.line, where, name, "needs at least one answer")
        named: list[str] = []
        for element in elements:
            value = self.answer(element, where, name, item, owner)
            if value in named:
                self.add(element.line, where, name, f"'{value}' is listed twice")
            elif value is not None:
                named.append(value)
        allowed = _allowed_answers(item)
        if leave_one and item is not None and allowed and set(allowed) <= set(named):
            every = 'both "yes" and "no"' if item.type == "yes_no" else "every choice"
            self.add(at.line, where, name, f"names {every}; leave at least one answer that raises no finding")

    def answer(self, at: _Field, where: str, name: str, item: _Item | None, owner: str) -> str | None:
        """One answer of `item`; when the item is not known, only the answer's form is checked."""
        if isinstance(at.node, _AliasNode):
            return None
        value = self.scalar(at.node)
        if isinstance(value, bool):
            self.add(at.line, where, name, _bool_answer_message(at.node, value, item))
            return None
        allowed = _allowed_answers(item)
        if allowed is None or (isinstance(value, str) and value in allowed):
            return value if isinstance(value, str) else None
        shown = f"'{value}'" if isinstance(value, str) else _describe(at.node, value)
        kind = "an answer" if item is not None and item.type == "yes_no" else "a choice"
        self.add(at.line, where, name, f"{shown} is not {kind} of {owner}")
        return None

    # Conditions, checked after every item is known so that later items can be told from missing ones.

    def condition(self, item: _Item, at: _Field) -> None:
        where = item.where
        fields = self.fields(at, where, "show_when", CONDITION_KEYS, ("item",))
        if fields is None:
            return
        ref = self.condition_ref(item, fields.get("item"))
        operators = [name for name in fields if name in OPERATORS]
        if not operators:
            self.add(at.line, where, "show_when", "needs one operator: equals, in or greater_than")
            return
        self.operator(operators[0], fields[operators[0]], where, ref)
        for extra in operators[1:]:
            message = f"only one operator is allowed; this condition already has {operators[0]}"
            self.add(fields[extra].line, where, f"show_when.{extra}", message)

    def condition_ref(self, item: _Item, at: _Field | None) -> _Item | None:
        """The earlier item a condition names, if it can be compared; otherwise the problem is recorded."""
        ref_id = self.ident(at, item.where, "show_when.item")
        if at is None or ref_id is None:
            return None
        ref = self.items.get(ref_id)
        later = "conditions may only refer to earlier items"
        if ref is None and ref_id in self.ids:
            message = f"names section '{ref_id}'; conditions refer to items"
        elif ref is None:
            message = f"names a missing item '{ref_id}'"
        elif ref.index == item.index:
            message = f"names the item itself; {later}"
        elif ref.index > item.index:
            message = f"names item '{ref_id}', which comes later in the file; {later}"
        elif ref.type in ("text", "photo"):
            message = f"names {ref.type} item '{ref_id}'; text and photo answers cannot be compared"
        else:
            return ref if ref.type is not None else None
        self.add(at.line, item.where, "show_when.item", message)
        return None

    def operator(self, operator: str, at: _Field, where: str, ref: _Item | None) -> None:
        name = f"show_when.{operator}"
        if ref is not None and ref.type is not None and operator not in OPERATORS_FOR[ref.type]:
            allowed = _words(OPERATORS_FOR[ref.type], "or")
            self.add(at.line, where, name, f"{operator} cannot be used with {ref.type} item '{ref.id}'; use {allowed}")
            return
        owner = f"{ref.type} item '{ref.id}'" if ref is not None else ""
        if operator == "greater_than":
            self.whole(at, where, name, 0)
        elif operator == "equals":
            self.answer(at, where, name, ref, owner)
        else:
            self.answers(at, where, name, ref, owner, leave_one=False)


def _allowed_answers(item: _Item | None) -> tuple[str, ...] | list[str] | None:
    """The answers a finding or condition may name for this item; None when they cannot be known."""
    if item is None:
        return None
    return YES_NO if item.type == "yes_no" else item.choices


def _bool_answer_message(node: Node, value: bool, item: _Item | None) -> str:
    # Unquoted yes/no became a boolean; suggest the answer the author most likely meant.
    meant = ("yes" if value else "no") if item is None or item.type == "yes_no" else str(node.value).lower()
    return f'{_describe(node, value)} is not an answer; write "{meant}" in quotes {_BOOL_HINT}'


# --- public API ----------------------------------------------------------------------------------------------


def _stripped(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return [_stripped(element) for element in value]
    if isinstance(value, dict):
        return {_stripped(key): _stripped(element) for key, element in value.items()}
    return value


def fingerprint(content: dict) -> str:
    """SHA-256 of the content's canonical JSON (README: Versions and pinning)."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def parse_checklist(text: str, path: str) -> ParsedChecklist:
    """Parse and validate one checklist file; raises ChecklistInvalid listing every problem in file order."""
    stem = PurePath(path).name.removesuffix(".yaml")
    loader, root = _compose(text, path)
    if root is None:
        message = f"the file is empty; a checklist needs {_words(CHECKLIST_KEYS)}"
        raise ChecklistInvalid([Problem(path, 1, f"checklist '{stem}'", message)])
    checker = _Checker(path, loader)
    checker.checklist(root, stem)
    if checker.problems:
        raise ChecklistInvalid(sorted(checker.problems, key=lambda problem: problem.line))
    # No anchors, tags or duplicate keys remain, so safe_load reads exactly the tree that was checked.
    content = _stripped(yaml.safe_load(text))
    return ParsedChecklist(path, content["id"], content["version"], content, fingerprint(content), checker.lines)


def _version_problem(parsed: ParsedChecklist, stored: list[StoredVersion], highest: int) -> str | None:
    """Why the README's version rules refuse this version, or None when it is new."""
    same = next((version for version in stored if version.version == parsed.version), None)
    # Lower is refused even when it matches what was stored under that number: the file would claim an
    # older version while audits go on using the newest one.
    if parsed.version < highest:
        return (
            f"version {parsed.version} is lower than the stored version {highest}; to bring back earlier content, "
            f"publish it as version {highest + 1}"
        )
    if same is not None and same.fingerprint != parsed.fingerprint:
        return f"content changed but version is still {parsed.version}; raise version to {highest + 1}"
    return None


def _type_changes(parsed: ParsedChecklist, stored: list[StoredVersion]) -> list[Problem]:
    """Items whose type differs from the latest stored version that had the same item id."""
    problems = []
    newest_first = sorted(stored, key=lambda version: version.version, reverse=True)
    for _, item in all_items(parsed.content):
        for earlier in newest_first:
            found = next((old for _, old in all_items(earlier.content) if old["id"] == item["id"]), None)
            if found is None:
                continue
            if found["type"] != item["type"]:
                message = f"was {found['type']} in version {earlier.version}; give a changed question a new id"
                line = parsed.lines.get(f"item:{item['id']}:type", 1)
                problems.append(Problem(parsed.path, line, f"item '{item['id']}', field 'type'", message))
            break
    return problems


def check_versions(parsed: ParsedChecklist, stored: list[StoredVersion]) -> str:
    """"new" (store it) or "unchanged" (stored already); raises ChecklistInvalid if the version rules refuse it."""
    if not stored:
        return "new"
    highest = max(version.version for version in stored)
    newest = next(version for version in stored if version.version == highest)
    if parsed.version == highest and parsed.fingerprint == newest.fingerprint:
        return "unchanged"
    problems = _type_changes(parsed, stored)
    refusal = _version_problem(parsed, stored, highest)
    if refusal is not None:
        where = f"checklist '{parsed.id}', field 'version'"
        problems.insert(0, Problem(parsed.path, parsed.lines.get("version", 1), where, refusal))
    if problems:
        raise ChecklistInvalid(sorted(problems, key=lambda problem: problem.line))
    return "new"


def _read_text(file: Path) -> str:
    data = file.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        message = f"is not UTF-8 (byte 0x{data[exc.start]:02x} cannot be read); save it as UTF-8"
        raise ChecklistInvalid([Problem(str(file), line, "file", message)]) from exc


def load_directory(directory: Path) -> tuple[list[ParsedChecklist], list[Problem]]:
    """Every checklist in the folder, in file-name order; a refused file adds its problems and is left out."""
    loaded: list[ParsedChecklist] = []
    problems: list[Problem] = []
    for file in sorted(directory.iterdir()):
        if not file.is_file() or file.suffix not in (".yaml", ".yml"):
            continue
        try:
            if file.suffix == ".yml":
                message = f"checklist files end in .yaml; rename it to {file.stem}.yaml"
                raise ChecklistInvalid([Problem(str(file), 1, "file", message)])
            loaded.append(parse_checklist(_read_text(file), str(file)))
        except ChecklistInvalid as exc:
            problems.extend(exc.problems)
    return loaded, problems

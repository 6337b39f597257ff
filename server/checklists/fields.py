"""Reading typed values out of a checklist's node tree: each reader returns the value, or None after recording
why it cannot be used (a Problem naming the line, the section or item, and the field).
"""

from __future__ import annotations

import json
import re
from typing import Any, NamedTuple

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from server.checklists.problems import Problem
from server.checklists.rules import REMEDIES, SEVERITIES, TYPES
from server.checklists.yaml_nodes import AliasNode, Composer

ID_PATTERN = re.compile(r"[a-z][a-z0-9]*(-[a-z0-9]+)*")
ID_MAX = 64
# Built-in words by kind, with the advice given for an unknown one (worded as in the README's examples).
_VOCABULARIES = {
    "type": (TYPES, f"use one of {', '.join(TYPES)}"),
    "severity": (SEVERITIES, "use low, medium or high"),
    "remedy": (REMEDIES, f"use {', '.join(REMEDIES)}"),
}
BOOL_HINT = "(YAML reads unquoted yes/no as true/false)"
_UNREADABLE = object()  # a scalar PyYAML resolves but cannot build, such as the date 2021-13-45


class Field(NamedTuple):
    line: int  # the key's line: block lists and mappings start on the line after it
    node: Node


def line(node: Node) -> int:
    return node.start_mark.line + 1


def is_id(value: object) -> bool:
    return isinstance(value, str) and len(value) <= ID_MAX and ID_PATTERN.fullmatch(value) is not None


def describe(node: Node, value: object) -> str:
    """A value as a message shows it: its kind for collections, true/false/empty, text quoted and cut short."""
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
    return f'; write "{node.value}" in quotes {BOOL_HINT}' if isinstance(value, bool) else ""


def words(names: tuple[str, ...] | list[str], last: str = "and") -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} {last} {names[-1]}"


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


class FieldReader:
    """Reads values out of one file's node tree, collecting every problem. Each reader returns None when the
    value cannot be used; the problem has been recorded. An alias gives None with nothing more to say (the
    composer's note already says it)."""

    def __init__(self, path: str, loader: Composer) -> None:
        self.path = path
        self.loader = loader
        self.problems: list[Problem] = []

    def add(self, line: int, where: str, name: str, message: str) -> None:
        where = f"{where}, field '{name}'" if name else where
        self.problems.append(Problem(self.path, line, where, message))

    def noted(self, node: Node, where: str, name: str) -> None:
        for message in self.loader.notes.pop(id(node), []):
            self.add(line(node), where, name, message)

    def scalar(self, node: Node) -> Any:
        """The value safe_load would give a scalar node (collections and aliases give _UNREADABLE)."""
        if not isinstance(node, ScalarNode) or isinstance(node, AliasNode):
            return _UNREADABLE
        try:
            return self.loader.construct_object(node)
        except (yaml.YAMLError, ValueError):
            return _UNREADABLE

    def show(self, node: Node) -> str:
        return describe(node, self.scalar(node))

    def fields(
        self, at: Field, where: str, prefix: str, allowed: tuple[str, ...], required: tuple[str, ...]
    ) -> dict[str, Field] | None:
        """A mapping's fields by key; duplicate, unknown and missing keys are reported."""
        node = at.node
        if isinstance(node, AliasNode):
            return None
        if not isinstance(node, MappingNode):
            self.add(at.line, where, prefix, f"must be a mapping with {words(required)}, not {self.show(node)}")
            return None
        found, seen = self._keys(node, where, prefix, allowed)
        for name in required:
            if name not in found and name not in seen:
                self.add(line(node), where, _join(prefix, name), "missing required field")
        return found

    def _keys(
        self, node: MappingNode, where: str, prefix: str, allowed: tuple[str, ...]
    ) -> tuple[dict[str, Field], dict[str, int]]:
        """The allowed fields of a mapping, and the line of every key it has."""
        found: dict[str, Field] = {}
        seen: dict[str, int] = {}
        for key, value in node.value:
            self.noted(key, where, prefix)
            if not isinstance(key, ScalarNode):
                self.add(line(key), where, prefix, "keys must be plain words, not a list or mapping")
                continue
            name = str(key.value)
            self.noted(value, where, _join(prefix, name))
            if name in seen:
                self.add(line(key), where, prefix, f"duplicate key '{name}' (first on line {seen[name]})")
                continue
            seen[name] = line(key)
            if name not in allowed:
                self.add(line(key), where, _join(prefix, name), "unknown field")
                continue
            found[name] = Field(line(key), value)
        return found, seen

    def elements(self, at: Field, where: str, name: str, what: str) -> list[Field] | None:
        """A list's elements, each with its own line."""
        if isinstance(at.node, AliasNode):
            return None
        if not isinstance(at.node, SequenceNode):
            self.add(at.line, where, name, f"must be a list of {what}, not {self.show(at.node)}")
            return None
        for element in at.node.value:
            self.noted(element, where, name)
        return [Field(line(element), element) for element in at.node.value]

    def text(self, at: Field | None, where: str, name: str, limit: int) -> str | None:
        if at is None or isinstance(at.node, AliasNode):
            return None
        value = self.scalar(at.node)
        if not isinstance(value, str):
            self.add(at.line, where, name, f"must be text, not {self.show(at.node)}{_quote_hint(at.node, value)}")
            return None
        length = len(value.strip())
        if length == 0:
            self.add(at.line, where, name, "must not be empty")
        elif length > limit:
            self.add(at.line, where, name, f"{length} characters; at most {limit}")
        return value.strip()

    def ident(self, at: Field | None, where: str, name: str) -> str | None:
        if at is None or isinstance(at.node, AliasNode):
            return None
        value = self.scalar(at.node)
        if not isinstance(value, str):
            self.add(at.line, where, name, f"must be an id, not {self.show(at.node)}{_quote_hint(at.node, value)}")
        elif ID_PATTERN.fullmatch(value) is None:
            self.add(at.line, where, name, "ids use lowercase letters, digits and hyphens")
        elif len(value) > ID_MAX:
            self.add(at.line, where, name, f"{len(value)} characters; ids have at most {ID_MAX}")
        else:
            return value
        return None

    def whole(self, at: Field | None, where: str, name: str, minimum: int) -> int | None:
        if at is None or isinstance(at.node, AliasNode):
            return None
        value = self.scalar(at.node)
        if not isinstance(value, int) or isinstance(value, bool):
            self.add(at.line, where, name, f"must be a whole number, not {self.show(at.node)}")
        elif value < minimum:
            self.add(at.line, where, name, f"must be at least {minimum}, not {value}")
        else:
            return value
        return None

    def word(self, at: Field | None, where: str, name: str, kind: str) -> str | None:
        """A built-in word: a type, severity or remedy."""
        if at is None or isinstance(at.node, AliasNode):
            return None
        value = self.scalar(at.node)
        vocabulary, use = _VOCABULARIES[kind]
        if isinstance(value, str) and value in vocabulary:
            return value
        shown = f"'{value}'" if isinstance(value, str) else self.show(at.node)
        self.add(at.line, where, name, f"unknown {kind} {shown}; {use}")
        return None

    def flag(self, at: Field | None, where: str, name: str) -> None:
        if at is not None and not isinstance(at.node, AliasNode) and not isinstance(self.scalar(at.node), bool):
            self.add(at.line, where, name, "must be true or false")

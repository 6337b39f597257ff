"""A checklist file as PyYAML's node tree, with line numbers; anchors, aliases and tags are noted, not honored.

The notes are reported in place by the checker (fields.FieldReader.noted); a YAML syntax error stops the file
and becomes its only Problem.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import Node, ScalarNode

from server.checklists.problems import ChecklistInvalid, Problem


class AliasNode(ScalarNode):
    """Stands in for an alias, which is reported rather than followed."""


class Composer(yaml.SafeLoader):
    """Composes the node tree like yaml.compose, noting anchors, aliases and tags so they can be reported in place."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.notes: dict[int, list[str]] = {}  # id(node) -> messages

    def compose_node(self, parent: Node | None, index: Any) -> Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            self.get_event()
            node = AliasNode("tag:yaml.org,2002:null", "", event.start_mark, event.end_mark)
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


def compose(text: str, path: str) -> tuple[Composer, Node | None]:
    """The file's node tree (None for an empty file), and the composer that holds its notes."""
    try:
        loader = Composer(text)
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

"""An item's two rules, checked against the answers they name: when it raises a finding (README: Findings) and
when it is shown (README: Conditions).
"""

from __future__ import annotations

from typing import NamedTuple

from yaml.nodes import Node

from server.checklists.fields import BOOL_HINT, Field, FieldReader, describe, words
from server.checklists.rules import YES_NO
from server.checklists.yaml_nodes import AliasNode, Composer

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


class Item(NamedTuple):
    id: str
    index: int  # position among all items in the file
    type: str | None
    choices: list[str] | None  # valid choice ids; None when the item's choices could not be read
    where: str


class ItemRules(FieldReader):
    """Checks an item's finding as soon as the item is read, and its show_when once every item is known (so
    that later items can be told from missing ones)."""

    def __init__(self, path: str, loader: Composer) -> None:
        super().__init__(path, loader)
        self.ids: dict[str, int] = {}  # section and item ids share one namespace -> line first used
        self.items: dict[str, Item] = {}  # the first item with each id

    # Findings.

    def finding(self, at: Field, item: Item) -> None:
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

    def when(self, at: Field, item: Item) -> None:
        if item.type == "count":
            fields = self.fields(at, item.where, "finding.when", ("greater_than",), ("greater_than",))
            if fields is not None:
                self.whole(fields.get("greater_than"), item.where, "finding.when.greater_than", 0)
        elif item.type is not None:
            self.answers(at, item.where, "finding.when", item, "this item", leave_one=True)

    def remedies(self, at: Field, where: str) -> None:
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

    def answers(self, at: Field, where: str, name: str, item: Item | None, owner: str, leave_one: bool) -> None:
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

    def answer(self, at: Field, where: str, name: str, item: Item | None, owner: str) -> str | None:
        """One answer of `item`; when the item is not known, only the answer's form is checked."""
        if isinstance(at.node, AliasNode):
            return None
        value = self.scalar(at.node)
        if isinstance(value, bool):
            self.add(at.line, where, name, _bool_answer_message(at.node, value, item))
            return None
        allowed = _allowed_answers(item)
        if allowed is None or (isinstance(value, str) and value in allowed):
            return value if isinstance(value, str) else None
        shown = f"'{value}'" if isinstance(value, str) else describe(at.node, value)
        kind = "an answer" if item is not None and item.type == "yes_no" else "a choice"
        self.add(at.line, where, name, f"{shown} is not {kind} of {owner}")
        return None

    # Conditions, checked after every item is known so that later items can be told from missing ones.

    def condition(self, item: Item, at: Field) -> None:
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

    def condition_ref(self, item: Item, at: Field | None) -> Item | None:
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

    def operator(self, operator: str, at: Field, where: str, ref: Item | None) -> None:
        name = f"show_when.{operator}"
        if ref is not None and ref.type is not None and operator not in OPERATORS_FOR[ref.type]:
            allowed = words(OPERATORS_FOR[ref.type], "or")
            self.add(at.line, where, name, f"{operator} cannot be used with {ref.type} item '{ref.id}'; use {allowed}")
            return
        owner = f"{ref.type} item '{ref.id}'" if ref is not None else ""
        if operator == "greater_than":
            self.whole(at, where, name, 0)
        elif operator == "equals":
            self.answer(at, where, name, ref, owner)
        else:
            self.answers(at, where, name, ref, owner, leave_one=False)


def _allowed_answers(item: Item | None) -> tuple[str, ...] | list[str] | None:
    """The answers a finding or condition may name for this item; None when they cannot be known."""
    if item is None:
        return None
    return YES_NO if item.type == "yes_no" else item.choices


def _bool_answer_message(node: Node, value: bool, item: Item | None) -> str:
    # Unquoted yes/no became a boolean; suggest the answer the author most likely meant.
    meant = ("yes" if value else "no") if item is None or item.type == "yes_no" else str(node.value).lower()
    return f'{describe(node, value)} is not an answer; write "{meant}" in quotes {BOOL_HINT}'

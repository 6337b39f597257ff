"""The shape of a checklist file (README: Structure): the checklist, its sections, items, guidance and choices,
and ids unique across sections and items. Each item's rules are checked by item_rules.ItemRules.
"""

from __future__ import annotations

from yaml.nodes import MappingNode, Node, ScalarNode

from server.checklists.fields import Field, is_id, line
from server.checklists.item_rules import Item, ItemRules
from server.checklists.rules import CHOICE_TYPES
from server.checklists.yaml_nodes import Composer

CHECKLIST_KEYS = ("id", "version", "title", "description", "sections")
SECTION_KEYS = ("id", "title", "description", "items")
SECTION_REQUIRED = ("id", "title", "items")
ITEM_KEYS = ("id", "prompt", "type", "guidance", "choices", "finding", "show_when")
ITEM_REQUIRED = ("id", "prompt", "type", "guidance")
GUIDANCE_KEYS = ("look_for", "why")
CHOICE_KEYS = ("id", "label")
TITLE_MAX, DESCRIPTION_MAX, PROMPT_MAX, GUIDANCE_MAX, LABEL_MAX = 80, 1000, 250, 600, 100


class Checker(ItemRules):
    """Walks one file's node tree and collects every problem; used only by loader.parse_checklist."""

    def __init__(self, path: str, loader: Composer) -> None:
        super().__init__(path, loader)
        self.item_count = 0
        self.conditions: list[tuple[Item, Field]] = []  # checked once every item is known
        self.lines: dict[str, int] = {}  # "id", "version", "item:<id>", "item:<id>:type"

    def claim(self, value: str, at: Field, where: str) -> bool:
        """Register a section or item id; False (and a problem) if an earlier section or item has it."""
        if value in self.ids:
            self.add(at.line, where, "id", f"duplicate id '{value}' (first used on line {self.ids[value]})")
            return False
        self.ids[value] = at.line
        return True

    def _raw_id(self, node: Node) -> str | None:
        """The id as written, if it is a string: it names the section or item in messages even when invalid."""
        if isinstance(node, MappingNode):
            for key, value in node.value:
                if isinstance(key, ScalarNode) and key.value == "id":
                    found = self.scalar(value)
                    return found if isinstance(found, str) else None
        return None

    def checklist(self, root: Node, stem: str) -> None:
        where = f"checklist '{self._raw_id(root) or stem}'"
        self.noted(root, where, "")
        fields = self.fields(Field(line(root), root), where, "", CHECKLIST_KEYS, CHECKLIST_KEYS)
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
        for number, section in enumerate(self._listed(fields, "sections", where, "section"), 1):
            self.section(section, number)
        for item, condition in self.conditions:
            self.condition(item, condition)

    def _listed(self, fields: dict[str, Field], key: str, where: str, one: str) -> list[Field]:
        """The elements of a list that must hold at least one (sections, items); none if it cannot be read."""
        elements = self.elements(fields[key], where, key, key) if key in fields else None
        if elements == []:
            self.add(fields[key].line, where, key, f"needs at least one {one}")
        return elements or []

    def section(self, at: Field, number: int) -> None:
        raw_id = self._raw_id(at.node)
        where = f"section '{raw_id}'" if is_id(raw_id) else f"section #{number}"
        fields = self.fields(at, where, "", SECTION_KEYS, SECTION_REQUIRED)
        if fields is None:
            return
        section_id = self.ident(fields.get("id"), where, "id")
        if section_id is not None:
            self.claim(section_id, fields["id"], where)
        self.text(fields.get("title"), where, "title", TITLE_MAX)
        if "description" in fields:
            self.text(fields["description"], where, "description", DESCRIPTION_MAX)
        for position, item in enumerate(self._listed(fields, "items", where, "item"), 1):
            self.item(item, f"item #{position} of {where}")

    def item(self, at: Field, position: str) -> None:
        raw_id = self._raw_id(at.node)
        where = f"item '{raw_id}'" if is_id(raw_id) else position
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
        info = Item(item_id or "", index, item_type, choices, where)
        if "finding" in fields:
            self.finding(fields["finding"], info)
        if "show_when" in fields:
            self.conditions.append((info, fields["show_when"]))
        if first and item_id is not None:
            self._remember(info, at, fields)

    def _remember(self, item: Item, at: Field, fields: dict[str, Field]) -> None:
        """The first item with its id: what conditions may name, and the lines the version rules point at."""
        self.items[item.id] = item
        self.lines[f"item:{item.id}"] = at.line
        if "type" in fields:
            self.lines[f"item:{item.id}:type"] = fields["type"].line

    def guidance(self, at: Field | None, where: str) -> None:
        fields = self.fields(at, where, "guidance", GUIDANCE_KEYS, GUIDANCE_KEYS) if at else None
        for key in GUIDANCE_KEYS:
            if fields and key in fields:
                self.text(fields[key], where, f"guidance.{key}", GUIDANCE_MAX)

    def choices(self, at: Field | None, where: str, item_type: str | None, item_line: int) -> list[str] | None:
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

    def choice(self, at: Field, where: str, name: str, ids: dict[str, int]) -> None:
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

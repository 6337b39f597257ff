"""The shape of a translation file (README: Translations), checked against its English checklist: the same
sections, items and choices in the English order, every text the English has and nothing else, the same
length limits. The YAML rules are the English files' own (fields.FieldReader).
"""

from __future__ import annotations

from collections.abc import Callable

from yaml.nodes import MappingNode, Node, ScalarNode

from server.checklists.checker import DESCRIPTION_MAX, GUIDANCE_MAX, LABEL_MAX, PROMPT_MAX, TITLE_MAX
from server.checklists.fields import BOOL_HINT, Field, FieldReader, describe, line
from server.checklists.problems import Problem
from server.checklists.rules import all_items
from server.checklists.yaml_nodes import AliasNode, Composer

TRANSLATION_KEYS = ("checklist", "language", "title", "description", "sections", "items")
ITEM_TEXTS = {"prompt": PROMPT_MAX, "look_for": GUIDANCE_MAX, "why": GUIDANCE_MAX}
Place = Callable[[str], tuple[str, str]]  # an entry's id -> (where, field) for its messages


def _section(section_id: str) -> tuple[str, str]:
    return f"section '{section_id}'", ""


def _item(item_id: str) -> tuple[str, str]:
    return f"item '{item_id}'", ""


class TranslationChecker(FieldReader):
    """Walks one translation file's node tree beside its English content, collecting every problem. A text
    the English has and the translation lacks is an error when `complete` (a shipped checklist), else a
    warning (English is shown in its place)."""

    def __init__(self, path: str, loader: Composer, english: dict, language: str, complete: bool) -> None:
        super().__init__(path, loader)
        self.english = english
        self.language = language
        self.complete = complete
        self.file = f"{english['id']}.yaml"
        self.lines: dict[str, int] = {}  # text path ("title", "items.<id>.prompt") -> line of its key

    def missing(self, at_line: int, where: str, name: str) -> None:
        if self.complete:
            self.add(at_line, where, name, "missing translation")
        else:
            where = f"{where}, field '{name}'" if name else where
            message = "missing translation; the English text is shown"
            self.problems.append(Problem(self.path, at_line, where, message, warning=True))

    def translation(self, root: Node, stem: str) -> None:
        where = f"checklist '{stem}'"
        self.noted(root, where, "")
        fields = self.fields(Field(line(root), root), where, "", TRANSLATION_KEYS, ("checklist", "language"))
        if fields is None:
            return
        checklist_id = self.ident(fields.get("checklist"), where, "checklist")
        if checklist_id is not None and checklist_id != stem:
            self.add(fields["checklist"].line, where, "checklist", f"must equal the file name without .yaml, '{stem}'")
        if "language" in fields and self.scalar(fields["language"].node) != self.language:
            self.add(fields["language"].line, where, "language", f"must be '{self.language}', the name of its folder")
        self.texts(fields, line(root), where, "", {"title": TITLE_MAX, "description": DESCRIPTION_MAX})
        self.sections(fields.get("sections"), line(root), where)
        self.items(fields.get("items"), line(root), where)

    def texts(self, fields: dict[str, Field], holder: int, where: str, path: str, limits: dict[str, int]) -> None:
        """Each text the English has, from the fields of one mapping that begins on line `holder`."""
        for key, limit in limits.items():
            if key not in fields:
                self.missing(holder, where, key)
            elif self.text(fields[key], where, key, limit) is not None:
                self.lines[path + key] = fields[key].line

    def mapping(self, at: Field, where: str, prefix: str, allowed: tuple[str, ...],
                shape: str) -> dict[str, Field] | None:
        """A mapping's fields by key (duplicate and unknown keys reported); a missing one is the caller's to tell."""
        if isinstance(at.node, AliasNode):
            return None
        if not isinstance(at.node, MappingNode):
            self.add(at.line, where, prefix, f"must be a mapping with {shape}, not {self.show(at.node)}")
            return None
        found, _ = self._keys(at.node, where, prefix, allowed)
        return found

    # Sections and items, keyed by the English ids.

    def sections(self, at: Field | None, holder: int, where: str) -> None:
        english = {section["id"]: section for section in self.english["sections"]}
        if at is None:
            self.missing(holder, where, "sections")
            return
        for section_id, entry in self.entries(at, where, "sections", list(english), _section).items():
            self.section(section_id, entry, english[section_id])

    def section(self, section_id: str, at: Field, english: dict) -> None:
        where = f"section '{section_id}'"
        fields = self.mapping(at, where, "", ("title", "description"), "title")
        if fields is None:
            return
        limits = {"title": TITLE_MAX}
        if "description" in english:
            limits["description"] = DESCRIPTION_MAX
        elif "description" in fields:
            message = f"section '{section_id}' of {self.file} has no description; remove it"
            self.add(fields["description"].line, where, "description", message)
        self.lines[f"sections.{section_id}"] = at.line
        self.texts(fields, line(at.node), where, f"sections.{section_id}.", limits)

    def items(self, at: Field | None, holder: int, where: str) -> None:
        english = {item["id"]: item for _, item in all_items(self.english)}
        if at is None:
            self.missing(holder, where, "items")
            return
        for item_id, entry in self.entries(at, where, "items", list(english), _item).items():
            self.item(item_id, entry, english[item_id])

    def item(self, item_id: str, at: Field, english: dict) -> None:
        where = f"item '{item_id}'"
        fields = self.mapping(at, where, "", (*ITEM_TEXTS, "choices"), "prompt, look_for and why")
        if fields is None:
            return
        self.lines[f"items.{item_id}"] = at.line
        self.texts(fields, line(at.node), where, f"items.{item_id}.", ITEM_TEXTS)
        choices = [choice["id"] for choice in english.get("choices", [])]
        if choices and "choices" not in fields:
            self.missing(line(at.node), where, "choices")
        elif "choices" in fields and not choices:
            message = f"item '{item_id}' of {self.file} has no choices; remove them"
            self.add(fields["choices"].line, where, "choices", message)
        elif "choices" in fields:
            self.choices(item_id, fields["choices"], where, choices)

    def choices(self, item_id: str, at: Field, where: str, english: list[str]) -> None:
        def place(choice_id: str) -> tuple[str, str]:
            return where, f"choices.{choice_id}"

        for choice_id, entry in self.entries(at, where, "choices", english, place).items():
            if self.text(entry, where, f"choices.{choice_id}", LABEL_MAX) is not None:
                self.lines[f"items.{item_id}.choices.{choice_id}"] = entry.line

    # The entries of a mapping keyed by English ids: each known once, in the English order, none missing.

    def entries(self, at: Field, where: str, name: str, known: list[str], place: Place) -> dict[str, Field]:
        if isinstance(at.node, AliasNode):
            return {}
        if not isinstance(at.node, MappingNode):
            self.add(at.line, where, name, f"must be a mapping of {self.file}'s ids, not {self.show(at.node)}")
            return {}
        found: dict[str, Field] = {}
        seen: dict[str, int] = {}
        for key, value in at.node.value:
            entry = self.entry_id(key, where, name)
            if entry is None:
                continue
            self.noted(value, *place(entry))
            if entry in seen:
                self.add(line(key), where, name, f"duplicate key '{entry}' (first on line {seen[entry]})")
                continue
            seen[entry] = line(key)
            if entry not in known:
                self.add(line(key), *place(entry), self.unknown(name, entry, where))
                continue
            self.order(found, entry, known, line(key), place)
            found[entry] = Field(line(key), value)
        for entry in known:
            if entry not in seen:
                self.missing(line(at.node), *place(entry))
        return found

    def entry_id(self, key: Node, where: str, name: str) -> str | None:
        """A key naming an English id, as safe_load will read it (unquoted yes becomes true, not "yes")."""
        self.noted(key, where, name)
        value = self.scalar(key) if isinstance(key, ScalarNode) else None
        if isinstance(value, str):
            return value
        if isinstance(key, ScalarNode) and not isinstance(key, AliasNode):
            hint = f'; write "{key.value}" in quotes {BOOL_HINT}' if isinstance(value, bool) else ""
            self.add(line(key), where, name, f"{describe(key, value)} is not an id{hint}")
        elif not isinstance(key, AliasNode):
            self.add(line(key), where, name, "keys must be plain words, not a list or mapping")
        return None

    def order(self, found: dict[str, Field], entry: str, known: list[str], at_line: int, place: Place) -> None:
        """An entry placed after one that the English file puts after it."""
        later = [earlier for earlier in found if known.index(earlier) > known.index(entry)]
        if later:
            self.add(at_line, *place(entry), f"comes before '{later[0]}' in {self.file}; keep the English order")

    def unknown(self, name: str, entry: str, where: str) -> str:
        if name == "choices":
            return f"{where} of {self.file} has no choice '{entry}'"
        message = f"{self.file} has no {name.removesuffix('s')} '{entry}'"
        if name == "sections" and entry in {item["id"] for _, item in all_items(self.english)}:
            message += "; it is an item: put it under items"
        elif name == "items" and entry in {section["id"] for section in self.english["sections"]}:
            message += "; it is a section: put it under sections"
        return message

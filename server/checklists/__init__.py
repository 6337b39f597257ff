"""Checklists: loading and validating the YAML files in checklists/, and the rules for answering them.

loader.py reads a file: yaml_nodes.py gives its node tree, checker.py checks its structure (reading values
through fields.py, and each item's finding and show_when through item_rules.py), problems.py says what a
refused file is told. translations.py reads a file of text in another language, checked against its English
by translation_checker.py; folder.py loads a whole folder with its language folders; localize.py gives the
content in one language. versions.py applies the version rules; rules.py holds the rules for answering.
"""

from server.checklists.folder import is_shipped, load_directory
from server.checklists.loader import ParsedChecklist, fingerprint, parse_checklist
from server.checklists.localize import localize
from server.checklists.problems import ChecklistInvalid, Problem, errors
from server.checklists.rules import (
    CHOICE_TYPES,
    NOT_APPLICABLE,
    REMEDIES,
    SEVERITIES,
    SKIP_REASONS,
    TYPES,
    UNKNOWN,
    all_items,
    answer_problem,
    find_item,
    raises_finding,
    shown_items,
    unanswered,
)
from server.checklists.versions import StoredVersion, adds_texts, check_versions

__all__ = [
    "CHOICE_TYPES",
    "NOT_APPLICABLE",
    "REMEDIES",
    "SEVERITIES",
    "SKIP_REASONS",
    "TYPES",
    "UNKNOWN",
    "ChecklistInvalid",
    "ParsedChecklist",
    "Problem",
    "StoredVersion",
    "adds_texts",
    "all_items",
    "answer_problem",
    "check_versions",
    "errors",
    "find_item",
    "fingerprint",
    "is_shipped",
    "load_directory",
    "localize",
    "parse_checklist",
    "raises_finding",
    "shown_items",
    "unanswered",
]

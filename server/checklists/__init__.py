"""Checklists: loading and validating the YAML files in checklists/, and the rules for answering them.

loader.py reads a file: yaml_nodes.py gives its node tree, checker.py checks its structure (reading values
through fields.py, and each item's finding and show_when through item_rules.py), problems.py says what a
refused file is told. versions.py applies the version rules; rules.py holds the rules for answering.
"""

from server.checklists.loader import ParsedChecklist, fingerprint, load_directory, parse_checklist
from server.checklists.problems import ChecklistInvalid, Problem
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
from server.checklists.versions import StoredVersion, check_versions

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
    "all_items",
    "answer_problem",
    "check_versions",
    "find_item",
    "fingerprint",
    "load_directory",
    "parse_checklist",
    "raises_finding",
    "shown_items",
    "unanswered",
]

"""Every closed list a person reads, defined once, and its labels in each language the app speaks.

The members of each list come from the table that owns them (the finding state machine, the checklist
rules, the permission table...): nothing here repeats them. The labels live in one JSON file per language
beside this module (`en.json`, `es.json`); tests check that each file labels every member of every list and
nothing else. The web app gets the lists and labels as generated modules (`spaces-audit vocabulary`
writes them; a test fails when they are stale), so it never spells a member out itself.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from server.auth.permissions import ROLES
from server.checklists.rules import SEVERITIES, SKIP_REASONS, TYPES
from server.domain.audits.status import STATUSES as AUDIT_STATES
from server.domain.community.public import CATEGORIES as REPORT_CATEGORIES
from server.domain.community.states import STATUSES as REPORT_STATES
from server.domain.findings.states import FINDING_REMEDIES, PRIORITIES, STATES
from server.domain.sites.kinds import KIND_IDS
from server.languages import DEFAULT, LANGUAGES

LISTS: dict[str, tuple[str, ...]] = {
    "roles": ROLES,
    "space_kinds": KIND_IDS,
    "audit_states": AUDIT_STATES,
    "finding_states": STATES,
    "remedies": FINDING_REMEDIES,
    "severities": SEVERITIES,
    "priorities": PRIORITIES,
    "answer_types": TYPES,
    "skip_reasons": SKIP_REASONS,
    "report_categories": REPORT_CATEGORIES,
    # The same, worded to begin a finding's title ("Portrait or honorific display in room 2-104").
    "report_category_titles": REPORT_CATEGORIES,
    "report_states": REPORT_STATES,
}

HERE = Path(__file__).parent


@cache
def labels(lang: str) -> dict[str, dict[str, str]]:
    """{list: {member: label}} in a language the app speaks (English for any other)."""
    lang = lang if lang in LANGUAGES else DEFAULT
    return json.loads((HERE / f"{lang}.json").read_text(encoding="utf-8"))


def label(kind: str, member: str | None, lang: str = DEFAULT, empty: str = "-") -> str:
    """The label of one member; a member the list does not know (an old stored value) is shown as it is."""
    if member is None:
        return empty
    return labels(lang)[kind].get(member) or labels(DEFAULT)[kind].get(member) or member.replace("_", " ")

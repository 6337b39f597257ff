"""The README documents every setting, command and space kind the code has; docs/API.md every route."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from server.api import ROUTES
from server.cli import build_parser
from server.domain.sites.kinds import KIND_IDS
from server.http.openapi import document
from server.settings import SETTINGS

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")
API_DOC = (ROOT / "docs" / "API.md").read_text(encoding="utf-8")


def _section(title: str) -> str:
    match = re.search(rf"^## {title}\n(.*?)(?=^## )", README, re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match.group(1)


@pytest.mark.parametrize("setting", SETTINGS, ids=lambda s: s.name)
def test_every_setting_is_in_the_readme_with_its_default(setting):
    rows = [line for line in _section("Settings").splitlines() if line.startswith(f"| `{setting.name}` |")]
    assert rows, f"{setting.name} is not documented in the README's Settings table"
    default = f"`{setting.default}`" if setting.default else "empty"
    assert f"| {default} |" in rows[0], f"{setting.name}: the README's default differs from {setting.default!r}"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    action = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_command_is_in_the_readme_with_help(name):
    assert f"`spaces-audit {name}" in _section("Commands"), f"{name} is missing from the README's Commands"
    parser = _subcommands()[name]
    assert parser.description, f"{name} has no description"
    for action in parser._actions:
        assert action.help, f"{name} {action.option_strings or action.dest} has no help text"
        for option in action.option_strings:
            if option not in ("-h", "--help"):
                assert option in _section("Commands"), f"{name} {option} is missing from the README"


def test_every_space_kind_is_in_the_readme():
    section = _section("Importing buildings and spaces from CSV")
    for kind in KIND_IDS:
        assert f"`{kind}`" in section


METHODS = "GET|POST|PUT|PATCH|DELETE"
# `GET /api/spaces?q=`, `GET/PATCH /api/buildings/{id}`: one or more methods and a path, inside backticks.
MENTION = re.compile(rf"`((?:{METHODS})(?:/(?:{METHODS}))*) (/api/[^`\s?]*)")


def _declared_routes() -> set[str]:
    """Every route the app declares, as the OpenAPI document spells it (`GET /api/audits/{id}`)."""
    return {f"{method.upper()} {path}" for path, ops in document(ROUTES)["paths"].items() for method in ops}


def _mentioned_routes() -> set[str]:
    return {f"{method} {path}" for methods, path in MENTION.findall(API_DOC) for method in methods.split("/")}


@pytest.mark.parametrize("route", sorted(_declared_routes()))
def test_every_route_is_in_the_api_doc(route):
    assert route in _mentioned_routes(), f"docs/API.md does not mention `{route}`"


def test_the_api_doc_names_no_route_that_does_not_exist():
    assert _mentioned_routes() - _declared_routes() == set()

"""The error registry: every code the server answers with is declared once, with its status, and the web app
words every code in each language it has."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from server.errors import FOR_STATUS, PROBLEMS, Conflict, DomainError, UnknownProblem, checked

ROOT = Path(__file__).resolve().parents[2]
SERVER = ROOT / "server"
MESSAGES = ROOT / "web" / "js" / "messages"
# Exceptions that carry a status and a code positionally, (status, code, ...), into a DomainError.
POSITIONAL = {"PublicError", "PhotoRejected"}
# Codes the web app makes itself, for answers that never came from the API.
CLIENT_CODES = {"network", "no_answer"}


@dataclass(frozen=True)
class Use:
    where: str
    code: str
    status: int | None  # when the raiser states one beside the code


def _trees() -> dict[str, ast.Module]:
    return {str(path.relative_to(ROOT)): ast.parse(path.read_text(encoding="utf-8"))
            for path in sorted(SERVER.rglob("*.py"))}


def _name(node: ast.expr) -> str:
    return node.attr if isinstance(node, ast.Attribute) else getattr(node, "id", "")


def _error_classes(trees: dict[str, ast.Module]) -> set[str]:
    """DomainError and every class that (through any chain of bases) derives from it, by name."""
    classes = {node.name: {_name(b) for b in node.bases} for tree in trees.values() for node in ast.walk(tree)
               if isinstance(node, ast.ClassDef)}
    found = {"DomainError"}
    while grown := {name for name, bases in classes.items() if bases & found} - found:
        found |= grown
    return found


def _constant(node: ast.expr, kind: type) -> object | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, kind) else None


def _uses_in(where: str, tree: ast.Module, errors: set[str]) -> list[Use]:
    uses = []
    for node in ast.walk(tree):
        at = f"{where}:{getattr(node, 'lineno', 0)}"
        if isinstance(node, ast.ClassDef) and node.name in errors:
            for statement in node.body:
                if isinstance(statement, ast.Assign) and [_name(t) for t in statement.targets] == ["code"]:
                    uses.append(Use(at, str(_constant(statement.value, str)), None))
        elif isinstance(node, ast.Call) and _name(node.func) in errors | POSITIONAL:
            uses += [Use(at, code, None) for kw in node.keywords
                     if kw.arg == "code" and (code := _constant(kw.value, str))]
            if _name(node.func) in POSITIONAL and len(node.args) >= 2 and _constant(node.args[1], str):
                status = _constant(node.args[0], int)
                uses.append(Use(at, str(_constant(node.args[1], str)), status))  # type: ignore[arg-type]
        elif isinstance(node, ast.Dict):  # a body written by hand: {"error": {"code": "...", ...}}
            uses += [Use(at, code, None) for body in _values(node, "error") if isinstance(body, ast.Dict)
                     for value in _values(body, "code") if (code := _constant(value, str))]
    return uses


def _values(node: ast.Dict, key: str) -> list[ast.expr]:
    return [v for k, v in zip(node.keys, node.values, strict=True) if k is not None and _constant(k, str) == key]


def _server_uses() -> list[Use]:
    trees = _trees()
    errors = _error_classes(trees)
    return [use for where, tree in trees.items() for use in _uses_in(where, tree, errors)]


def test_every_code_the_server_raises_is_registered_with_the_status_it_is_raised_with():
    uses = _server_uses()
    # The scan sees the codes raised in each way: a subclass, code=..., a positional (status, code), a raw body.
    seen = {use.code for use in uses}
    assert {"audit_submitted", "finding_changed", "reports_off", "photo_invalid", "internal"} <= seen
    unknown = [use for use in uses if use.code not in PROBLEMS]
    assert not unknown, f"codes not registered in server/errors.py: {unknown}"
    wrong = [use for use in uses if use.status is not None and use.status != PROBLEMS[use.code].status]
    assert not wrong, f"raised with a status the registry does not give the code: {wrong}"


def test_every_registered_code_is_used():
    used = {use.code for use in _server_uses()} | set(FOR_STATUS.values())
    assert set(PROBLEMS) - used == set(), "registered codes nothing raises: remove them or raise them"


def test_no_error_class_sets_its_own_status():
    trees = _trees()
    errors = _error_classes(trees)
    setters = [f"{where}: {node.name}" for where, tree in trees.items() for node in ast.walk(tree)
               if isinstance(node, ast.ClassDef) and node.name in errors
               for statement in node.body if isinstance(statement, ast.Assign)
               for target in statement.targets
               if "status" in {_name(t) for t in getattr(target, "elts", [target])}]
    assert not setters, f"the status of an error comes from its registered code: {setters}"


def test_an_unregistered_code_fails_where_it_is_declared_or_raised():
    with pytest.raises(UnknownProblem, match="not registered"):
        type("Typo", (DomainError,), {"code": "finding_chnaged"})
    with pytest.raises(UnknownProblem, match="sets a status"):
        type("Teapot", (Conflict,), {"status": 418})
    with pytest.raises(UnknownProblem, match="not registered"):
        Conflict("Someone else changed this.", code="finding_chnaged")
    with pytest.raises(UnknownProblem, match="status 409, not 422"):
        checked("conflict", 422)


def test_the_status_and_the_default_wording_come_from_the_registry():
    error = Conflict("An audit that is planned cannot move to submitted.", code="invalid_transition")
    assert (error.status, error.code) == (409, "invalid_transition")
    assert DomainError(code="internal").body() == {"error": {
        "code": "internal", "message": PROBLEMS["internal"].message, "field": None}}
    assert DomainError(code="internal").status == 500


# The web app's catalogues -------------------------------------------------------------------------------------

ENTRY = re.compile(r"""^\s+(\w+): (?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"),$""")


def _catalogue(path: Path) -> dict[str, str]:
    """code -> wording, from a file of one `code: 'text',` line each inside `export default { ... };`."""
    lines = path.read_text(encoding="utf-8").splitlines()
    start, end = lines.index("export default {"), lines.index("};")
    entries = {}
    for line in lines[start + 1:end]:
        match = ENTRY.match(line)
        assert match, f"{path.name}: cannot read {line!r} (one `code: 'text',` a line)"
        text = match.group(2) if match.group(2) is not None else match.group(3)
        entries[match.group(1)] = re.sub(r"\\(.)", r"\1", text)
    return entries


def _languages() -> list[str]:
    return sorted(p.name for p in MESSAGES.iterdir() if p.is_dir() and re.fullmatch(r"[a-z]{2}", p.name))


def test_the_web_app_has_languages():
    assert "en" in _languages()


@pytest.mark.parametrize("lang", _languages())
def test_every_code_is_worded_in_every_language_of_the_web_app(lang):
    path = MESSAGES / lang / "errors.js"
    assert path.exists(), f"{lang} has no errors.js wording the error codes"
    wording = _catalogue(path)
    assert sorted(set(PROBLEMS) - set(wording)) == [], f"{path.name} does not word these codes"
    assert sorted(set(wording) - set(PROBLEMS)) == [], f"{path.name} words codes the server does not have"
    assert all(text.strip() for text in wording.values())


def test_the_english_wording_is_the_servers_default_word_for_word():
    # errors.js tells a generic message (shown in the reader's language) from a specific one by this equality.
    english = _catalogue(MESSAGES / "en" / "errors.js")
    differ = {code: (text, PROBLEMS[code].message) for code, text in english.items()
              if text != PROBLEMS[code].message}
    assert not differ, f"en/errors.js differs from server/errors.py: {differ}"


def test_every_code_the_web_app_checks_for_exists():
    checked_codes = {match.group(1) for path in (ROOT / "web" / "js").rglob("*.js")
                     for match in re.finditer(r"code [!=]== '(\w+)'", path.read_text(encoding="utf-8"))}
    assert "csv_invalid" in checked_codes
    assert checked_codes - set(PROBLEMS) - CLIENT_CODES == set()

"""The web app's message catalogues and the vocabulary, checked rather than hoped.

- Every language has the same keys as English, the same {placeholders} in each message, and every plural form
  its language needs (Intl.PluralRules' categories: Spanish needs one, many and other).
- The vocabulary: the server labels every member of every closed list in every language, and the web app's
  generated copy (web/js/vocabulary.js and each catalogue's vocabulary.js) is what `spaces-audit vocabulary`
  would write now.
- The web app's code names only lists and members the server defines: a label('list', 'member') call, or an
  array literal made of one list's members.

The catalogues are ES modules: node reads them as the browser does (see load()).
"""

from __future__ import annotations

import json
import re
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from server.languages import LANGUAGES
from server.vocabulary import LISTS, labels
from server.vocabulary.web import modules

ROOT = Path(__file__).resolve().parents[2]
WEB = ROOT / "web"
MESSAGES = WEB / "js" / "messages"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
PLURAL_KEYS = {"zero", "one", "two", "few", "many", "other"}

LOADER = """
const [dir, lang] = process.argv.slice(1);
const { default: frame, rest } = await import(`${dir}/${lang}/index.js`);
const catalogue = { ...frame, ...(await rest()) };
const categories = new Intl.PluralRules(lang).resolvedOptions().pluralCategories;
console.log(JSON.stringify({ catalogue, categories }));
"""


@cache
def load(lang: str) -> tuple[dict[str, Any], tuple[str, ...]]:
    """A language's whole catalogue (the login screen's part and the rest) and its plural categories."""
    done = subprocess.run(["node", "--input-type=module", "-e", LOADER, MESSAGES.as_uri(), lang],
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    return out["catalogue"], tuple(out["categories"])


def is_plural(node: Any) -> bool:
    return isinstance(node, dict) and bool(node) and set(node) <= PLURAL_KEYS and "other" in node


def leaves(node: Any, path: str = "") -> dict[str, Any]:
    """key path -> a message (a string, a list of strings, or a plural object)."""
    if isinstance(node, dict) and not is_plural(node):
        return {k: v for key, value in node.items() for k, v in leaves(value, f"{path}.{key}" if path else key).items()}
    return {path: node}


def placeholders(message: Any) -> set[str]:
    texts = message.values() if isinstance(message, dict) else message if isinstance(message, list) else [message]
    return {name for text in texts for name in PLACEHOLDER.findall(text)}


OTHERS = [lang for lang in LANGUAGES if lang != "en"]


def test_the_app_speaks_more_than_english():
    assert OTHERS, "server/languages.py names only English"
    assert sorted(p.name for p in MESSAGES.iterdir() if p.is_dir()) == sorted(LANGUAGES)


IMPORTED = re.compile(r"""(?:\bfrom\s*|\bimport\(\s*)['"]\./([\w-]+\.js)['"]""")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_file_of_a_catalogue_is_in_its_index(lang):
    """The checks below read a catalogue through its index.js (the login screen's part and the rest): a file
    the index left out would be neither checked nor shown."""
    folder = MESSAGES / lang
    reached = {name for path in folder.glob("*.js") for name in IMPORTED.findall(path.read_text(encoding="utf-8"))}
    assert sorted(p.name for p in folder.glob("*.js") if p.name != "index.js") == sorted(reached)


@pytest.mark.parametrize("lang", OTHERS)
def test_every_language_has_the_keys_of_english_and_no_others(lang):
    english, theirs = leaves(load("en")[0]), leaves(load(lang)[0])
    assert sorted(set(english) - set(theirs)) == [], f"{lang} lacks these keys"
    assert sorted(set(theirs) - set(english)) == [], f"{lang} has keys English does not (a typo?)"


@pytest.mark.parametrize("lang", OTHERS)
def test_placeholders_are_the_same_in_every_language(lang):
    english, theirs = leaves(load("en")[0]), leaves(load(lang)[0])
    differ = {key: (sorted(placeholders(english[key])), sorted(placeholders(theirs[key])))
              for key in set(english) & set(theirs) if placeholders(english[key]) != placeholders(theirs[key])}
    assert not differ, f"{lang}: placeholders differ from English (English, {lang}): {differ}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_plural_has_the_forms_its_language_needs(lang):
    catalogue, categories = load(lang)
    english = leaves(load("en")[0])
    missing = {}
    for key, message in leaves(catalogue).items():
        if is_plural(message) or is_plural(english.get(key)):
            forms = set(message) if isinstance(message, dict) else set()
            # `zero` is optional: a language may say "no findings" where it wants to.
            if lacking := sorted(set(categories) - forms):
                missing[key] = lacking
    assert not missing, f"{lang} ({', '.join(categories)}): plural forms missing: {missing}"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_is_text(lang):
    english = leaves(load("en")[0])
    # An empty message is one English leaves empty on purpose (a form with nothing to explain).
    bad = [key for key, message in leaves(load(lang)[0]).items() if english.get(key) != ""
           and not ((isinstance(message, str) and message.strip())
                   or (is_plural(message) and all(isinstance(v, str) and v.strip() for v in message.values()))
                   or (isinstance(message, list) and all(isinstance(v, str) and v.strip() for v in message)))]
    assert not bad, f"{lang}: empty or not text: {bad}"


# The vocabulary ----------------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_server_labels_every_member_of_every_list(lang):
    table = labels(lang)
    assert sorted(table) == sorted(LISTS)
    for name, members in LISTS.items():
        assert sorted(table[name]) == sorted(members), f"{lang}.json, {name}"
        assert all(isinstance(text, str) and text.strip() for text in table[name].values())


def test_the_web_apps_copy_of_the_vocabulary_is_current():
    stale = [path for path, text in modules().items()
             if not (WEB / path).exists() or (WEB / path).read_text(encoding="utf-8") != text]
    assert not stale, f"run `spaces-audit vocabulary`: {stale} differ from server/vocabulary/"


def _code() -> dict[Path, str]:
    skip = {MESSAGES, WEB / "js" / "vocabulary.js"}
    return {path: path.read_text(encoding="utf-8") for path in (WEB / "js").rglob("*.js")
            if not any(path == s or s in path.parents for s in skip)}


def test_label_calls_name_lists_and_members_the_server_defines():
    calls = [(path.name, match.group(1), match.group("member")) for path, text in _code().items()
             for match in re.finditer(r"\blabel\('(\w+)'(?:, '(?P<member>\w+)')?", text)]
    assert calls, "the web app labels nothing through the vocabulary?"
    unknown = [(name, kind) for name, kind, _ in calls if kind not in LISTS]
    assert not unknown, f"label() names lists the server does not define: {unknown}"
    members = [(name, kind, member) for name, kind, member in calls if member and member not in LISTS[kind]]
    assert not members, f"label() names members the server does not define: {members}"


def test_no_vocabulary_key_is_looked_up_by_hand():
    # t('vocab.x.y') would skip label()'s fallback and escape the check above.
    found = [path.name for path, text in _code().items() if re.search(r"""t\(['`"]vocab\.""", text)]
    assert not found, f"use label(list, member) instead of t('vocab...') in {found}"


ARRAY = re.compile(r"\[\s*('[a-z_]+'(?:\s*,\s*'[a-z_]+')+)\s*,?\s*\]")


def test_lists_written_out_in_the_web_app_hold_only_what_the_server_defines():
    """An array literal mostly made of one list's members is that list (or part of it, in an order the screen
    needs): every one of its strings must then be a member. The whole list in the server's order is a copy,
    which must come from LISTS instead."""
    problems = []
    for path, text in _code().items():
        for match in ARRAY.finditer(text):
            values = re.findall(r"'([a-z_]+)'", match.group(1))
            for name, members in LISTS.items():
                inside = [v for v in values if v in members]
                if len(inside) < 2 or len(inside) * 2 <= len(values):
                    continue
                if outside := [v for v in values if v not in members]:
                    problems.append(f"{path.name}: {values} mixes {name} with {outside}")
                elif values == list(members):
                    problems.append(f"{path.name}: {values} is the whole of {name}: use LISTS.{name}")
    assert not problems, problems

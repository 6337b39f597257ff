"""The server's message catalogues (server/messages/<lang>.json): every language has every key, with the same
placeholders and its own plural forms; every key the code names exists; say() fills, pluralises and writes
numbers the language's way; dates and times read as each language writes them."""

from __future__ import annotations

import json
import re
import string
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from babel import Locale

from server.languages import DEFAULT, LANGUAGES
from server.messages import HERE, catalogue, say
from server.messages.formats import day, moment, number

SERVER = Path(__file__).resolve().parents[2] / "server"


def _placeholders(entry: str | dict[str, str]) -> set[str]:
    forms = entry.values() if isinstance(entry, dict) else [entry]
    return {name for form in forms for _, name, _, _ in string.Formatter().parse(form) if name}


def test_every_language_the_app_speaks_has_a_catalogue_and_no_other():
    assert sorted(p.stem for p in HERE.glob("*.json")) == sorted(LANGUAGES)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_language_has_every_key_and_no_other(lang):
    english, other = catalogue(DEFAULT), json.loads((HERE / f"{lang}.json").read_text(encoding="utf-8"))
    assert sorted(set(english) - set(other)) == [], f"{lang}.json lacks these keys"
    assert sorted(set(other) - set(english)) == [], f"{lang}.json has keys English does not"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_every_message_has_the_same_placeholders_as_the_english(lang):
    english = {key: _placeholders(entry) for key, entry in catalogue(DEFAULT).items()}
    differ = {key: (_placeholders(entry), english[key]) for key, entry in catalogue(lang).items()
              if _placeholders(entry) != english[key]}
    assert differ == {}, f"{lang}.json: placeholders differ from English (theirs, English's)"


@pytest.mark.parametrize("lang", LANGUAGES)
def test_plural_forms_are_the_languages_own_and_always_have_other(lang):
    allowed = Locale.parse(lang).plural_form.tags | {"other"}
    for key, entry in catalogue(lang).items():
        assert isinstance(entry, str | dict) and entry, key
        if isinstance(entry, dict):
            assert "other" in entry and set(entry) <= allowed, (key, sorted(entry))
            assert "count" in _placeholders(entry) or key.endswith(".subject"), key  # the form follows a count


def test_every_key_the_server_names_exists():
    named = set()
    for path in SERVER.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if re.search(r"from server\.messages import .*\bsay\b", text):  # (the public pages have a say() of their own)
            named |= set(re.findall(r"""\bsay\(\s*"([a-z][\w.-]*)\"""", text))
    assert named, "no say() calls found: the pattern is out of date"
    assert sorted(named - set(catalogue(DEFAULT))) == []


def test_every_key_the_server_makes_from_a_list_exists():
    from server.domain.findings.filters import AGES, SOURCES
    from server.domain.findings.mail import MAILED
    from server.domain.reporting.exports import FINDING_COLUMNS, INVENTORY_AUDIT, INVENTORY_PLACE, RESPONSE_COLUMNS
    from server.reports.text import CHANGED, COUNT_SUFFIXES

    made = {*(f"pdf.change.{name}" for name in CHANGED), *(f"pdf.count.{s or 'honored'}" for s in COUNT_SUFFIXES),
            *(f"pdf.cover.age_{age}" for age in AGES), *(f"pdf.cover.source_{s}" for s in SOURCES),
            *(f"mail.{what}.{part}" for what in MAILED for part in ("subject", "intro")),
            *(f"mail.digest.{since}" for since in ("waiting", "between", "received")),
            *(f"csv.{column}" for column in (*FINDING_COLUMNS, *RESPONSE_COLUMNS, *INVENTORY_PLACE, *INVENTORY_AUDIT)),
            *(f"file.{what}" for what in ("audit", "findings", "answers", "inventory", "posters", "poster")),
            *(f"pdf.cover.{what}" for what in ("period", "campus", "building", "checklist", "states", "severity",
                                               "category", "age", "cycle", "overdue", "source"))}
    assert sorted(made - set(catalogue(DEFAULT))) == []


def test_say_fills_pluralises_and_writes_numbers_in_the_language():
    assert say("mail.digest.subject", "en", count=1) == "Community reports: 1 new"
    assert say("mail.digest.subject", "es", count=1) == "Reportes de la comunidad: 1 nuevo"
    assert say("mail.digest.subject", "es", count=1234) == "Reportes de la comunidad: 1.234 nuevos"
    assert say("mail.digest.subject", "en", count=1234) == "Community reports: 1,234 new"
    assert say("mail.assigned.subject", "es", count=1, title="Retrato") == "Se le asignó: Retrato"
    assert say("mail.assigned.subject", "es", count=3, title="Retrato") == "Se le asignaron 3 hallazgos"


@pytest.mark.parametrize("lang", [None, "", "fr", "xx-YY"])
def test_a_language_the_server_does_not_speak_is_english(lang):
    assert say("pdf.summary", lang) == "Summary"


def test_days_times_and_numbers_as_each_language_writes_them():
    at = datetime(2026, 3, 1, 14, 5, tzinfo=UTC)
    assert moment(at, "en") == "Mar 1, 2026, 2:05\u202fPM UTC"
    assert moment("2026-03-01T14:05:00Z", "es") == "1 mar 2026, 14:05 UTC"
    assert day(date(2026, 12, 24), "es") == "24 dic 2026" and day("2026-12-24", "en") == "Dec 24, 2026"
    assert day("2026-03-01T23:30:00-05:00", "en") == "Mar 2, 2026"  # a time's day is its day in UTC
    assert day(None, "es") == "-" and moment("", "en", empty="") == ""
    assert (number(1234567.5, "en"), number(1234567.5, "es")) == ("1,234,567.5", "1.234.567,5")

"""What the server writes for people outside the JSON API, in each language it speaks: email, the column
headers of CSV files, and the words of PDFs (reports and posters).

One catalogue per language beside this module (`en.json`, `es.json`): flat keys grouped by where they appear
(`mail.`, `csv.`, `pdf.`, `poster.`, `file.`). A value is text with {placeholders}, or, for a sentence about
a number, its plural forms (`{"one": ..., "other": ...}`, CLDR's categories) chosen by `count`. The labels of
closed lists (states, severities, remedies...) are not here but in server/vocabulary, and the JSON API's
errors are in server/errors.py (the web app words them). tests/unit/test_messages.py checks that every
language has every key, with the same placeholders.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

from server.languages import DEFAULT, LANGUAGES
from server.messages.formats import number, plural

HERE = Path(__file__).parent
Entry = str | dict[str, str]


def known(lang: str | None) -> str:
    """`lang` if the server speaks it, else English."""
    return lang if lang in LANGUAGES else DEFAULT


@cache
def catalogue(lang: str) -> dict[str, Entry]:
    return json.loads((HERE / f"{known(lang)}.json").read_text(encoding="utf-8"))


def _value(value: Any, lang: str) -> Any:
    # Numbers are written the language's way (1,234 / 1.234), as the web app's t() writes them.
    return number(value, lang) if isinstance(value, int | float) and not isinstance(value, bool) else value


def say(key: str, lang: str | None, **params: Any) -> str:
    """The message in the language (English where a catalogue lacks it); a plural message takes its form
    from `count`."""
    lang = known(lang)
    entry = catalogue(lang).get(key) or catalogue(DEFAULT)[key]
    if isinstance(entry, dict):
        entry = entry.get(plural(params["count"], lang)) or entry["other"]
    return entry.format(**{name: _value(value, lang) for name, value in params.items()})

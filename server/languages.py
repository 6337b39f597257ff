"""The languages the app speaks, and how a request's language is chosen.

Adding a language: add its code here, then its files (server/vocabulary/<code>.json, server/messages/<code>.json,
web/js/messages/<code>/, checklists/<code>/); tests name whatever is missing. An unknown language anywhere
(a profile, a header, a query) falls back to English: never an error.
"""

from __future__ import annotations

from typing import Any

LANGUAGES: tuple[str, ...] = ("en", "es")
DEFAULT = "en"
# Each language in its own words: what a language switch offers, readable by whoever needs it.
NAMES: dict[str, str] = {"en": "English", "es": "Español"}
# ...and in English, for messages to checklist authors.
ENGLISH_NAMES: dict[str, str] = {"en": "English", "es": "Spanish"}
# The language checklists and messages are written in; the others are translations of it.
SOURCE_LANGUAGE = DEFAULT
# How a page or file read without an account picks its language (the words of its `lang` parameter).
PUBLIC_CHOICE = f"{', '.join(LANGUAGES)}; otherwise Accept-Language decides (then {DEFAULT})."


def normal(lang: Any) -> str | None:
    """A language the app speaks from a tag such as "es-MX" (None for anything else)."""
    if not isinstance(lang, str):
        return None
    base = lang.strip().lower().replace("_", "-").split("-")[0]
    return base if base in LANGUAGES else None


def from_accept_language(header: str | None) -> str:
    """The first language the app speaks that the browser prefers (by q value, then order); else English."""
    best, best_q = DEFAULT, -1.0
    for part in (header or "").split(",")[:20]:
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower().split("-")[0]
        q = 1.0
        for param in pieces[1:]:
            name, _, value = param.strip().partition("=")
            if name.strip() == "q":
                try:
                    q = float(value)
                except ValueError:
                    q = 0.0
        if tag in LANGUAGES and q > best_q and q > 0:
            best, best_q = tag, q
    return best


def choose(lang: Any, accept_language: str | None) -> str:
    """The body's lang when the app speaks it, else the browser's preference."""
    return normal(lang) or from_accept_language(accept_language)



"""The query-string filters of the API's lists, each declared once: the parameter's name, the words the API
document gives it, and how its text is read. A list's parser and its OpenAPI parameters (server/http/routing.py:
query_params) both come from the same declaration, so they cannot drift apart.

A reader gets the parameter's name and its text (None when the parameter is absent) and returns the value the
list takes, or refuses with a 422 naming the parameter.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from server.errors import Invalid

Reader = Callable[[str, str | None], Any]


def text(limit: int | None = None) -> Reader:
    """The text as given ("" when absent), cut to `limit` characters: a search never needs more."""
    def read(name: str, value: str | None) -> str:
        return (value or "")[:limit]

    return read


def one_of(choices: Sequence[str], default: str = "", message: str = "{name} must be one of: {choices}.") -> Reader:
    """One of the choices; absent or empty means the default."""
    def read(name: str, value: str | None) -> str:
        chosen = value or default
        if chosen and chosen not in choices:
            raise Invalid(message.format(name=name, choices=", ".join(choices)), field=name)
        return chosen

    return read


def an_id(name: str, value: str | None) -> str:
    """A UUID in its canonical form, or "" when absent or empty."""
    try:
        return str(uuid.UUID(value)) if value else ""
    except ValueError:
        raise Invalid(f"{name} must be an id (a UUID).", field=name) from None


def true_or_false(default: bool) -> Reader:
    """true or false; only an absent parameter takes the default."""
    def read(name: str, value: str | None) -> bool:
        if value is None:
            return default
        if value not in ("true", "false"):
            raise Invalid(f"{name} must be true or false.", field=name)
        return value == "true"

    return read


@dataclass(frozen=True)
class Filter:
    name: str  # the query parameter
    description: str  # as the API document gives it
    read: Reader = field(default_factory=text)
    attribute: str = ""  # the keyword the list takes the value as, when it is not the parameter's name

    @property
    def key(self) -> str:
        return self.attribute or self.name

    def described(self, description: str) -> Filter:
        """The same filter, worded for another list (a report's `from` bounds other days than the list's)."""
        return replace(self, description=description)


def parse(filters: Iterable[Filter], raw: Mapping[str, str]) -> dict[str, Any]:
    """Each declared filter's value, by its key, in the order declared (the first refusal is the one raised)."""
    return {f.key: f.read(f.name, raw.get(f.name)) for f in filters}

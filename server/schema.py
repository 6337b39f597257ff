"""Small declarative request schemas: one definition validates input and describes it in OpenAPI."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

from server.errors import Invalid

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Control characters have no place in names and labels, and PostgreSQL refuses NUL outright.
CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Str:
    max_length: int = 200
    min_length: int = 0
    required: bool = True
    email: bool = False

    def parse(self, name: str, value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid(f"{name} must be text.", field=name)
        value = value.strip()
        if CONTROL_CHARS.search(value):
            raise Invalid(f"{name} contains a control character.", field=name)
        if len(value) > self.max_length:
            raise Invalid(f"{name} is too long: at most {self.max_length} characters.", field=name)
        if len(value) < self.min_length:
            what = "is required" if self.min_length == 1 else f"needs at least {self.min_length} characters"
            raise Invalid(f"{name} {what}.", field=name)
        if self.email:
            value = value.lower()
            if not EMAIL_RE.match(value):
                raise Invalid(f"{name} is not a valid email address.", field=name)
        return value

    def json_schema(self) -> dict[str, Any]:
        schema: dict[str, Any] = {"type": "string", "maxLength": self.max_length}
        if self.min_length:
            schema["minLength"] = self.min_length
        if self.email:
            schema["format"] = "email"
        return schema


@dataclass(frozen=True)
class Password:
    """Kept exactly as typed (no stripping): spaces may be part of a passphrase."""

    min_length: int = 12
    max_length: int = 256
    required: bool = True

    def parse(self, name: str, value: Any) -> Any:
        if not isinstance(value, str):
            raise Invalid(f"{name} must be text.", field=name)
        if "\x00" in value:
            raise Invalid(f"{name} contains a NUL character.", field=name)
        if len(value) > self.max_length:
            raise Invalid(f"{name} is too long: at most {self.max_length} characters.", field=name)
        if len(value) < self.min_length:
            raise Invalid(f"{name} needs at least {self.min_length} characters.", field=name)
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "minLength": self.min_length, "maxLength": self.max_length,
                "format": "password"}


@dataclass(frozen=True)
class Bool:
    required: bool = True
    nullable: bool = False  # null is a value of its own (e.g. "as the campus says"), kept rather than dropped

    def parse(self, name: str, value: Any) -> Any:
        if value is None and self.nullable:
            return None
        if not isinstance(value, bool):
            raise Invalid(f"{name} must be true{', false or null' if self.nullable else ' or false'}.", field=name)
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": ["boolean", "null"] if self.nullable else "boolean"}


@dataclass(frozen=True)
class Uuid:
    required: bool = True

    def parse(self, name: str, value: Any) -> Any:
        try:
            return uuid.UUID(str(value)) if isinstance(value, str) else _fail(name)
        except ValueError:
            return _fail(name)

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "uuid"}


def _fail(name: str) -> Any:
    raise Invalid(f"{name} must be an id (a UUID).", field=name)


@dataclass(frozen=True)
class Choices:
    """A list of distinct values from a fixed set (e.g. roles)."""

    choices: tuple[str, ...]
    min_items: int = 0
    required: bool = True

    def parse(self, name: str, value: Any) -> Any:
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise Invalid(f"{name} must be a list of text values.", field=name)
        unknown = [v for v in value if v not in self.choices]
        if unknown:
            raise Invalid(f"{name} has unknown values: {', '.join(unknown)}; allowed: "
                          f"{', '.join(self.choices)}.", field=name)
        if len(set(value)) < self.min_items:
            raise Invalid(f"{name} needs at least {self.min_items} value(s).", field=name)
        return sorted(set(value))

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string", "enum": list(self.choices)},
                "uniqueItems": True, "minItems": self.min_items}


@dataclass(frozen=True)
class Int:
    low: int = 0
    high: int = 2**31 - 1
    required: bool = True

    def parse(self, name: str, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int) or not self.low <= value <= self.high:
            raise Invalid(f"{name} must be a whole number from {self.low} to {self.high}.", field=name)
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"type": "integer", "minimum": self.low, "maximum": self.high}


@dataclass(frozen=True)
class UuidList:
    """Distinct ids, order kept (the order of spaces in an audit is the walking order)."""

    min_items: int = 0
    max_items: int = 500
    required: bool = True

    def parse(self, name: str, value: Any) -> Any:
        if not isinstance(value, list) or len(value) > self.max_items:
            raise Invalid(f"{name} must be a list of at most {self.max_items} ids.", field=name)
        ids = [str(Uuid().parse(name, v)) for v in value]
        if len(set(ids)) != len(ids):
            raise Invalid(f"{name} names the same id twice.", field=name)
        if len(ids) < self.min_items:
            raise Invalid(f"{name} needs at least {self.min_items} id(s).", field=name)
        return ids

    def json_schema(self) -> dict[str, Any]:
        return {"type": "array", "items": {"type": "string", "format": "uuid"}, "uniqueItems": True,
                "minItems": self.min_items, "maxItems": self.max_items}


@dataclass(frozen=True)
class AnyJson:
    """A value whose shape depends on data (an answer depends on its checklist item): the domain checks it."""

    description: str
    required: bool = True

    def parse(self, name: str, value: Any) -> Any:
        return value

    def json_schema(self) -> dict[str, Any]:
        return {"description": self.description}


@dataclass(frozen=True)
class OneOf:
    """A single value from a fixed set (a severity, a state)."""

    choices: tuple[str, ...]
    required: bool = True
    nullable: bool = False  # null is a value of its own (e.g. "no language chosen"), kept rather than dropped

    def parse(self, name: str, value: Any) -> Any:
        if value is None and self.nullable:
            return None
        if value not in self.choices or not isinstance(value, str):
            raise Invalid(f"{name} must be one of: {', '.join(self.choices)}"
                          f"{' (or null)' if self.nullable else ''}.", field=name)
        return value

    def json_schema(self) -> dict[str, Any]:
        if self.nullable:
            return {"type": ["string", "null"], "enum": [*self.choices, None]}
        return {"type": "string", "enum": list(self.choices)}


@dataclass(frozen=True)
class Date:
    """A calendar day, YYYY-MM-DD (a due date)."""

    required: bool = True

    def parse(self, name: str, value: Any) -> Any:
        if not isinstance(value, str) or not DATE_RE.match(value):
            raise Invalid(f"{name} must be a date written YYYY-MM-DD.", field=name)
        try:
            return date.fromisoformat(value)
        except ValueError:
            raise Invalid(f"{name} is not a real date.", field=name) from None

    def json_schema(self) -> dict[str, Any]:
        return {"type": "string", "format": "date"}


Field = Str | Password | Bool | Uuid | Choices | OneOf | Int | UuidList | AnyJson | Date


@dataclass(frozen=True)
class Body:
    """An object with known fields; unknown fields are refused so typos are not silently ignored."""

    fields: dict[str, Field]

    def parse(self, data: Any, *, partial: bool = False) -> dict[str, Any]:
        if not isinstance(data, dict):
            raise Invalid("The request body must be a JSON object.")
        unknown = sorted(set(data) - set(self.fields))
        if unknown:
            raise Invalid(f"Unknown field: {unknown[0]}.", field=unknown[0])
        out: dict[str, Any] = {}
        for name, spec in self.fields.items():
            if name not in data or (data[name] is None and not getattr(spec, "nullable", False)):
                if spec.required and not partial:
                    raise Invalid(f"{name} is required.", field=name)
                continue
            out[name] = spec.parse(name, data[name])
        if partial and not out:
            raise Invalid("Nothing to change: give at least one field.")
        return out

    def json_schema(self, *, partial: bool = False) -> dict[str, Any]:
        required = [] if partial else [n for n, s in self.fields.items() if s.required]
        schema: dict[str, Any] = {
            "type": "object",
            "additionalProperties": False,
            "properties": {n: s.json_schema() for n, s in self.fields.items()},
        }
        if required:
            schema["required"] = required
        return schema

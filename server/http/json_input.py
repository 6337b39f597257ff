"""Parse a request's JSON once, refusing what no route could store or answer.

Python's json module accepts text that the rest of the system cannot carry: a lone surrogate escape
("\\ud800") decodes to a string that UTF-8 cannot encode (the database, the response and every export then
fail on it), NUL is refused by PostgreSQL, NaN and Infinity are not JSON and cannot be answered back, and
deep nesting exhausts the parser's recursion. All of it is refused here, before any handler runs, with the
place in the body named, so no route (batch and public routes included) can store it half way.
"""

from __future__ import annotations

import json
import re
from typing import Any

from server.errors import BadRequest, Invalid

MAX_DEPTH = 32
# A lone surrogate, or NUL: text that UTF-8 or PostgreSQL cannot hold.
UNSTORABLE = re.compile("[\ud800-\udfff\x00]")


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a JSON value")


def _finite_float(text: str) -> float:
    value = float(text)
    if value in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:20]} is too large")
    return value


def _invalid_json(message: str) -> BadRequest:
    return BadRequest(f"The request body is not valid JSON: {message}.", code="invalid_json")


def parse(raw: bytes) -> Any:
    """The decoded body; BadRequest (400 invalid_json) or Invalid (422, naming the field) otherwise."""
    try:
        data = json.loads(raw, parse_constant=_no_constants, parse_float=_finite_float)
    except RecursionError:
        raise _invalid_json(f"it is nested more than {MAX_DEPTH} levels deep") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise _invalid_json(str(exc)) from None
    check_storable(data)
    return data


def _place(path: tuple[str | int, ...]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out or "body"


def _problem(text: str) -> str:
    found = UNSTORABLE.search(text)
    assert found is not None
    if found.group() == "\x00":
        return "contains a NUL character"
    return "contains an unpaired surrogate (\\ud800-\\udfff), which is not text"


def check_storable(data: Any) -> None:
    """Walk the value without recursion: every string and key storable, nesting within MAX_DEPTH."""
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(data, ())]
    while stack:
        value, path = stack.pop()
        if isinstance(value, dict | list) and len(path) >= MAX_DEPTH:
            raise _invalid_json(f"it is nested more than {MAX_DEPTH} levels deep")
        if isinstance(value, str):
            if UNSTORABLE.search(value):
                raise Invalid(f"{_place(path)} {_problem(value)}.", field=_place(path))
        elif isinstance(value, dict):
            for key, item in value.items():
                if UNSTORABLE.search(key):
                    raise Invalid(f"A field name in {_place(path)} {_problem(key)}.", field=_place(path))
                stack.append((item, (*path, key)))
        elif isinstance(value, list):
            stack.extend((item, (*path, i)) for i, item in enumerate(value))


def check_query(params: Any) -> None:
    """Query parameters carry no control characters (a NUL used to make a search ignore its filter)."""
    for name, value in params.multi_items():
        if re.search(r"[\x00-\x1f\x7f]", value) or UNSTORABLE.search(value):
            raise Invalid(f"The query parameter {name} contains a control character.", field=name)

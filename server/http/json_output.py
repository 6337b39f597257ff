"""JSON answers, written by orjson: a findings page of 50 items took the standard library's encoder about
0.4 ms, a sixth of the request's server time, and orjson a tenth of that.

The text means what Starlette's JSONResponse wrote (UTF-8 with non-ASCII characters as they are, no spaces,
keys in insertion order; dict keys that are not text written as text). One difference, on purpose: a float that
is not a number (NaN, infinity), which the standard encoder refuses (a 500), is written as null. The API never
sends one; a bug that made one would lose a figure rather than the whole answer.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.responses import JSONResponse as StarletteJSONResponse

OPTIONS = orjson.OPT_NON_STR_KEYS


def dumps(content: Any) -> bytes:
    return orjson.dumps(content, option=OPTIONS)


class JSONResponse(StarletteJSONResponse):
    def render(self, content: Any) -> bytes:
        return dumps(content)

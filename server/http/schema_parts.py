"""The building blocks of the API's response shapes (server/http/response_schemas.py, report_schemas.py): the
JSON Schema helpers and the small shapes many resources share (a person, a building, a finding's state)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from server.checklists.rules import SEVERITIES
from server.domain.audits.status import STATUSES as AUDIT_STATUSES
from server.domain.community.states import STATUSES as REPORT_STATUSES
from server.domain.findings.states import STATES

# ---------------------------------------------------------------------------------------------

S = {"type": "string"}
INT = {"type": "integer", "minimum": 0}
BOOL = {"type": "boolean"}
ID = {"type": "string", "format": "uuid"}
TIME = {"type": "string", "format": "date-time"}
DAY = {"type": "string", "format": "date"}
ANY: dict[str, Any] = {}


def ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


def obj(props: dict[str, Any], *, required: Sequence[str] | None = None) -> dict[str, Any]:
    """An object of these fields and no others (all of them present unless `required` says which): a field a
    handler adds is documented here first, or the API tests' contract check refuses it."""
    return {"type": "object", "properties": props,
            "required": list(props) if required is None else list(required), "additionalProperties": False}


def enum(values: Iterable[str]) -> dict[str, Any]:
    return {"type": "string", "enum": list(values)}


def nullable(schema: dict[str, Any]) -> dict[str, Any]:
    if "type" not in schema or schema["type"] in ("object", "array"):
        return {"oneOf": [{"type": "null"}, schema]}
    out = {**schema, "type": [schema["type"], "null"]}
    if "enum" in schema:
        out["enum"] = [*schema["enum"], None]
    return out


def array(items: dict[str, Any]) -> dict[str, Any]:
    return {"type": "array", "items": items}


def map_of(values: dict[str, Any], description: str, keys: Iterable[str] | None = None) -> dict[str, Any]:
    """An object used as a table: any keys (or those given), each holding a value of one shape."""
    schema = {"type": "object", "additionalProperties": values, "description": description}
    return schema if keys is None else {**schema, "propertyNames": enum(keys)}


def list_of(name: str) -> dict[str, Any]:
    return obj({"items": array(ref(name)), "total": INT})


NULL_S = nullable(S)
NULL_TIME = nullable(TIME)
NULL_DAY = nullable(DAY)
PERSON = ref("Person")
NULL_PERSON = nullable(PERSON)
STATUS = enum(STATES)  # a finding's
SEVERITY = enum(SEVERITIES)
AUDIT_STATUS = enum(AUDIT_STATUSES)
REPORT_STATUS = enum(REPORT_STATUSES)
CHANGES = map_of(array(ANY), 'What an event changed: {"field": [old, new]}.')
REF = obj({"id": ID, "name": S})  # a campus, or anything else known by its name
BUILDING_REF = obj({"id": ID, "code": S, "name": S})
SPACE_FIELDS = {"id": ID, "name": S, "floor": S, "room_number": S}
SPACE_REF = obj({**SPACE_FIELDS, "kind": S})
CHECKLIST_PIN = obj({"id": S, "version": INT})
CHECKLIST_REF = obj({"id": S, "version": INT, "title": S})
SECTION_REF = nullable(obj({"id": S, "title": S}))

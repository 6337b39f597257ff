"""Find and repair stored text that UTF-8 cannot encode, so an instance poisoned before the input check recovers.

Before the server refused them where JSON is parsed, a lone surrogate escape ("\\ud800") could be stored inside
a JSON column (an answer, a batch's remembered reply): SQLite keeps the escape as written, and from then on
reading that record, exporting or archiving failed. The repair replaces each such character (and NUL, which
PostgreSQL cannot hold) with U+FFFD, the visible replacement character, and says which records it touched.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from tortoise import fields
from tortoise.models import Model

import server.models

BROKEN = re.compile("[\ud800-\udfff\x00]")
REPLACEMENT = "\ufffd"
PAGE = 500
TEXT_FIELDS = (fields.JSONField, fields.TextField, fields.CharField)


@dataclass(frozen=True)
class Repaired:
    table: str
    record: str
    field: str
    replaced: int

    def __str__(self) -> str:
        return f"{self.table} {self.record}, {self.field}: {self.replaced} character(s) replaced with U+FFFD"


def repair_value(value: Any) -> tuple[Any, int]:
    """The value with every broken character replaced, and how many there were (strings, keys, nested)."""
    if isinstance(value, str):
        return BROKEN.subn(REPLACEMENT, value)
    if isinstance(value, list):
        pairs = [repair_value(v) for v in value]
        return [v for v, _ in pairs], sum(n for _, n in pairs)
    if isinstance(value, dict):
        out, total = {}, 0
        for key, item in value.items():
            new_key, n_key = repair_value(key)
            new_item, n_item = repair_value(item)
            out[new_key] = new_item
            total += n_key + n_item
        return out, total
    return value, 0


def _models() -> Iterator[type[Model]]:
    for name in server.models.__all__:
        model = getattr(server.models, name)
        if isinstance(model, type) and issubclass(model, Model):
            yield model


def _text_fields(model: type[Model]) -> list[str]:
    return [name for name, field in model._meta.fields_map.items()
            if isinstance(field, TEXT_FIELDS) and name != model._meta.pk_attr]


async def _repair_model(model: type[Model], names: list[str], dry_run: bool) -> list[Repaired]:
    pk = model._meta.pk_attr
    found: list[Repaired] = []
    last: Any = None
    while True:
        query = model.all().order_by(pk).limit(PAGE)
        if last is not None:
            query = query.filter(**{f"{pk}__gt": last})
        rows = await query.values(pk, *names)
        for row in rows:
            changes = {}
            for name in names:
                repaired, count = repair_value(row[name])
                if count:
                    changes[name] = repaired
                    found.append(Repaired(model._meta.db_table, str(row[pk]), name, count))
            if changes and not dry_run:
                await model.filter(**{pk: row[pk]}).update(**changes)
        if len(rows) < PAGE:
            return found
        last = rows[-1][pk]


async def repair_stored_text(*, dry_run: bool = False) -> list[Repaired]:
    """Every record whose text could not be encoded, repaired unless dry_run; one entry per field touched."""
    found: list[Repaired] = []
    for model in _models():
        names = _text_fields(model)
        if names:
            found += await _repair_model(model, names, dry_run)
    return found

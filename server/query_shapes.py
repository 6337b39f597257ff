"""values() queries sent as SQL the ORM built once per shape of query, not once per request.

Building a query costs Tortoise (pypika) more Python time than the database takes to answer it: the findings
list's 26 columns over four joins took 0.6 ms to build on every request, twice what asyncpg took to send it and
read the rows. A query's shape (its tables, joins, conditions, order and limit: everything but the values it
compares with) shows in the SQL of the same query selecting only its primary key, which is cheap to build. The
full SQL and the ORM's converters for its columns are kept per shape and sent with each request's values, so
the rows are exactly what `query.values(*fields)` returns. A shape is kept only when its values land in the
same places in both statements; otherwise the query is built and run the ordinary way.

This reads three private Tortoise attributes (_choose_db_if_not_chosen, _make_query, _fields_for_select);
tests/api/test_query_shapes.py compares the rows with values() on both databases, so an upgrade that moves
them fails there rather than going wrong quietly.
"""

from __future__ import annotations

import re
import types
import uuid
from collections.abc import Callable
from typing import Any

from tortoise.queryset import QuerySet, ValuesQuery

MAX_SHAPES = 1_000  # lists have a few dozen shapes (filters x orders x directions); a bound all the same
Converter = tuple[str, Callable[[Any], Any]]
_FINAL_LIMIT = re.compile(r" LIMIT \$(\d+)$")
_shapes: dict[tuple[str, str, tuple[str, ...]], tuple[str, list[Converter]]] = {}


def _built(query: ValuesQuery[Any]) -> tuple[str, list[Any]]:
    query._choose_db_if_not_chosen()
    query._make_query()
    sql, params = query.query.get_parameterized_sql()
    return sql, list(params)


def _converters(query: ValuesQuery[Any]) -> list[Converter]:
    """What values() applies to each column; Tortoise leaves out the columns it would pass through (lambdas)."""
    found = [(alias, query.resolve_to_python_value(query.model, name))
             for alias, name in query._fields_for_select.items()]
    return [(alias, convert) for alias, convert in found if not isinstance(convert, types.LambdaType)]


def _limit_written_in(sql: str, params: list[Any], dialect: str) -> tuple[str, list[Any]]:
    """On PostgreSQL, a final LIMIT written into the statement rather than sent as a parameter. asyncpg prepares
    each statement once per connection, but PostgreSQL plans a statement with parameters again on every run
    unless its plan for any value looks as cheap, and for an unknown LIMIT it never does: the list paid a full
    plan of its joins and subqueries (about 1 ms of the database's time) on every request. Written in, the limit
    becomes part of the shape: a list has a handful of page sizes."""
    found = _FINAL_LIMIT.search(sql) if dialect == "postgres" else None
    if found is None or int(found.group(1)) != len(params) or type(params[-1]) is not int:
        return sql, params
    return f"{sql[:found.start()]} LIMIT {params[-1]}", params[:-1]


def uuid_text(value: Any) -> Any:
    """A UUID column as text, canonical (lowercase, hyphenated) as str(uuid.UUID) writes it; PostgreSQL's driver
    gives UUID objects, which pass as they are. Parsing SQLite's text into uuid.UUID for a caller that only prints
    it again was a tenth of the findings list's server CPU on SQLite."""
    if type(value) is not str:
        return value
    if len(value) == 36 and value[8] == value[13] == value[18] == value[23] == "-" and value.islower():
        return value
    return str(uuid.UUID(value))


async def values(query: QuerySet[Any], fields: tuple[str, ...],
                 uuids_as_text: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """`await query.values(*fields)`, built by the ORM once per shape; the columns named in uuids_as_text come
    as canonical text (uuid_text) rather than uuid.UUID objects."""
    probe = query.values(query.model._meta.pk_attr)
    built = _built(probe)
    dialect = probe._db.capabilities.dialect  # one process may open SQLite and PostgreSQL
    probe_sql, params = _limit_written_in(*built, dialect)
    key = (dialect, probe_sql, fields)
    shape = _shapes.get(key)
    if shape is None:
        full = query.values(*fields)
        built_sql, built_params = _built(full)
        sql, full_params = _limit_written_in(built_sql, built_params, dialect)
        if full_params != params:
            return await full._execute()  # type: ignore[return-value]
        if len(_shapes) >= MAX_SHAPES:
            _shapes.clear()
        shape = _shapes[key] = (sql, _converters(full))
    sql, converters = shape
    if uuids_as_text:
        converters = [(c, uuid_text if c in uuids_as_text else f) for c, f in converters]
    rows = await probe._db.execute_query_dict(sql, params)
    for row in rows:
        for column, convert in converters:
            row[column] = convert(row[column])
    return rows

"""values() queries sent as SQL the ORM built once per shape of query, not once per request.

Building a query costs Tortoise (pypika) more Python time than the database takes to answer it: the findings
list's 26 columns over four joins took 0.6 ms to build on every request, twice what asyncpg took to send it and
read the rows. A query's shape (its tables, joins, conditions, order and limit: everything but the values it
compares with) shows in the SQL of the same query selecting only its primary key, which is cheap to build. The
full SQL and the ORM's converters for its columns are kept per shape and sent with each request's values, so
the rows are exactly what `query.values(*fields)` returns. A shape is kept only when its values land in the
same places in both statements; otherwise the query is built and run the ordinary way.

This reads private Tortoise attributes (_choose_db_if_not_chosen, _db, _make_query, _fields_for_select,
_annotations); tests/api/test_query_shapes.py compares the rows with values() on both databases, so an upgrade
that moves them fails there rather than going wrong quietly.
"""

from __future__ import annotations

import re
import types
import uuid
from collections.abc import Callable, Hashable, Mapping
from datetime import datetime
from typing import Any

from pypika_tortoise.context import SqlContext
from pypika_tortoise.terms import Term
from tortoise.expressions import RawSQL, Subquery
from tortoise.queryset import QuerySet, ValuesQuery

from server import clock

MAX_SHAPES = 1_000  # lists have a few dozen shapes (filters x orders x directions); a bound all the same
Converter = tuple[str, Callable[[Any], Any]]
_FINAL_LIMIT = re.compile(r" LIMIT \$(\d+)$")
_shapes: dict[tuple[Any, ...], tuple[str, list[Converter]]] = {}
MAX_STATEMENTS = 10_000  # statements remembered by what built them (values()'s built_from); a bound all the same
_statements: dict[Hashable, tuple[str, list[Any], list[Converter]]] = {}


class CountOf(Subquery):
    """The number of the query's rows, as a column of another query (an annotation). Tortoise's CountQuery keeps
    the joins it added the first time it was made and leaves them out when made again (a shape is made twice:
    its probe, then the full statement), so each writing counts with a CountQuery of its own."""

    def __init__(self, query: QuerySet[Any]) -> None:
        super().__init__(query.count())
        self.counted = query

    def get_sql(self, ctx: SqlContext) -> str:
        self.query = self.counted.count()
        return super().get_sql(ctx)

    def as_(self, alias: str) -> Term:  # type: ignore[override]
        self.query = self.counted.count()
        return super().as_(alias)  # type: ignore[return-value]


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


def _time_text(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    """A timestamp column as the API writes it (clock.iso: UTC, ISO 8601 with a Z). SQLite keeps what Tortoise
    wrote, datetime.isoformat(" ") of a UTC time, so the text only changes two characters: parsing it into a
    datetime to print it again was 8% of the findings list's server CPU on SQLite. Text in any other form (an
    offset other than UTC, no offset) goes through the ORM's converter, then clock.iso, as before."""

    def text(value: Any) -> Any:
        if type(value) is str and len(value) in (25, 32) and value[10] == " " and value.endswith("+00:00"):
            return f"{value[:10]}T{value[11:-6]}Z"
        if type(value) is datetime and value.tzinfo is not None:  # PostgreSQL's driver: already aware
            return clock.iso(value)
        return clock.iso(convert(value)) if value is not None else None

    return text


def _uuid_text(convert: Callable[[Any], Any]) -> Callable[[Any], Any]:
    return uuid_text


# What a caller may ask a column to come as, instead of the ORM's Python value: the text it prints anyway.
AS_TEXT: dict[str, Callable[[Callable[[Any], Any]], Callable[[Any], Any]]] = {"uuid": _uuid_text, "time": _time_text}


def _as_text(converters: list[Converter], query: ValuesQuery[Any], as_text: tuple[tuple[str, str], ...]) \
        -> list[Converter]:
    """The ORM's converters, with those of the columns named in as_text replaced by AS_TEXT's."""
    if not as_text:
        return converters
    wanted = dict(as_text)
    orm = {alias: query.resolve_to_python_value(query.model, name) for alias, name in query._fields_for_select.items()
           if alias in wanted}
    kept = [(column, convert) for column, convert in converters if column not in wanted]
    return kept + [(column, AS_TEXT[kind](orm[column])) for column, kind in as_text]


def _texts(rows: list[dict[str, Any]], as_text: tuple[tuple[str, str], ...]) -> list[dict[str, Any]]:
    """values()'s own rows with the columns named in as_text as AS_TEXT makes them (from Python values)."""
    for column, kind in as_text:
        convert = AS_TEXT[kind](lambda value: value)
        for row in rows:
            row[column] = convert(row[column])
    return rows


async def values(query: QuerySet[Any], fields: tuple[str, ...], as_text: tuple[tuple[str, str], ...] = (),
                 columns: Mapping[str, RawSQL] | None = None, built_from: Hashable = None) -> list[dict[str, Any]]:
    """`await query.annotate(**columns).values(*fields)`, built by the ORM once per shape; the columns named in
    as_text, as (column, kind) pairs, come as the text the API prints (AS_TEXT: "uuid" as uuid_text, "time" as
    clock.iso). `columns` are SQL columns without parameters (correlated subqueries): the shape is found without
    them, which halves the ORM's work per request. Fields may also name the query's own annotations.

    built_from, when the caller gives it, names everything the query was built from, values included (the same
    built_from, the same query): the statement and its values are then remembered under it and sent again
    without asking the ORM at all. Finding the shape costs a list with a count (lists.py) 0.3 ms a request."""
    query._choose_db_if_not_chosen()  # the connection it runs on (a transaction's, if one is open)
    dialect = query._db.capabilities.dialect  # one process may open SQLite and PostgreSQL
    extra = tuple((name, term.sql) for name, term in columns.items()) if columns else ()
    remembered = (dialect, built_from, fields, as_text, extra) if built_from is not None else None
    statement = _statements.get(remembered) if remembered is not None else None
    if statement is None:
        statement = _statement(query, dialect, fields, as_text, columns, extra)
        if statement is None:  # values() the ordinary way
            full = (query.annotate(**columns) if columns else query).values(*fields)
            return _texts(await full._execute(), as_text)  # type: ignore[arg-type]
        if remembered is not None:
            if len(_statements) >= MAX_STATEMENTS:
                _statements.clear()
            _statements[remembered] = statement
    sql, params, converters = statement
    # Rows as the driver's tuples (sqlite3.Row, asyncpg.Record), made into dicts here: Tortoise's dict(row) looks
    # each of SQLite's columns up by name, a scan of the row's columns per column. The names come from the
    # statement's own columns (annotations are not where values() lists them).
    _, found = await query._db.execute_query(sql, params)
    if not found:
        return []
    names = list(found[0].keys())
    at = [(names.index(column), convert) for column, convert in converters]
    rows = []
    for row in found:
        row = list(row)
        for i, convert in at:
            row[i] = convert(row[i])
        rows.append(dict(zip(names, row, strict=True)))
    return rows


def _statement(query: QuerySet[Any], dialect: str, fields: tuple[str, ...], as_text: tuple[tuple[str, str], ...],
               columns: Mapping[str, RawSQL] | None, extra: tuple[tuple[str, str], ...]) \
        -> tuple[str, list[Any], list[Converter]] | None:
    """The statement of query.annotate(**columns).values(*fields), with this query's values, from its shape (built
    once); None if its values do not land in the same places as in its shape's probe."""
    # Annotations already on the query are in the probe: they may compare with values (a count's subquery).
    probe = query.values(query.model._meta.pk_attr, *(f for f in fields if f in query._annotations))
    probe_sql, params = _limit_written_in(*_built(probe), dialect)
    key = (dialect, probe_sql, fields, as_text, extra)
    shape = _shapes.get(key)
    if shape is None:
        full = (query.annotate(**columns) if columns else query).values(*fields)
        built_sql, built_params = _built(full)
        sql, full_params = _limit_written_in(built_sql, built_params, dialect)
        if full_params != params:
            return None
        if len(_shapes) >= MAX_SHAPES:
            _shapes.clear()
        shape = _shapes[key] = (sql, _as_text(_converters(full), full, as_text))
    return shape[0], params, shape[1]

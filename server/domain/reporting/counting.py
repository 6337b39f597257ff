"""The dashboard's counts, made by the database: a few grouped counts over the findings in scope, each read from
an index that holds every column it needs (server/models/audits.py, Finding.Meta.indexes), so the findings
table itself is never read; and the median wait for verification, picked by the database.

Counts are of `status` (never null, and in every one of those indexes) rather than of `id`, which would make
SQLite read each row for it.
"""

from __future__ import annotations

import statistics
from datetime import date
from typing import Any

from tortoise.expressions import Q, RawSQL, Subquery
from tortoise.functions import Count
from tortoise.queryset import QuerySet

from server.domain.findings.filters import AGES, age_bounds
from server.domain.findings.guards import today
from server.models import Finding, FindingEvent

N = Count("status")


def dialect() -> str:
    return Finding._meta.db.capabilities.dialect


async def grouped(query: QuerySet[Any], *fields: str) -> list[dict[str, Any]]:
    return await query.annotate(n=N).group_by(*fields).values(*fields, "n")


async def by_state(scope: QuerySet[Finding]) -> list[dict[str, Any]]:
    """How many of each (status, severity, source), and of those how many fall in each age bucket and are
    overdue (the numbers the open and overdue lists count): one pass."""
    on = today()
    ages = {}
    for age in AGES:
        start, end = age_bounds(age, on)
        window = {"created_at__gte": start, "created_at__lt": end}
        ages[f"age_{age}"] = Count("status", _filter=Q(**{k: v for k, v in window.items() if v is not None}))
    return await scope.annotate(n=N, overdue=Count("status", _filter=Q(due_date__lt=on)), **ages) \
        .group_by("status", "severity", "source").values("status", "severity", "source", "n", "overdue", *ages)


def verified_events(scope: QuerySet[Finding]) -> QuerySet[FindingEvent]:
    """The verification of every verified finding in scope: verified is final, so one event each. Only the event
    from resolved verifies: publishing a verified fix on the progress page writes verified -> verified."""
    ids = Subquery(scope.filter(status="verified").values("id"))
    return FindingEvent.filter(from_status="resolved", to_status="verified", finding_id__in=ids)


# The month (UTC) of a timestamp column, as YYYY-MM. SQLite keeps timestamps as ISO text: those the app wrote
# are in UTC (+00:00) and their first seven characters are the month; SQLite's strftime reads any other zone.
MONTH = {"sqlite": "CASE WHEN substr({column}, -6) = '+00:00' THEN substr({column}, 1, 7) "
                   "ELSE strftime('%Y-%m', {column}) END",
         "postgres": "to_char({column} AT TIME ZONE 'UTC', 'YYYY-MM')"}


async def per_month(query: QuerySet[Any], column: str, count: Count = N) -> dict[date, int]:
    rows = await query.annotate(month=RawSQL(MONTH[dialect()].format(column=column))).annotate(n=count) \
        .group_by("month").values("month", "n")
    return {date(int(r["month"][:4]), int(r["month"][5:7]), 1): r["n"] for r in rows}


async def raised_per_month(scope: QuerySet[Finding]) -> dict[date, int]:
    return await per_month(scope, '"findings"."created_at"')


async def verified_per_month(scope: QuerySet[Finding]) -> dict[date, int]:
    return await per_month(verified_events(scope), '"finding_events"."at"', Count("id"))


# How long a finding waited to be verified, in a form the database can order by (days on SQLite, whose
# timestamps are text; seconds on PostgreSQL). Only the order is used: the median itself is worked out here from
# the two timestamps, exactly as before.
# "finding_events__finding" is the name Tortoise gives the join that values_list("finding__created_at") makes.
RAISED = '"finding_events__finding"."created_at"'
WAITED = {"sqlite": f'julianday("finding_events"."at") - julianday({RAISED})',
          "postgres": f'EXTRACT(EPOCH FROM "finding_events"."at" - {RAISED})'}


async def median_days(events: QuerySet[FindingEvent], count: int) -> float | None:
    """The median wait from raised to verified of `count` verification events: the database sorts them and hands
    back the middle one or two findings' timestamps."""
    if not count:
        return None
    middle = await events.annotate(waited=RawSQL(WAITED[dialect()])).order_by("waited", "id") \
        .offset((count - 1) // 2).limit(2 - count % 2).values_list("finding__created_at", "at")
    return round(statistics.median((verified - raised).total_seconds() / 86400 for raised, verified in middle), 1)

"""Thin handlers: parse, call the domain with the actor, shape the output. Each module lists ROUTES."""

from server.api import (
    archive,
    audits,
    batch,
    checklists,
    community,
    coverage,
    findings,
    imports,
    meta,
    photos,
    progress,
    public,
    reports,
    schedules,
    session,
    sites,
    users,
)
from server.http.routing import ApiRoute

ROUTES: list[ApiRoute] = [*meta.ROUTES, *session.ROUTES, *users.ROUTES, *sites.ROUTES, *imports.ROUTES,
                          *checklists.ROUTES, *audits.ROUTES, *photos.ROUTES, *findings.ROUTES,
                          *batch.ROUTES, *reports.ROUTES, *archive.ROUTES,
                          *public.ROUTES, *community.ROUTES, *schedules.ROUTES, *coverage.ROUTES,
                          *progress.ROUTES]

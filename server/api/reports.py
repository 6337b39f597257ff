"""The committee's view: dashboard, inventory, audit reports (JSON for the printable page, and PDF), the
findings report for a period (PDF and CSV), and CSV exports of answers and inventory counts. Files are in the
caller's language (Call.lang: their profile's, else ?lang=, else the browser's)."""

from __future__ import annotations

import os
import re
import unicodedata
from collections.abc import AsyncIterator
from functools import partial
from pathlib import Path
from typing import Any

from starlette.background import BackgroundTask
from starlette.responses import FileResponse, StreamingResponse

from server.api.paging import path_id
from server.domain.audits.report import audit_report
from server.domain.findings.filters import LIST_FILTERS
from server.domain.reporting import dashboard, exports, findings_report, inventory
from server.http.routing import LANG, ApiRoute, Call, Param, query_params
from server.messages import say
from server.photos import PhotoStore
from server.reports import csv_rows
from server.reports.audit_pdf import build_audit_pdf
from server.reports.findings_pdf import build_findings_pdf
from server.reports.pdf_base import render

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"
ID = (Param("id", "The audit's id.", "path"),)
REPORT = query_params(dashboard.REPORT_FILTERS)
LIST = (*query_params(LIST_FILTERS), LANG)  # the findings list's filters, without its queues


def _name(*parts: str) -> str:
    """A download's file name: letters, digits and hyphens only ("Hôpital" as "hopital", not "h-pital")."""
    plain = unicodedata.normalize("NFKD", "-".join(p for p in parts if p)).encode("ascii", "ignore").decode()
    return re.sub(r"[^A-Za-z0-9]+", "-", plain).strip("-").lower() or "report"


def _pdf(path: Path, filename: str) -> FileResponse:
    return FileResponse(path, media_type=PDF, filename=f"{filename}.pdf", background=BackgroundTask(os.unlink, path))


def pdf_file(path: Path, *name: str) -> FileResponse:
    """A built PDF as a download named from `name`'s parts (the file is deleted once sent)."""
    return _pdf(path, _name(*name))


def _csv(call: Call, columns: list[str], rows: AsyncIterator[list[Any]], what: str) -> StreamingResponse:
    filename = _name(say(f"file.{what}", call.lang))
    return StreamingResponse(csv_rows.stream(columns, rows, call.lang, f"{what}.csv"), media_type=CSV,
                             headers={"content-disposition": f'attachment; filename="{filename}.csv"'})


def _query(call: Call) -> dict[str, str]:
    return dict(call.request.query_params)


async def show_dashboard(call: Call) -> dict[str, Any]:
    return await dashboard.dashboard(call.me, _query(call), call.lang)


async def show_inventory(call: Call) -> dict[str, Any]:
    f = await dashboard.report_filters(call.me, _query(call))
    return {"filters": dashboard.filters_json(f), **await inventory.inventory(f, call.lang)}


async def show_audit_report(call: Call) -> dict[str, Any]:
    return (await audit_report(call.me, path_id(call), call.lang)).data


async def audit_report_pdf(call: Call) -> FileResponse:
    report = await audit_report(call.me, path_id(call), call.lang)
    store = PhotoStore(call.settings.uploads_dir)

    def photo_path(photo_id: str) -> Path | None:
        digest = report.display.get(photo_id)
        return store.path(digest) if digest else None

    path = await render(partial(build_audit_pdf, report.data, photo_path, call.lang))
    audit = report.data["audit"]
    return _pdf(path, _name(say("file.audit", call.lang), audit["building"]["code"], audit["title"]))


async def findings_pdf(call: Call) -> FileResponse:
    data = await findings_report.findings_report(call.me, _query(call))
    path = await render(partial(build_findings_pdf, data, call.lang))
    filters = data["filters"]
    return _pdf(path, _name(say("file.findings", call.lang), filters["from"] or "", filters["to"] or ""))


async def findings_csv(call: Call) -> StreamingResponse:
    f = await findings_report.list_filters(call.me, _query(call))
    return _csv(call, exports.FINDING_COLUMNS, exports.finding_rows(f), "findings")


async def responses_csv(call: Call) -> StreamingResponse:
    f = await exports.response_filters(call.me, _query(call))
    return _csv(call, exports.RESPONSE_COLUMNS, exports.response_rows(f, call.lang), "answers")


async def inventory_csv(call: Call) -> StreamingResponse:
    f = await dashboard.report_filters(call.me, _query(call))
    columns, rows = await exports.inventory_rows(f, call.lang)
    return _csv(call, columns, rows, "inventory")


ROUTES = [
    ApiRoute("GET", "/dashboard", show_dashboard, "Findings by status, severity, category, building and age; "
             "overdue; days to verify; trends by month and audit cycle. Each number carries its list query.",
             "report.read", response="Dashboard", query=query_params(dashboard.DASHBOARD_FILTERS), errors=(422,)),
    ApiRoute("GET", "/inventory", show_inventory, "The inventory of honorific images from a checklist's counts, "
             "per space, building and campus, beside the previous cycle's.", "report.read", response="Inventory",
             query=REPORT, errors=(422,)),
    ApiRoute("GET", "/audits/{id}/report", show_audit_report, "An audit's report as data (for the printable page).",
             "audit.read", response="AuditReport", query=ID, errors=(404,)),
    ApiRoute("GET", "/audits/{id}/report.pdf", audit_report_pdf, "An audit's report as PDF, with photos.",
             "audit.read", produces=PDF, query=(*ID, LANG), errors=(404,)),
    ApiRoute("GET", "/reports/findings.pdf", findings_pdf, "The findings of a period across buildings, as PDF.",
             "report.read", produces=PDF, query=LIST, errors=(422,)),
    ApiRoute("GET", "/reports/findings.csv", findings_csv, "Findings as CSV (the list's filters), streamed.",
             "report.read", produces=CSV, query=LIST, errors=(422,)),
    ApiRoute("GET", "/reports/responses.csv", responses_csv, "Audit answers as CSV, streamed.", "report.read",
             produces=CSV, query=(*query_params(exports.RESPONSE_FILTERS), LANG), errors=(422,)),
    ApiRoute("GET", "/reports/inventory.csv", inventory_csv, "Inventory counts per space as CSV, with the "
             "previous cycle's.", "report.read", produces=CSV, query=(*REPORT, LANG), errors=(422,)),
]

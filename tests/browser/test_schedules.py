"""Schedules in the browser: the committee sees an overdue audit on their home, gets the reminder by mail (a real
SMTP server on 127.0.0.1), opens its "Plan this audit" link in Chromium and plans the audit from the form it
fills in (building, checklist, the last audit's spaces and team). The Schedules screen adds, edits and removes
a schedule. Every screen on the way: axe-core at 390 and 320 px (and fitting 320 px), English and Spanish."""

from __future__ import annotations

import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import mail_sink
import pytest
from playwright.async_api import expect

from .helpers import CHECKLIST, LAPTOP, PHONE, Server, Session, accessible, plan, seed, serving, watch


@pytest.fixture(scope="module")
def sink() -> Iterator[tuple[mail_sink.Sink, int]]:
    handler = mail_sink.Sink()
    with mail_sink.smtp_server(handler) as port:
        yield handler, port


@pytest.fixture(scope="module")
def mail_server(sink, tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path) -> Iterator[Server]:
    """A server of this module's own, with mail settings pointing at the sink."""
    seeded = seed(tmp_path_factory.mktemp("schedules-seed") / "data", sqlite_template)
    with serving(seeded, tmp_path_factory.mktemp("schedules") / "data", SPACES_SMTP_HOST="127.0.0.1",
                 SPACES_SMTP_PORT=str(sink[1]), SPACES_SMTP_STARTTLS="false",
                 SPACES_SMTP_FROM="audit@test.example") as srv:
        yield srv


async def session(browser, server: Server, viewport=PHONE, **options) -> Session:
    context = await browser.new_context(viewport=viewport, base_url=server.url, **options)
    return Session(context, watch(await context.new_page()), server.url)


def submitted_long_ago(server: Server, audit_id: str, months: int) -> None:
    """The audit, as if submitted `months` months ago: history a test cannot wait for (nothing else changes)."""
    when = (datetime.now(UTC) - timedelta(days=31 * months)).isoformat()
    with sqlite3.connect(server.data / "spaces-audit.sqlite3") as db:
        db.execute("UPDATE audits SET status = 'submitted', submitted_at = ? WHERE id = ?", (when, audit_id))


def remind(server: Server) -> str:
    """`spaces-audit remind`, as cron (or the server's own task a few minutes later) would run it."""
    done = subprocess.run([sys.executable, "-m", "server.cli", "remind"], env=server.env, text=True,
                          capture_output=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr
    return done.stdout


async def test_the_committee_plans_an_overdue_audit_from_the_reminders_link(browser, mail_server, sink):
    received, _ = sink
    auditor = await session(browser, mail_server)
    await auditor.login("auditor@test.example")
    last_id, spaces = await plan(auditor.context.request, "Portraits walk, last year", ["101", "110"])
    submitted_long_ago(mail_server, last_id, months=13)

    committee = await session(browser, mail_server)
    await committee.login("committee@test.example")
    await committee.goto("/schedules")
    page = committee.page
    await expect(page.get_by_role("heading", name="No schedules yet")).to_be_visible()
    await accessible(page, "schedules-empty")
    # Add the schedule: ALD, every 12 months, Test Committee responsible (chosen for them already).
    ald = "ALD · Alden Hall of Medicine (Demo Medical Campus)"
    await page.get_by_label("Building", exact=True).select_option(label=ald)
    await page.get_by_label("Checklist").select_option(value=CHECKLIST)
    await page.get_by_label("Every 12 months").check()
    await expect(page.get_by_label("Responsible committee member")).to_have_value(re.compile(".+"))
    await page.get_by_role("button", name="Add schedule").click()
    await expect(page.locator("#main .notice--success")).to_have_text("1 schedule added.")
    row = page.locator("tbody tr").filter(has_text="ALD · Alden Hall of Medicine")
    await expect(row).to_contain_text("Overdue")
    await expect(row).to_contain_text("Every 12 months")
    await accessible(page, "schedules-full")

    # The committee's home lists it as overdue, with "Plan this audit".
    await committee.goto("/")
    due = page.locator("section.due")
    await expect(due.get_by_role("heading", name="Overdue (1)")).to_be_visible()
    await expect(due).to_contain_text("Portraits")
    await accessible(page, "home-committee-overdue")

    # The reminder: once, to the responsible member, with the link; not again at the next run.
    assert "Sent 1 reminder" in remind(mail_server)
    assert "Sent 0 reminder" in remind(mail_server)
    [reminder] = received.to("committee@test.example")
    assert reminder["Subject"].startswith("Scheduled audit to plan:")
    link = re.search(r"Plan this audit: (\S+)", reminder.get_content()).group(1)
    assert link.startswith(f"{mail_server.url}/#/audits/new?schedule=")

    # Open the mail's link in Chromium: the plan is filled in from the schedule and the last audit.
    await page.goto(link)
    await expect(page.get_by_role("heading", name="Plan an audit")).to_be_visible()
    await expect(page.get_by_text("Filled in from the schedule of")).to_be_visible()
    await expect(page.get_by_label("Building", exact=True)).to_have_value(re.compile(".+"))
    await expect(page.get_by_label("Checklist")).to_have_value(CHECKLIST)
    await expect(page.get_by_label("Test Auditor")).to_be_checked()
    await expect(page.get_by_label("Spaces I pick")).to_be_checked()
    picked = page.locator("input[name=space]:checked")
    await expect(picked).to_have_count(2)
    await accessible(page, "plan-from-schedule")
    title = await page.get_by_label("Title").input_value()
    await page.get_by_role("button", name="Plan audit").click()
    await expect(page.locator('main[data-path^="/audits/"] h1')).to_have_text(title)
    audits = await (await committee.context.request.get("/api/audits?status=planned")).json()
    new = next(a for a in audits["items"] if a["title"] == title)
    assert new["checklist"]["id"] == CHECKLIST and new["building"]["code"] == "ALD"
    assert sorted(s["id"] for s in new["spaces"]) == sorted(s["id"] for s in spaces)
    assert [m["name"] for m in new["members"]] == ["Test Auditor"]
    for me in (auditor, committee):
        await me.context.close()
        me.assert_no_problems()


async def test_a_schedule_is_edited_and_removed_in_spanish(browser, mail_server):
    admin = await session(browser, mail_server, viewport=LAPTOP, locale="es-US")
    await admin.login("admin@test.example")
    request = admin.context.request
    people = await (await request.get("/api/schedules/people")).json()
    buildings = await (await request.get("/api/buildings")).json()
    campus = buildings["items"][0]["campus"]["id"]
    made = await request.post("/api/schedules", data={
        "campus_id": campus, "checklist_id": "posters-signage", "interval_months": 24,
        "responsible_id": people["items"][0]["id"]})
    assert made.status == 201, await made.text()
    schedule = (await made.json())["items"][0]
    page = admin.page
    await admin.goto("/schedules")
    await expect(page.get_by_role("heading", name="Programación", exact=True)).to_be_visible()
    await expect(page.locator("tbody tr").filter(has_text="Cada 24 meses").first).to_be_visible()
    await accessible(page, "schedules-es")
    await admin.goto(f"/schedules/{schedule['id']}")
    await page.get_by_label("Otro número de meses").check()
    await page.get_by_label("Número de meses (de 1 a 120)").fill("1000")
    await page.get_by_role("button", name="Guardar cambios").click()
    await expect(page.get_by_text("Escriba un número entero de meses, de 1 a 120.").first).to_be_visible()
    await page.get_by_label("Número de meses (de 1 a 120)").fill("18")
    await page.get_by_role("button", name="Guardar cambios").click()
    # On the screen (the live region says the same words to screen readers).
    await expect(page.locator("#main").get_by_text("Se guardó la programación.")).to_be_visible()
    await accessible(page, "schedule-edit-es")
    assert (await (await request.get(f"/api/schedules/{schedule['id']}")).json())["interval_months"] == 18
    await page.get_by_role("button", name="Quitar programación").click()
    await expect(page.get_by_role("heading", name="¿Quitar esta programación?")).to_be_focused()
    await accessible(page, "schedule-remove-es")
    await page.get_by_role("button", name="Sí, quitarla").click()
    await expect(page.locator('main[data-path="/schedules"] h1')).to_have_text("Programación")
    assert (await request.get(f"/api/schedules/{schedule['id']}")).status == 404
    await admin.context.close()
    admin.assert_no_problems()

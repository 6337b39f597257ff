"""Reminders about scheduled audits, read back from a real SMTP server on 127.0.0.1 (aiosmtpd): 30 days before
the due day and on the day the audit becomes overdue, each once (not again at the next look, nor after a
restart), in the responsible member's language, with a link that plans the audit; a mail server that is down
loses nothing and blocks nothing."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from checklist_texts import translation_of
from mail_sink import free_port

from server import clock
from server.checklists import parse_checklist
from server.domain.checklists.store import load_folder
from server.domain.schedules import reminders
from server.models import ScheduleReminder
from server.settings import Settings, load_settings

from .conftest import CHECKLIST
from .schedule_steps import body, submitted_audit

CORA = "cora.committee@hospital.example"
START = datetime(2026, 3, 10, 9, 0, tzinfo=UTC)


class Clock:
    def __init__(self) -> None:
        self.at = START

    def move_to(self, day: datetime) -> None:
        self.at = day


@pytest.fixture
def moving_clock(monkeypatch) -> Clock:
    c = Clock()
    monkeypatch.setattr(clock, "now", lambda: c.at)
    return c


def mail_settings(tmp_path: Path, port: int) -> Settings:
    return load_settings({"SPACES_DATA_DIR": str(tmp_path / "data"), "SPACES_UPLOADS_DIR": str(tmp_path / "up"),
                          "SPACES_SMTP_HOST": "127.0.0.1", "SPACES_SMTP_PORT": str(port),
                          "SPACES_SMTP_STARTTLS": "false", "SPACES_SMTP_FROM": "audit@hospital.example",
                          "SPACES_PUBLIC_URL": "https://audit.hospital.example"})


@pytest.fixture
def settings(tmp_path: Path, sink) -> Settings:
    return mail_settings(tmp_path, sink[1])


async def schedule_due_on_april_10(walk, as_) -> dict:
    """A 12-month schedule whose last audit was submitted on 10 April 2025: due 10 April 2026."""
    await submitted_audit(walk, walk.building["id"], datetime(2025, 4, 10, 15, 0, tzinfo=UTC),
                          [s["id"] for s in walk.spaces])
    made = await as_("committee").post("/api/schedules", json=body(walk))
    assert made.status_code == 201, made.text
    [schedule] = made.json()["items"]
    assert schedule["due_on"] == "2026-04-10"
    return schedule


async def test_each_reminder_is_sent_once_even_after_a_restart(walk, as_, sink, settings, moving_clock, tmp_path):
    received, port = sink
    schedule = await schedule_due_on_april_10(walk, as_)
    assert await reminders.run_once(settings) == 0  # 10 March: 31 days to go, nothing yet
    moving_clock.move_to(datetime(2026, 3, 11, 0, 5, tzinfo=UTC))  # 30 days before
    assert await reminders.run_once(settings) == 1
    [soon] = received.to(CORA)
    assert soon["Subject"] == "Scheduled audit to plan: A small walk, WLK"
    text = soon.get_content()
    assert "1 scheduled audit is due within 30 days:" in text
    assert "- A small walk: WLK Walk Hall, due Apr 10, 2026" in text
    assert "Last audit submitted on Apr 10, 2025." in text
    assert f"Plan this audit: https://audit.hospital.example/#/audits/new?schedule={schedule['id']}" in text
    # The next look, the next days, and a restart (new settings, nothing kept in memory): nothing more.
    assert await reminders.run_once(settings) == 0
    moving_clock.move_to(datetime(2026, 4, 10, 23, 59, tzinfo=UTC))  # the due day itself: still on time
    assert await reminders.run_once(mail_settings(tmp_path / "restarted", port)) == 0
    assert len(received.to(CORA)) == 1
    moving_clock.move_to(datetime(2026, 4, 11, 0, 1, tzinfo=UTC))  # overdue from today
    assert await reminders.run_once(mail_settings(tmp_path / "restarted", port)) == 1
    overdue = received.to(CORA)[1]
    assert "1 scheduled audit is now overdue:" in overdue.get_content()
    moving_clock.move_to(datetime(2026, 5, 1, 8, 0, tzinfo=UTC))
    assert await reminders.run_once(settings) == 0
    assert len(received.to(CORA)) == 2
    assert sorted(await ScheduleReminder.all().values_list("kind", "to_email")) == [("overdue", CORA), ("soon", CORA)]
    # A new audit starts a new cycle: its reminders come in their turn (30 days before 1 May 2027).
    await submitted_audit(walk, walk.building["id"], datetime(2026, 5, 1, 7, 0, tzinfo=UTC))
    assert await reminders.run_once(settings) == 0
    moving_clock.move_to(datetime(2027, 4, 1, 6, 0, tzinfo=UTC))
    assert await reminders.run_once(settings) == 1
    assert "due May 1, 2027" in received.to(CORA)[2].get_content()


async def test_a_persons_reminders_come_in_one_mail_in_their_language(walk, as_, sink, settings, moving_clock):
    received, _ = sink
    assert (await as_("committee").patch("/api/me", json={"lang": "es"})).status_code == 200
    (walk.folder / "es").mkdir()
    (walk.folder / "es" / "small-walk.yaml").write_text(
        translation_of(parse_checklist(CHECKLIST, "small-walk.yaml").content), encoding="utf-8")
    await load_folder(walk.folder)  # the checklist's title in Spanish: "ES A small walk"
    admin = as_("admin")
    campus_id = (await admin.get(f"/api/buildings/{walk.building['id']}")).json()["campus"]["id"]
    east = (await admin.post("/api/buildings", json={"campus_id": campus_id, "code": "EAST",
                                                     "name": "East Wing"})).json()
    await schedule_due_on_april_10(walk, as_)
    # Never audited: due the day its schedule is made (10 March), overdue from the next day.
    assert (await as_("committee").post("/api/schedules", json=body(walk, building_id=east["id"]))).status_code == 201
    moving_clock.move_to(datetime(2026, 3, 12, 9, 0, tzinfo=UTC))
    assert await reminders.run_once(settings) == 1
    [both] = received.to(CORA)
    assert both["Subject"] == "2 auditorías programadas por planificar"
    assert "- ES A small walk: EAST East Wing" in both.get_content()
    # The API names the checklist in the reader's language too.
    due = (await as_("committee").get("/api/schedules/due")).json()
    assert {s["checklist"]["title"] for s in due["overdue"] + due["due_soon"]} == {"ES A small walk"}
    assert {s["checklist"]["title"] for s in (await as_("admin").get("/api/schedules")).json()["items"]} == {
        "A small walk"}
    text = both.get_content()
    assert text.startswith("Hola, Cora Committee:")
    assert text.index("1 auditoría programada ya está vencida:") < text.index("EAST East Wing, vence el 10 mar 2026")
    assert "1 auditoría programada vence dentro de 30 días:" in text
    assert "WLK Walk Hall, vence el 10 abr 2026" in text
    assert "Nunca se ha auditado con esta lista de verificación." in text


async def test_a_mail_server_that_is_down_keeps_the_reminder_for_the_next_look(walk, as_, sink, moving_clock,
                                                                                tmp_path, caplog):
    received, port = sink
    await schedule_due_on_april_10(walk, as_)
    moving_clock.move_to(datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    down = mail_settings(tmp_path / "down", free_port())
    assert await reminders.run_once(down) == 0  # logged, not raised
    assert await ScheduleReminder.all().count() == 0  # not claimed: it was never sent
    assert "Could not send" in caplog.text
    assert await reminders.run_once(mail_settings(tmp_path, port)) == 1
    assert len(received.to(CORA)) == 1


async def test_no_reminder_without_mail_settings_for_paused_schedules_or_disabled_members(
        walk, as_, people, sink, settings, moving_clock, tmp_path):
    received, _ = sink
    await schedule_due_on_april_10(walk, as_)
    moving_clock.move_to(datetime(2026, 4, 1, 9, 0, tzinfo=UTC))
    no_mail = load_settings({"SPACES_DATA_DIR": str(tmp_path / "d"), "SPACES_UPLOADS_DIR": str(tmp_path / "u")})
    assert await reminders.run_once(no_mail) == 0
    assert await ScheduleReminder.all().count() == 0  # kept for when mail is set up
    (walk.folder / "small-walk.yaml").unlink()
    await load_folder(walk.folder)  # the checklist is archived: its schedule is paused
    assert await reminders.run_once(settings) == 0
    (walk.folder / "small-walk.yaml").write_text((Path(__file__).parent / "conftest.py").read_text()
                                                 .split('CHECKLIST = """')[1].split('"""')[0], encoding="utf-8")
    await load_folder(walk.folder)  # back again
    await as_("admin").patch(f"/api/users/{people['committee'].user.id}", json={"disabled": True})
    assert await reminders.run_once(settings) == 0
    assert received.received == []
    await as_("admin").patch(f"/api/users/{people['committee'].user.id}", json={"disabled": False})
    assert await reminders.run_once(settings) == 1


async def test_the_due_day_and_reminders_follow_utc_days(walk, as_, sink, settings, moving_clock):
    """An audit submitted at 23:30 on 10 April 2025 in New York was submitted on 11 April (UTC)."""
    await submitted_audit(walk, walk.building["id"], datetime(2025, 4, 11, 4, 30, tzinfo=UTC))
    [schedule] = (await as_("committee").post("/api/schedules", json=body(walk))).json()["items"]
    assert schedule["due_on"] == "2026-04-11"
    moving_clock.move_to(datetime(2026, 3, 11, 23, 59, tzinfo=UTC))  # 31 days before
    assert await reminders.run_once(settings) == 0
    moving_clock.move_to(datetime(2026, 3, 12, 0, 0, tzinfo=UTC))
    assert await reminders.run_once(settings) == 1

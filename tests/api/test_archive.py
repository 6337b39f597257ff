"""The JSON archive: exported by an administrator (streamed), read back into an empty database of the same
kind, it reproduces every table's rows (and the times they carry); a database that holds anything refuses it."""

from __future__ import annotations

import json
import uuid
from typing import Any

import pytest

from server import clock
from server.domain.maintenance.archive import import_archive
from server.errors import Invalid
from server.models import Finding, FindingEvent, ScheduleReminder, User

from .finding_steps import make_crew
from .report_data import NOW, make_history
from .second_database import counts, empty_database


async def source_data(walk, people, make_client, settings, monkeypatch) -> None:
    """Findings with photos (one redacted), comments and a duplicate link, then the generated history."""
    crew = await make_crew(walk, people, make_client, settings)
    first = await crew.raise_finding("Portrait of Dr. Ærøskøbing")
    assert (await walk.answer(crew["auditor"], crew.audit, walk.spaces[0], "present", "yes")).status_code == 201
    photo = await crew.evidence(first)
    assert (await crew["committee"].post(f"/api/photos/{photo['id']}/redactions",
                                         json={"boxes": [[0.1, 0.1, 0.3, 0.3]]})).status_code == 200
    comment = await crew["committee"].post(f"/api/findings/{first}/comments", json={"id": str(uuid.uuid4()),
                                                                                    "text": "Zoë will check."})
    assert comment.status_code == 201
    second = await crew.raise_finding("The same portrait")
    await crew.ok("committee", second, "duplicate", duplicate_of=first)
    await crew.bring_to(first, "verified")
    schedule = await crew["committee"].post("/api/schedules", json={
        "building_id": walk.building["id"], "checklist_id": "small-walk", "interval_months": 12,
        "responsible_id": str(people["committee"].user.id)})
    assert schedule.status_code == 201, schedule.text
    await ScheduleReminder.create(schedule_id=schedule.json()["items"][0]["id"], kind="soon",
                                  due_on=clock.now().date(), sent_on=clock.now().date(),
                                  to_email=people["committee"].user.email)
    monkeypatch.setattr(clock, "now", lambda: NOW)
    await make_history(people, findings=80)
    monkeypatch.undo()


async def test_export_then_import_into_an_empty_database_reproduces_everything(
        db, walk, people, make_client, settings, monkeypatch, tmp_path, request):
    await source_data(walk, people, make_client, settings, monkeypatch)
    before = await counts()
    assert all(before[name] for name in ("photos", "photo_redactions", "finding_comments", "finding_events",
                                         "response_revisions", "responses", "audit_spaces", "schedules",
                                         "schedule_reminders"))
    response = await people["admin"].client.get("/api/archive.json")
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith('attachment; filename="spaces-audit-archive-')
    data: dict[str, Any] = response.json()
    assert data["format"] == "spaces-audit-archive" and data["counts"] == before
    assert all("password_hash" not in row for row in data["tables"]["users"])
    findings = {str(f.id): f for f in await Finding.all()}

    async with empty_database(db, tmp_path, request):
        assert sum((await counts()).values()) == 0
        assert await import_archive(data) == before
        assert await counts() == before
        for finding in await Finding.all():
            original = findings[str(finding.id)]
            assert (finding.status, finding.updated_at, finding.created_at, finding.due_date) == (
                original.status, original.updated_at, original.created_at, original.due_date)
            assert finding.duplicate_of_id == original.duplicate_of_id  # type: ignore[attr-defined]
        assert not await User.filter(password_hash__isnull=False).exists()
        # New history can be written after an import (PostgreSQL's sequences moved past the imported ids).
        await FindingEvent.create(finding_id=next(iter(findings)), actor_id=str(people["admin"].user.id),
                                  at=clock.now(), from_status="open", to_status="open")
        with pytest.raises(Invalid, match="already holds"):
            await import_archive(data)


@pytest.mark.parametrize("change, message", [
    (lambda d: d.update(format="other"), "not a Spaces Audit archive"),
    (lambda d: d.update(version=2), "version 2"),
    (lambda d: d["tables"]["users"].pop(), "cut short"),
    (lambda d: d["tables"]["campuses"][0].update(extra=1), "campuses, row 1"),
    (lambda d: d["tables"]["audits"][0].update(created_at="yesterday"), "audits, row 1"),
    (lambda d: d["tables"]["findings"][0].update(space_id=str(uuid.uuid4())), "does not fit together"),
])
async def test_a_broken_archive_is_refused_whole(db, walk, people, make_client, settings, monkeypatch, tmp_path,
                                                 request, change, message):
    await source_data(walk, people, make_client, settings, monkeypatch)
    data = json.loads((await people["admin"].client.get("/api/archive.json")).content)
    change(data)
    async with empty_database(db, tmp_path, request):
        with pytest.raises(Invalid, match=message):
            await import_archive(data)
        assert sum((await counts()).values()) == 0

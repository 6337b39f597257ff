"""Email for the inbox's events, read back from a real SMTP server on 127.0.0.1 (aiosmtpd); a mail server that
is down never fails or undoes a change."""

from __future__ import annotations

import logging
import uuid
from pathlib import Path

import pytest
from mail_sink import free_port

from server import mail
from server.models import Finding
from server.settings import Settings, load_settings

from .finding_steps import make_crew


@pytest.fixture
def smtp_port(sink) -> int:
    return sink[1]


@pytest.fixture
def settings(tmp_path: Path, smtp_port: int) -> Settings:
    return load_settings(
        {
            "SPACES_DATA_DIR": str(tmp_path / "data"),
            "SPACES_UPLOADS_DIR": str(tmp_path / "up"),
            "SPACES_SMTP_HOST": "127.0.0.1",
            "SPACES_SMTP_PORT": str(smtp_port),
            "SPACES_SMTP_STARTTLS": "false",
            "SPACES_SMTP_FROM": "audit@hospital.example",
            "SPACES_PUBLIC_URL": "https://audit.hospital.example",
        }
    )


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


FRAN = "fran.facilities@hospital.example"
CORA, COLM = "cora.committee@hospital.example", "colm.committee@hospital.example"


async def test_assigned_resolved_and_reopened_are_mailed_to_whom_they_concern(crew, sink):
    received, _ = sink
    fid = await crew.raise_finding()
    await crew.bring_to(fid, "assigned")
    await mail.drain()
    [assigned] = received.to(FRAN)
    assert assigned["Subject"] == "Assigned to you: A caricature on the notice board"
    assert assigned["From"] == "audit@hospital.example"
    text = assigned.get_content()
    assert "WLK Walk Hall, floor 1, room 101" in text and f"https://audit.hospital.example/#/findings/{fid}" in text
    await crew.step(fid, "in_progress")
    await crew.step(fid, "resolved")
    await mail.drain()
    waiting = [m["Subject"] for m in received.to(CORA) + received.to(COLM)]
    assert waiting == ["Waiting for verification: A caricature on the notice board"] * 2
    assert len(received.to(FRAN)) == 1  # the resolver is not asked to verify their own work
    await crew.ok("committee", fid, "reopened", note="The frame is still there.")
    await mail.drain()
    reopened = received.to(FRAN)[-1]
    assert reopened["Subject"].startswith("Reopened") and "The frame is still there." in reopened.get_content()
    assert len(received.received) == 4


async def test_a_bulk_assignment_is_one_mail_per_person_and_a_replay_sends_nothing(crew, sink):
    received, _ = sink
    ids = [await crew.raise_finding(f"Portrait {n}") for n in range(3)]
    for fid in ids:
        await crew.step(fid, "accepted")
    key = {"Idempotency-Key": str(uuid.uuid4())}
    body = {"finding_ids": ids, **crew.assign_body()}
    for _ in range(2):
        response = await crew["committee"].post("/api/findings/assignments", json=body, headers=key)
        assert response.status_code == 200
    await mail.drain()
    [only] = received.received
    assert only[0] == [FRAN] and only[1]["Subject"] == "3 findings assigned to you"
    assert all(f"Portrait {n}" in only[1].get_content() for n in range(3))


class TestWhenTheMailServerIsDown:
    @pytest.fixture
    def smtp_port(self) -> int:  # nothing listens there
        return free_port()

    async def test_a_change_still_succeeds_and_the_failure_is_logged(self, crew, caplog):
        fid = await crew.raise_finding()
        with caplog.at_level(logging.WARNING, logger="spaces_audit.mail"):
            await crew.bring_to(fid, "assigned")
            await mail.drain()
        assert (await Finding.get(id=fid)).status == "assigned"
        assert any("Could not send" in r.getMessage() for r in caplog.records)

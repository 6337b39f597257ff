"""Community reports, the committee's side: the list and each report (nothing of the reporter), every move of
the transition table with its event, replies, a report turned into a finding (space, category and photo
carried over) and followed through remediation until the report closes, joins, declines, spam, the committee's
digest (a real SMTP server on 127.0.0.1), the `source` filter, and a community finding in the archive."""

from __future__ import annotations

import asyncio
import csv
import io
import uuid
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from mail_sink import free_port
from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from server import clock, mail
from server.db import tortoise_config
from server.domain.community import mail as community_mail
from server.domain.community.states import today
from server.models import (
    CommunityDigest,
    CommunityEvent,
    CommunityReport,
    Finding,
    FindingEvent,
    Photo,
    ReporterContact,
)
from server.settings import Settings, load_settings, sqlite_url

from .finding_steps import NEXT_WEEK, jpeg, make_crew
from .legacy_rows import AT, ROWS
from .legacy_rows import F1 as ROWS_FINDING
from .legacy_rows import A as ROWS_AUDIT
from .legacy_rows import U as ROWS_USER
from .second_database import counts, empty_database

REPORTER = "reporter.private@mail.example"
CORA, COLM = "cora.committee@hospital.example", "colm.committee@hospital.example"
SAW = "A portrait of the founder who owned enslaved people."
FELT = "I walk past it every day on my way to class."


@pytest.fixture
def settings(tmp_path: Path, sink) -> Settings:
    return load_settings({
        "SPACES_DATA_DIR": str(tmp_path / "data"), "SPACES_UPLOADS_DIR": str(tmp_path / "up"),
        "SPACES_SMTP_HOST": "127.0.0.1", "SPACES_SMTP_PORT": str(sink[1]), "SPACES_SMTP_STARTTLS": "false",
        "SPACES_SMTP_FROM": "audit@hospital.example", "SPACES_PUBLIC_URL": "https://audit.hospital.example",
        "SPACES_COMMUNITY_REPORTS_PER_CLIENT": "1000"})


@dataclass
class Sent:
    id: str
    tracking_code: str
    key: str
    display: str


@dataclass
class Desk:
    """The crew of tests/api/finding_steps.py, a reporter's phone, and the walk's spaces with poster codes."""

    crew: Any
    phone: httpx.AsyncClient
    codes: list[str]

    async def send(self, space: int = 0, *, photo: bool = False, email: str = "", **extra: Any) -> Sent:
        photo_ids = []
        if photo:
            photo_ids = [str(uuid.uuid4())]
            put = await self.phone.put(f"/api/public/photos/{photo_ids[0]}", content=jpeg("navy"),
                                       headers={"content-type": "image/jpeg"})
            assert put.status_code == 201, put.text
        body = {"id": str(uuid.uuid4()), "code": self.codes[space], "category": "portrait", "description": SAW,
                "impact": FELT, "photo_ids": photo_ids, "email": email, "website": "", "lang": "en", **extra}
        response = await self.phone.post("/api/public/reports", json=body)
        assert response.status_code == 201, response.text
        got = response.json()
        return Sent(body["id"], got["tracking_code"], got["key"], got["tracking_code_display"])

    async def follow(self, sent: Sent) -> dict[str, Any]:
        response = await self.phone.post("/api/public/follow", json={"tracking_code": sent.tracking_code,
                                                                      "key": sent.key})
        assert response.status_code == 200, response.text
        return response.json()

    async def act(self, sent: Sent, to: str, who: str = "committee", **body: Any) -> httpx.Response:
        return await self.crew[who].post(f"/api/community/reports/{sent.id}/transitions", json={"to": to, **body})

    async def ok(self, sent: Sent, to: str, who: str = "committee", **body: Any) -> dict[str, Any]:
        response = await self.act(sent, to, who, **body)
        assert response.status_code == 200, (to, response.text)
        return response.json()

    async def show(self, sent: Sent, who: str = "committee") -> dict[str, Any]:
        response = await self.crew[who].get(f"/api/community/reports/{sent.id}")
        assert response.status_code == 200, response.text
        return response.json()


@pytest.fixture
async def desk(walk, people, make_client, settings) -> Desk:
    crew = await make_crew(walk, people, make_client, settings)
    admin = crew["admin"]
    on = await admin.patch(f"/api/campuses/{walk.building['campus']['id']}", json={"community_reports": True})
    assert on.status_code == 200 and on.json()["community_reports"] is True, on.text
    codes = []
    for space in walk.spaces:
        renewed = await admin.post(f"/api/spaces/{space['id']}/public-code", json={})
        assert renewed.status_code == 200, renewed.text
        codes.append(renewed.json()["code"])
    return Desk(crew, make_client(), codes)


def error(response: httpx.Response, status: int, code: str) -> None:
    assert response.status_code == status, response.text
    assert response.json()["error"]["code"] == code, response.text


# The list and each report ---------------------------------------------------------------------------------------

REPORT_FIELDS = {"id", "tracking_code_display", "space", "category", "description", "impact", "status",
                 "received_on", "updated_on", "closed", "decline_reason", "finding", "photos", "messages_count"}


async def test_the_list_and_a_report_show_what_was_seen_and_nothing_of_the_reporter(desk):
    sent = await desk.send(photo=True, email=REPORTER)
    listed = (await desk.crew["committee"].get("/api/community/reports")).json()
    assert listed["total"] == 1 and set(listed["items"][0]) == REPORT_FIELDS
    item = listed["items"][0]
    assert (item["tracking_code_display"], item["category"], item["description"], item["impact"], item["status"]) == (
        sent.display, "portrait", SAW, FELT, "received")
    assert item["space"]["name"] == "Room 1" and item["space"]["building"]["code"] == "WLK"
    assert item["received_on"] == today().isoformat() and item["closed"] is False and item["finding"] is None
    detail = await desk.show(sent)
    assert set(detail) == REPORT_FIELDS | {"messages", "events"}
    assert detail["events"] == [{"from": None, "to": "received", "note": "", "on": today().isoformat(), "by": None}]
    for client in (desk.crew["committee"], desk.crew["admin"]):
        text = (await client.get(f"/api/community/reports/{sent.id}")).text + str(listed)
        assert REPORTER not in text and "email" not in text and sent.key not in text
    image = await desk.crew["committee"].get(item["photos"][0]["urls"]["display"])
    assert image.status_code == 200 and image.headers["content-type"] == "image/jpeg"
    assert image.content.startswith(b"\xff\xd8")
    assert (await desk.crew["committee"].get("/api/community/summary")).json() == {"open": 1, "received": 1}
    for who in ("auditor", "facilities"):
        assert (await desk.crew[who].get("/api/community/reports")).status_code == 403
    error(await desk.crew["committee"].get("/api/community/reports?status=new"), 422, "validation")


# The transition table ------------------------------------------------------------------------------------------

async def test_every_move_of_the_table_writes_its_event_and_every_other_is_refused(desk):
    target = await desk.crew.raise_finding("Portrait in the lobby")
    moves = [("under_review", {}), ("finding", {"title": "Founder's portrait"}), ("joined", {"finding_id": target}),
             ("declined", {"note": "This is a fire safety notice."}), ("spam", {})]
    for to, body in moves:
        sent = await desk.send()
        await desk.ok(sent, "under_review")
        if to != "under_review":
            await desk.ok(sent, to, note=body.pop("note", "Looked at it."), **body)
        events = [(e["from"], e["to"], (e["by"] or {}).get("name")) for e in (await desk.show(sent))["events"]]
        expected = [(None, "received", None), ("received", "under_review", "Cora Committee")]
        assert events == expected + ([] if to == "under_review" else [("under_review", to, "Cora Committee")])
        again = await desk.act(sent, "under_review")
        error(again, 409, "invalid_transition")
    spam = await desk.send()
    assert (await desk.ok(spam, "spam"))["status"] == "spam"  # straight from received
    error(await desk.act(spam, "declined", note="no"), 409, "invalid_transition")
    assert await CommunityEvent.filter(to_status="spam").count() == 2


async def test_a_received_report_passes_through_under_review_and_each_move_checks_its_inputs(desk):
    sent = await desk.send()
    error(await desk.act(sent, "declined"), 422, "validation")  # the reason the reporter will read
    error(await desk.act(sent, "joined"), 422, "validation")
    error(await desk.act(sent, "joined", finding_id=str(uuid.uuid4())), 422, "validation")
    error(await desk.act(sent, "declined", note="x", title="A title"), 422, "validation")
    error(await desk.act(sent, "under_review", who="auditor"), 403, "forbidden")
    assert [e.to_status for e in await CommunityEvent.filter(report_id=sent.id)] == ["received"]
    made = await desk.ok(sent, "finding")
    assert [e["to"] for e in made["events"]] == ["received", "under_review", "finding"]
    assert made["finding"]["title"] == "Portrait or honorific display"  # the category, when no title is given
    done = await Finding.get(id=made["finding"]["id"])
    await desk.crew.bring_to(str(done.id), "verified")
    late = await desk.send()
    error(await desk.act(late, "joined", finding_id=str(done.id)), 422, "validation")  # a closed finding


async def test_two_people_turning_one_report_into_a_finding_make_one(desk):
    sent = await desk.send(photo=True)
    first, second = await asyncio.gather(desk.act(sent, "finding"), desk.act(sent, "finding", who="committee2"))
    assert sorted([first.status_code, second.status_code]) == [200, 409], (first.text, second.text)
    assert await Finding.filter(source="community").count() == 1 and await Photo.all().count() == 1


# Replies, findings, joins, declines, spam ------------------------------------------------------------------------

async def test_a_reply_reaches_the_reporter_and_an_answer_comes_back(desk, sink):
    received, _ = sink
    sent = await desk.send(email=REPORTER)
    message_id = str(uuid.uuid4())
    url = f"/api/community/reports/{sent.id}/messages"
    reply = await desk.crew["committee"].post(url, json={"id": message_id, "text": "Which wall is it on?"})
    assert reply.status_code == 201, reply.text
    assert reply.json()["from"] == "committee" and reply.json()["author"]["name"] == "Cora Committee"
    again = await desk.crew["committee"].post(url, json={"id": message_id, "text": "Which wall is it on?"})
    assert again.status_code == 200 and again.json() == reply.json()
    error(await desk.crew["committee"].post(url, json={"id": message_id, "text": "Other"}), 409, "conflict")
    seen = await desk.follow(sent)
    assert seen["messages"] == [{"from": "committee", "text": "Which wall is it on?", "on": today().isoformat()}]
    assert seen["status"] == "under_review"  # someone is looking at it
    answer = await desk.phone.post("/api/public/follow/messages", json={
        "tracking_code": sent.tracking_code, "key": sent.key, "id": str(uuid.uuid4()), "text": "Beside the lifts."})
    assert answer.status_code == 201, answer.text
    detail = await desk.show(sent)
    assert [(m["from"], m["text"], m["author"]) for m in detail["messages"]][1] == ("reporter", "Beside the lifts.",
                                                                                   None)
    assert detail["messages_count"] == 2
    await mail.drain()
    assert len(received.to(REPORTER)) == 1 and "Which wall" not in received.to(REPORTER)[0].get_content()


async def test_a_finding_made_from_a_report_carries_its_space_category_and_photo(desk):
    sent = await desk.send(space=1, photo=True)
    made = await desk.ok(sent, "finding", title="Founder's portrait", severity="high", remedies=["add_context"],
                         note="Seen it.")
    fid = made["finding"]["id"]
    assert made["status"] == "finding" and made["finding"]["status"] == "open"
    finding = (await desk.crew["committee"].get(f"/api/findings/{fid}")).json()
    assert (finding["source"], finding["audit"], finding["checklist"]) == ("community", None, None)
    assert finding["community_report"] == {"id": sent.id, "tracking_code_display": sent.display}
    assert finding["category"] == {"id": "portrait", "title": "Portrait or honorific display"}
    assert (finding["space"]["name"], finding["severity"], finding["suggested_remedies"]) == (
        "Room 2", "high", ["add_context"])
    assert finding["description"] == SAW and FELT not in str(finding)  # how it affected them stays in the report
    [photo] = finding["photos"]["evidence"]
    assert photo["uploaded_by"]["name"] == "Cora Committee" and photo["taken_at"] is None
    reporter_photo = (await desk.show(sent))["photos"][0]
    mine = await desk.crew["committee"].get(photo["urls"]["evidence"])
    assert mine.content == (await desk.crew["committee"].get(reporter_photo["urls"]["evidence"])).content
    [first] = [e for e in finding["timeline"] if e["type"] == "event"]
    assert first["note"] == f"From community report {sent.display}" and first["photo_ids"] == [photo["id"]]
    listed = (await desk.crew["committee"].get("/api/findings?source=community")).json()["items"]
    assert [(i["id"], i["audit"], i["community_report"]["tracking_code_display"]) for i in listed] == [
        (fid, None, sent.display)]
    # The walk's people do not see it (it has no audit), nor can they add evidence to it or withdraw it.
    assert (await desk.crew["auditor"].get(f"/api/findings/{fid}")).status_code == 404
    assert (await desk.crew["facilities"].get(f"/api/findings/{fid}")).status_code == 404
    upload = await desk.crew["admin"].put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": fid},
                                          content=jpeg())
    error(upload, 403, "forbidden")
    error(await desk.crew["admin"].delete(f"/api/findings/{fid}"), 409, "finding_triaged")
    assert (await desk.follow(sent))["status"] == "finding"


async def test_a_community_finding_remedied_to_verified_closes_its_report(desk, sink):
    received, _ = sink
    sent = await desk.send(photo=True, email=REPORTER)
    joined = await desk.send(space=0, email="second.reporter@mail.example")
    fid = (await desk.ok(sent, "finding"))["finding"]["id"]
    await desk.ok(joined, "joined", finding_id=fid)
    crew = desk.crew
    await crew.ok("committee", fid, "accepted", remedy="remove")
    await crew.ok("committee", fid, "assigned", assignee_id=crew.ids["facilities"], due_date=NEXT_WEEK)
    assert (await crew["facilities"].get(f"/api/findings/{fid}")).status_code == 200  # now it is theirs
    await crew.ok("facilities", fid, "in_progress")
    after = await crew.after_photo(fid)
    assert after.status_code == 201, after.text
    await crew.ok("facilities", fid, "resolved", photo_ids=[after.json()["id"]])
    assert await ReporterContact.all().count() == 2
    assert not (await desk.follow(sent))["closed"]
    await crew.ok("committee", fid, "verified")
    for report in (sent, joined):
        seen = await desk.follow(report)
        assert seen["closed"] is True and seen["progress"][-1] == {"step": "verified", "on": today().isoformat()}
        assert seen["email_on_file"] is False
        detail = await desk.show(report)
        assert detail["closed"] and detail["events"][-1]["note"] == "Closed: its finding was verified fixed."
    assert await ReporterContact.all().count() == 0
    await mail.drain()
    assert len(received.to(REPORTER)) == 2  # it became a finding; it was verified
    assert len(received.to("second.reporter@mail.example")) == 2  # it joined a finding; verified
    error(await crew["committee"].post(f"/api/community/reports/{sent.id}/messages",
                                       json={"id": str(uuid.uuid4()), "text": "Thanks"}), 409, "report_closed")
    events = await FindingEvent.filter(finding_id=fid).order_by("id").values_list("to_status", flat=True)
    assert events == ["open", "accepted", "assigned", "in_progress", "resolved", "verified"]


async def test_a_declined_report_gives_its_reason_and_forgets_the_address(desk, sink):
    received, _ = sink
    sent = await desk.send(email=REPORTER)
    shown = await desk.ok(sent, "declined", note="This portrait was already replaced last month.")
    assert shown["closed"] and shown["decline_reason"] == "This portrait was already replaced last month."
    seen = await desk.follow(sent)
    assert (seen["status"], seen["closed"], seen["decline_reason"]) == (
        "declined", True, "This portrait was already replaced last month.")
    assert not await ReporterContact.exists(report_id=sent.id)
    await mail.drain()
    assert len(received.to(REPORTER)) == 1  # the last notice went out before the address was deleted


async def test_spam_is_hidden_from_lists_and_counts_and_never_answered(desk, sink):
    received, _ = sink
    kept, spam = await desk.send(), await desk.send(email=REPORTER)
    await desk.ok(spam, "spam")
    committee = desk.crew["committee"]
    for show, expected in (("open", [kept.id]), ("all", [kept.id]), ("spam", [spam.id]), ("closed", [])):
        listed = (await committee.get(f"/api/community/reports?status={show}")).json()
        assert [i["id"] for i in listed["items"]] == expected and listed["total"] == len(expected), show
    assert (await committee.get("/api/community/summary")).json() == {"open": 1, "received": 1}
    assert (await desk.follow(spam))["status"] == "closed"
    assert not await ReporterContact.exists(report_id=spam.id)
    await mail.drain()
    assert received.to(REPORTER) == []


# The committee's digest ------------------------------------------------------------------------------------------

async def test_the_daily_digest_goes_out_once_with_counts_and_places_only(desk, sink, settings, monkeypatch):
    received, _ = sink
    reports = [await desk.send(space=i % 2, photo=i == 0, email=REPORTER) for i in range(3)]
    await desk.ok(reports[2], "spam")
    now = clock.now()
    await CommunityReport.filter(id__in=[r.id for r in reports]).update(received_on=today() - timedelta(days=2))
    monkeypatch.setattr(clock, "now", lambda: now - timedelta(days=1))  # yesterday's digest
    assert sorted(await asyncio.gather(*(community_mail.run_once(settings) for _ in range(3)))) == [0, 0, 2]
    for person in (CORA, COLM):  # the committee, once each (two of them)
        [digest] = received.to(person)
        text = digest.get_content()
        assert digest["Subject"] == "Community reports: 2 new"
        assert "WLK Walk Hall, floor 1, room 101 (Room 1): A portrait or honorific display" in text
        assert "room 102 (Room 2)" in text and "https://audit.hospital.example/#/community" in text
        assert "Reports waiting for the committee now: 2." in text
        assert SAW not in text and FELT not in text and REPORTER not in text
    assert received.to("ada.admin@hospital.example") == [] and len(received.received) == 2
    assert await community_mail.run_once(settings) == 0  # the same day: nothing more
    monkeypatch.undo()
    # Today's digest covers what came after yesterday's: the report received yesterday.
    newer = await desk.send()
    await CommunityReport.filter(id=newer.id).update(received_on=today() - timedelta(days=1))
    assert await community_mail.run_once(settings) == 2
    assert received.to(CORA)[-1]["Subject"] == "Community reports: 1 new"
    assert await CommunityDigest.all().order_by("on").values_list("reports", flat=True) == [2, 1]


async def test_each_report_mailed_once_or_none_at_all(desk, sink, settings):
    received, _ = sink
    each, off = replace(settings, community_digest="each"), replace(settings, community_digest="off")
    await desk.send()
    assert await community_mail.run_once(off) == 0 and received.received == []
    assert sum(await asyncio.gather(community_mail.run_once(each), community_mail.run_once(each))) == 2
    await desk.send(space=1)
    assert await community_mail.run_once(each) == 2 and await community_mail.run_once(each) == 0
    assert [m["Subject"] for m in received.to(CORA)] == ["Community reports: 1 new"] * 2


async def test_a_mail_server_that_is_down_delays_the_digest_and_blocks_nothing(desk, settings):
    sent = await desk.send()
    await CommunityReport.filter(id=sent.id).update(received_on=today() - timedelta(days=1))
    down = replace(settings, smtp=replace(settings.smtp, port=free_port()))
    assert await community_mail.run_once(down) == 0
    assert not await CommunityDigest.exists()  # released: the next look tries again
    assert (await desk.ok(sent, "under_review"))["status"] == "under_review"


# Where findings came from: the source filter ---------------------------------------------------------------------

async def test_the_source_filter_on_the_list_the_dashboard_and_the_csv(desk):
    walk_id = await desk.crew.raise_finding("A caricature in the corridor")
    community_id = (await desk.ok(await desk.send(), "finding"))["finding"]["id"]
    committee = desk.crew["committee"]
    for source, expected in (("walk", [walk_id]), ("community", [community_id]), ("", [community_id, walk_id])):
        items = (await committee.get(f"/api/findings?source={source}")).json()["items"]
        assert sorted(i["id"] for i in items) == sorted(expected), source
        assert all(i["source"] == source for i in items if source)
    error(await committee.get("/api/findings?source=phone"), 422, "validation")
    board = (await committee.get("/api/dashboard")).json()
    assert [(b["source"], b["count"]) for b in board["by_source"]] == [("walk", 1), ("community", 1)]
    [community] = [c for c in board["by_category"] if c["checklist"] is None]
    assert community["section"] == {"id": "portrait", "title": "Portrait or honorific display"}
    behind = (await committee.get(f"/api/findings?{community['query']}")).json()["items"]
    assert [i["id"] for i in behind] == [community_id]
    only = (await committee.get("/api/dashboard?source=community")).json()
    assert only["total"]["count"] == 1 and only["filters"]["source"] == "community" and only["trend_by_cycle"] == []
    rows = list(csv.DictReader(io.StringIO((await committee.get("/api/reports/findings.csv?source=community"))
                                           .content.decode("utf-8-sig"))))
    assert [(r["id"], r["source"], r["audit_id"], r["checklist"], r["section"]) for r in rows] == [
        (community_id, "community", "", "", "portrait")]
    walked = (await committee.get("/api/reports/findings.csv?source=walk")).content.decode("utf-8-sig")
    assert walk_id in walked and community_id not in walked


# A community finding in the archive ------------------------------------------------------------------------------

async def test_a_community_finding_and_its_report_survive_the_archive(db, desk, tmp_path, request):
    sent = await desk.send(photo=True, email=REPORTER)
    fid = (await desk.ok(sent, "finding"))["finding"]["id"]
    await desk.crew["committee"].post(f"/api/community/reports/{sent.id}/messages",
                                      json={"id": str(uuid.uuid4()), "text": "Thank you."})
    before = await counts()
    data = (await desk.crew["admin"].get("/api/archive.json")).json()
    assert all(before[name] for name in ("space_codes", "community_reports", "community_photos",
                                         "community_messages", "community_events"))
    assert REPORTER not in str(data) and "reporter_contacts" not in data["tables"]
    async with empty_database(db, tmp_path, request):
        from server.domain.maintenance.archive import import_archive

        assert await import_archive(data) == before
        finding = await Finding.get(id=fid)
        assert (finding.audit_id, finding.source) == (None, "community")  # type: ignore[attr-defined]
        report = await CommunityReport.get(id=sent.id)
        assert str(report.finding_id) == fid and report.tracking_code == sent.tracking_code  # type: ignore[attr-defined]


# Migration 0009 on a database that holds findings --------------------------------------------------------------

async def _through_0009(url: str, label: str) -> dict[str, Any]:
    """Findings with an event, a comment and a photo recorded before 0009, then 0009 (findings.audit_id becomes
    nullable: on SQLite the findings table is rebuilt)."""
    user, finding = ROWS_USER, ROWS_FINDING
    rows = [*ROWS,
            f"INSERT INTO finding_events (finding_id, actor_id, at, from_status, to_status, note, photo_ids, changes) "
            f"VALUES ('{finding}', '{user}', {AT}, NULL, 'open', '', '[]', '{{}}')",
            f"INSERT INTO finding_comments (id, finding_id, author_id, text, at) VALUES ('{uuid.uuid4()}', "
            f"'{finding}', '{user}', 'Kept?', {AT})",
            f"INSERT INTO photos (id, finding_id, kind, upload_sha256, evidence, display, thumb, width, height, "
            f"caption, uploaded_by_id, created_at) VALUES ('{uuid.uuid4()}', '{finding}', 'evidence', 'x', 'e', 'd', "
            f"'t', 1, 1, '', '{user}', {AT})"]
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url, label))
        apps, conn = tortoise_config(url, label)["apps"], ctx.connections.get(label)
        await MigrationExecutor(conn, apps).migrate([MigrationTarget("models", "0008_community")])
        for sql in rows:
            await conn.execute_script(sql)
        await MigrationExecutor(conn, apps).migrate()
        out = {}
        for table in ("findings", "finding_events", "finding_comments", "photos"):
            out[table] = (await conn.execute_query(f"SELECT COUNT(*) AS n FROM {table}"))[1][0]["n"]
        _, found = await conn.execute_query("SELECT source, audit_id FROM findings")
        out["finding"] = (found[0]["source"], str(found[0]["audit_id"]))
        index = ("SELECT name, sql AS def FROM sqlite_master WHERE type = 'index' AND tbl_name = 'findings'"
                 if conn.capabilities.dialect == "sqlite"
                 else "SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'findings'")
        # The index on status alone (later migrations add others that start with status).
        out["indexes"] = sorted(r["name"] for r in (await conn.execute_query(index))[1]
                                if (r["def"] or "").replace('"', "").endswith("(status)"))
        return out


EXPECTED_AFTER_0009 = {"findings": 2, "finding_events": 1, "finding_comments": 1, "photos": 2,
                       "indexes": ["idx_findings_status_ca3eae"]}


async def test_findings_keep_their_history_comments_and_photos_through_0009_on_sqlite(tmp_path: Path):
    found = await _through_0009(sqlite_url(tmp_path / "m.sqlite3"), "default")
    assert found == {**EXPECTED_AFTER_0009, "finding": ("walk", ROWS_AUDIT)}


async def test_findings_keep_their_history_comments_and_photos_through_0009_on_postgres(empty_postgres):
    found = await _through_0009(empty_postgres.url, "pgmig")
    assert found == {**EXPECTED_AFTER_0009, "finding": ("walk", ROWS_AUDIT)}

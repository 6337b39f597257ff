"""Community reports, the reporter's side: a poster's code, a photo, a report, its follow-up, messages and an
address for updates -- and every named piece of bad input, each answered in the reporter's language."""

from __future__ import annotations

import asyncio
import email.policy
import hashlib
import io
import logging
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import api_contract
import httpx
import pytest
from conftest import ORIGIN
from fpdf import FPDF
from mail_sink import Sink, smtp_server
from PIL import Image
from testdata import PHOTOS

from server import clock, mail
from server.api import public as public_api
from server.app import create_app
from server.domain.community import codes, limits
from server.domain.community.public import purge_photos
from server.domain.community.reporter_mail import notify_reporter
from server.domain.sites.registry import save_building, save_campus, save_space
from server.housekeeping import purge
from server.models import (
    CommunityEvent,
    CommunityMessage,
    CommunityPhoto,
    CommunityReport,
    DailyKey,
    Finding,
    FindingEvent,
    RateCount,
    ReporterContact,
)
from server.photos import PhotoStore
from server.settings import Settings

ADDRESS = "198.51.100.23"
SPANISH = {"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}
GPS_PHOTO = PHOTOS / "32-lens_data.jpeg"  # a real camera's JPEG carrying GPS EXIF (MANIFEST.tsv)


@dataclass
class Place:
    space_id: str
    building_id: str
    campus_id: str
    code: str


@pytest.fixture
async def place(db) -> Place:
    campus = await save_campus("Longwood", community_reports=True)
    building = await save_building({"campus_id": campus.id, "code": "ALD", "name": "Alden Hall"})
    space = await save_space({"building_id": building.id, "floor": "2", "room_number": "201",
                              "name": "Founders Amphitheater", "kind": "lecture_hall"})
    return Place(str(space.id), str(building.id), str(campus.id), await codes.ensure_code(space))


@pytest.fixture
def phone(settings: Settings) -> Callable[..., httpx.AsyncClient]:
    """A phone at an address of our choosing (the server sees it as the client), on an app with these settings."""
    apps: dict[int, Any] = {}
    clients: list[httpx.AsyncClient] = []

    def make(address: str = ADDRESS, headers: dict[str, str] | None = None, app_settings: Settings | None = None):
        chosen = app_settings or settings
        app = apps.setdefault(id(chosen), create_app(chosen, manage_db=False))
        client = httpx.AsyncClient(transport=httpx.ASGITransport(app=app, client=(address, 51000)), base_url=ORIGIN,
                                   headers=headers or {}, event_hooks=api_contract.EVENT_HOOKS)
        clients.append(client)
        return client

    return make


def report_body(place: Place, **extra: Any) -> dict[str, Any]:
    return {"id": str(uuid.uuid4()), "code": place.code, "category": "portrait",
            "description": "A wall of portraits of founders, all white men.", "impact": "I felt I did not belong.",
            "photo_ids": [], "email": "", "website": "", **extra}  # no lang: Accept-Language decides


async def send(client: httpx.AsyncClient, place: Place, **extra: Any) -> dict[str, Any]:
    response = await client.post("/api/public/reports", json=report_body(place, **extra))
    assert response.status_code == 201, response.text
    return response.json()


def error(response: httpx.Response, status: int, code: str) -> str:
    assert response.status_code == status, response.text
    body = response.json()["error"]
    assert body["code"] == code, body
    return body["message"]


def with_limits(settings: Settings, **values: int) -> Settings:
    return replace(settings, **{f"community_{k}": v for k, v in values.items()})


# The poster's code -----------------------------------------------------------------------------------------

async def test_a_code_names_its_space_typed_any_way(place, phone):
    client = phone()
    for typed in (place.code, place.code.lower(), codes.display(place.code), f" {place.code[:3]} {place.code[3:]} "):
        response = await client.get(f"/api/public/spaces/{typed}")
        assert response.status_code == 200, (typed, response.text)
        assert response.json() == {
            "code": place.code, "code_display": codes.display(place.code), "accepting": True,
            "space": {"name": "Founders Amphitheater", "floor": "2", "room_number": "201", "building": "Alden Hall",
                      "campus": "Longwood"}}
    assert re.fullmatch(r"[ACDEFHJKMNPRTUVWXY3479]{6}", place.code)
    assert "set-cookie" not in response.headers
    assert response.headers["cache-control"] == "no-store"


async def test_an_unknown_and_a_renewed_code_say_which_in_the_readers_language(place, phone):
    client = phone()
    assert "no space with this code" in error(await client.get("/api/public/spaces/AAAAAA"), 404, "unknown_code")
    assert "No hay ningún espacio" in error(await client.get("/api/public/spaces/0O0", headers=SPANISH), 404,
                                           "unknown_code")
    new = await codes.renew(place.space_id)
    assert new != place.code and await codes.current_code(place.space_id) == new
    message = error(await client.get(f"/api/public/spaces/{place.code}", headers=SPANISH), 404, "code_retired")
    assert message.startswith("Este código ya no es válido: el cartel está desactualizado.")
    assert "poster is out of date" in error(await client.get(f"/api/public/spaces/{place.code}?lang=en",
                                                             headers=SPANISH), 404, "code_retired")
    refused = await client.post("/api/public/reports", json=report_body(place, lang="es"))
    assert "el cartel está desactualizado" in error(refused, 404, "code_retired")
    assert (await client.get(f"/api/public/spaces/{new}")).status_code == 200
    assert await CommunityReport.all().count() == 0


async def test_reports_off_for_the_building_is_said_and_nothing_is_stored(place, phone):
    client = phone()
    building = await save_building({"community_reports": False}, await _building(place))
    assert (await client.get(f"/api/public/spaces/{place.code}")).json()["accepting"] is False
    refused = await client.post("/api/public/reports", json=report_body(place, lang="es"))
    assert error(refused, 403, "reports_off") == "En este momento no se reciben reportes para este edificio."
    await save_building({"community_reports": None}, building)  # as the campus says: on
    assert (await client.get(f"/api/public/spaces/{place.code}")).json()["accepting"] is True
    await save_campus(None, await building.campus, community_reports=False)
    assert (await client.get(f"/api/public/spaces/{place.code}")).json()["accepting"] is False
    assert await CommunityReport.all().count() == 0 and await RateCount.all().count() == 0


async def _building(place: Place):
    from server.models import Building

    return await Building.get(id=place.building_id)


# Sending a report ------------------------------------------------------------------------------------------

async def test_a_report_with_a_photo_is_received_and_its_key_is_kept_only_as_a_hash(place, phone, settings):
    client = phone()
    photo_id, data = str(uuid.uuid4()), GPS_PHOTO.read_bytes()
    put = await client.put(f"/api/public/photos/{photo_id}", content=data, headers={"content-type": "image/jpeg"})
    assert put.status_code == 201 and put.json() == {"id": photo_id}
    again = await client.put(f"/api/public/photos/{photo_id}", content=data, headers={"content-type": "image/jpeg"})
    assert again.status_code == 200  # the page retried: the same photo
    other = (PHOTOS / "Landscape_1.jpg").read_bytes()
    assert error(await client.put(f"/api/public/photos/{photo_id}", content=other), 409, "conflict")

    sent = await send(client, place, photo_ids=[photo_id], email="Reporter@Example.org")
    assert re.fullmatch(r"[ACDEFHJKMNPRTUVWXY3479]{9}", sent["tracking_code"])
    assert sent["tracking_code_display"] == codes.display(sent["tracking_code"])
    assert re.fullmatch(r"[a-z2-7]{26}", sent["key"])
    assert sent["follow_url"] == f"/follow#{sent['tracking_code']}.{sent['key']}"

    report = await CommunityReport.get(tracking_code=sent["tracking_code"])
    assert report.key_hash == hashlib.sha256(sent["key"].encode()).hexdigest()
    assert sent["key"] not in str(await CommunityReport.filter(id=report.id).values())
    assert (report.status, report.category, report.lang, report.received_on) == ("received", "portrait", "en",
                                                                                   clock.now().date())
    photo = await CommunityPhoto.get(id=photo_id)
    assert str(photo.report_id) == str(report.id)
    stored = Image.open(io.BytesIO(await PhotoStore(settings.uploads_dir).read(photo.evidence)))
    assert not stored.getexif() and "exif" not in stored.info  # no GPS, no camera, no capture time
    assert [(e.from_status, e.to_status, e.actor_id) for e in await CommunityEvent.filter(report_id=report.id)] \
        == [(None, "received", None)]
    assert (await ReporterContact.get(report_id=report.id)).email == "reporter@example.org"

    twice = await client.post("/api/public/reports", json={**report_body(place), "id": str(report.id)})
    assert "cannot be shown again" in error(twice, 409, "already_sent")
    stolen = await client.post("/api/public/reports", json=report_body(place, photo_ids=[photo_id]))
    assert error(stolen, 422, "photo_missing")  # a photo already in a report is not another report's


async def test_the_honeypot_empty_reports_and_long_text_are_refused_storing_nothing(place, phone):
    client = phone(headers=SPANISH)
    trapped = await client.post("/api/public/reports", json=report_body(place, website="http://spam.example"))
    assert error(trapped, 422, "rejected") == "No se pudo aceptar este reporte."
    empty = await client.post("/api/public/reports", json=report_body(place, description="  ", impact="Sad."))
    assert error(empty, 422, "empty_report") == "Describa lo que vio o agregue una foto antes de enviar."
    long = await client.post("/api/public/reports", json=report_body(place, description="x" * 4001, lang="es"))
    assert error(long, 422, "too_long") == "La descripción es demasiado larga: como máximo 4000 caracteres."
    assert "at most 4000" in error(await client.post("/api/public/reports", json=report_body(
        place, impact="y" * 4001, lang="en")), 422, "too_long")
    bad_mail = await client.post("/api/public/reports", json=report_body(place, email="not an address"))
    assert "correo no parece correcta" in error(bad_mail, 422, "validation")
    unknown = await client.post("/api/public/reports", json=report_body(place, category="graffiti"))
    assert error(unknown, 422, "validation").startswith("Elija qué vio")
    assert await CommunityReport.all().count() == 0 and await RateCount.all().count() == 0


async def test_a_ten_megabyte_description_is_refused_before_it_is_read(place, phone):
    body = report_body(place, description="x" * (10 * 1024 * 1024))
    english = await phone().post("/api/public/reports", json=body)
    assert error(english, 413, "too_large") == ("What you sent is too long: at most 256 KB in all. Shorten the text "
                                                "and try again.")
    spanish = await phone(headers=SPANISH).post("/api/public/reports", json=body)
    assert error(spanish, 413, "too_large").startswith("Lo que envió es demasiado largo: como máximo 256 KB")
    surrogate = await phone(headers=SPANISH).post(
        "/api/public/reports", content=b'{"description": "\\ud800"}', headers={"content-type": "application/json"})
    assert error(surrogate, 422, "validation").startswith("Una parte del formulario no es válida")
    assert await CommunityReport.all().count() == 0


def _pdf() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


@pytest.mark.parametrize(("name", "media_type"), [("evil.svg", "image/svg+xml"), ("a PDF", "application/pdf"),
                                                  ("evil.jpg", "image/jpeg"), ("truncated_jpeg.jpg", "image/jpeg")])
async def test_a_pdf_svg_or_damaged_file_is_not_a_photo(place, phone, name, media_type):
    data = _pdf() if name == "a PDF" else (PHOTOS / name).read_bytes()
    response = await phone(headers=SPANISH).put(f"/api/public/photos/{uuid.uuid4()}", content=data,
                                                headers={"content-type": media_type})
    assert response.status_code in (415, 422), response.text
    message = response.json()["error"]["message"]
    assert message.startswith(("Este archivo no es una foto", "No se pudo leer la foto")), message
    assert await CommunityPhoto.all().count() == 0


async def test_a_photo_over_the_size_limit_is_refused_in_words(place, phone, settings):
    small = replace(settings, max_upload_mb=1)
    response = await phone(headers=SPANISH, app_settings=small).put(
        f"/api/public/photos/{uuid.uuid4()}", content=b"\xff" * (1024 * 1024 + 1),
        headers={"content-type": "image/jpeg"})
    assert error(response, 413, "too_large") == "La foto es demasiado grande: como máximo 1 MB."


# Following it up -------------------------------------------------------------------------------------------

async def test_the_follow_up_shows_the_report_without_a_trace_of_the_committee(place, phone, people):
    client = phone()
    sent = await send(client, place, email="r@example.org")
    report = await CommunityReport.get(tracking_code=sent["tracking_code"])
    await CommunityMessage.create(id=uuid.uuid4(), report=report, sender="committee", author=people["committee"].user,
                                  text="Which wall is it?", on=clock.now().date(), position=1)
    typed = sent["tracking_code_display"].lower()  # read from a phone, typed on another
    followed = await client.post("/api/public/follow", json={"tracking_code": typed, "key": sent["key"].upper()})
    assert followed.status_code == 200, followed.text
    today = clock.now().date().isoformat()
    assert followed.json() == {
        "tracking_code_display": sent["tracking_code_display"],
        "space": {"name": "Founders Amphitheater", "floor": "2", "room_number": "201", "building": "Alden Hall",
                  "campus": "Longwood"},
        "category": "portrait", "received_on": today, "status": "received", "closed": False, "decline_reason": "",
        "progress": [{"step": "received", "on": today}],
        "messages": [{"from": "committee", "text": "Which wall is it?", "on": today}], "email_on_file": True}
    assert "Cora" not in followed.text and "set-cookie" not in followed.headers


async def test_a_wrong_key_and_a_wrong_code_get_the_same_answer(place, phone):
    client = phone()
    mine, theirs = await send(client, place), await send(client, place)
    answers = [await client.post("/api/public/follow", json={"tracking_code": code, "key": key}) for code, key in (
        (mine["tracking_code"], theirs["key"]),  # a follow-up key for another report
        (mine["tracking_code"], "a" * 26),
        ("AAAAAAAAA", mine["key"]),
        ("", ""))]
    assert {(a.status_code, a.text) for a in answers} == {(404, answers[0].text)}
    assert error(answers[0], 404, "not_found").startswith("No report matches this tracking code and key.")
    message = await client.post("/api/public/follow/messages", json={"tracking_code": mine["tracking_code"],
                                                                     "key": theirs["key"], "id": str(uuid.uuid4()),
                                                                     "text": "Hello"})
    assert message.status_code == 404 and await CommunityMessage.all().count() == 0


async def test_guessing_is_limited_per_address_and_the_count_names_nobody(place, phone, settings):
    few = with_limits(settings, follow_failures_per_client=3)
    guesser, other = phone(app_settings=few, headers=SPANISH), phone("203.0.113.9", app_settings=few)
    sent = await send(other, place)
    for _ in range(3):
        assert (await guesser.post("/api/public/follow", json={"tracking_code": sent["tracking_code"],
                                                               "key": "b" * 26})).status_code == 404
    right = {"tracking_code": sent["tracking_code"], "key": sent["key"]}
    refused = await guesser.post("/api/public/follow", json=right)
    assert error(refused, 429, "rate_limited").startswith("Ha habido demasiados intentos")
    assert 0 < int(refused.headers["retry-after"]) <= 86401
    assert (await other.post("/api/public/follow", json=right)).status_code == 200  # another address is not held
    buckets = await RateCount.all().values_list("bucket", flat=True)
    assert all(ADDRESS not in b and "203.0.113.9" not in b for b in buckets)
    key = bytes.fromhex((await DailyKey.get(day=clock.now().date())).key)
    assert len(key) == 32


async def test_messages_replay_conflict_and_a_closed_report(place, phone):
    client = phone(headers=SPANISH)
    sent = await send(client, place)
    who = {"tracking_code": sent["tracking_code"], "key": sent["key"]}
    first = {**who, "id": str(uuid.uuid4()), "text": "  It is on the second floor, by the stairs.  "}
    created = await client.post("/api/public/follow/messages", json=first)
    assert created.status_code == 201, created.text
    assert created.json()["from"] == "reporter" and created.json()["text"] == first["text"].strip()
    assert (await client.post("/api/public/follow/messages", json=first)).status_code == 200
    changed = await client.post("/api/public/follow/messages", json={**first, "text": "Something else"})
    assert error(changed, 409, "conflict")
    empty = await client.post("/api/public/follow/messages", json={**who, "id": str(uuid.uuid4()), "text": " "})
    assert error(empty, 422, "validation") == "Escriba un mensaje antes de enviarlo."
    await client.post("/api/public/follow/messages", json={**who, "id": str(uuid.uuid4()), "text": "And a plaque."})
    followed = (await client.post("/api/public/follow", json=who)).json()
    assert [m["text"] for m in followed["messages"]] == ["It is on the second floor, by the stairs.", "And a plaque."]
    assert [m.position for m in await CommunityMessage.all().order_by("position")] == [1, 2]

    await CommunityReport.filter(tracking_code=sent["tracking_code"]).update(
        status="declined", decline_reason="This portrait was already moved.", closed_on=clock.now().date())
    closed = await client.post("/api/public/follow/messages", json={**who, "id": str(uuid.uuid4()), "text": "Why?"})
    assert error(closed, 409, "report_closed") == "Este reporte está cerrado: ya no admite mensajes."
    followed = (await client.post("/api/public/follow", json=who)).json()
    assert (followed["status"], followed["closed"], followed["decline_reason"]) == (
        "declined", True, "This portrait was already moved.")


async def test_spam_reads_as_closed(place, phone):
    client = phone()
    sent = await send(client, place)
    await CommunityReport.filter(tracking_code=sent["tracking_code"]).update(status="spam",
                                                                              closed_on=clock.now().date())
    followed = (await client.post("/api/public/follow", json={"tracking_code": sent["tracking_code"],
                                                              "key": sent["key"]})).json()
    assert (followed["status"], followed["closed"]) == ("closed", True)
    assert "spam" not in str(followed)


async def test_an_address_for_updates_is_set_replaced_and_deleted(place, phone):
    client = phone(headers=SPANISH)
    sent = await send(client, place)
    who = {"tracking_code": sent["tracking_code"], "key": sent["key"]}
    bad = await client.post("/api/public/follow/email", json={**who, "email": "nope"})
    assert error(bad, 422, "validation").startswith("Esta dirección de correo no parece correcta")
    for address in ("first@example.org", "second@example.org"):
        assert (await client.post("/api/public/follow/email", json={**who, "email": address})).status_code == 204
    assert [c.email for c in await ReporterContact.all()] == ["second@example.org"]
    assert (await client.post("/api/public/follow", json=who)).json()["email_on_file"] is True
    assert await CommunityEvent.all().count() == 1  # the committee cannot tell an address was left
    assert (await client.post("/api/public/follow/email/delete", json=who)).status_code == 204
    assert await ReporterContact.all().count() == 0
    assert (await client.post("/api/public/follow", json=who)).json()["email_on_file"] is False
    await CommunityReport.all().update(status="declined", closed_on=clock.now().date())
    closed = await client.post("/api/public/follow/email", json={**who, "email": "third@example.org"})
    assert error(closed, 409, "report_closed") == "Este reporte está cerrado: ya no se enviarán novedades."


# Progress once it is a finding -------------------------------------------------------------------------------

async def _finding(place: Place, people, *moves: tuple[str, date, str]) -> Finding:
    finding = await Finding.create(id=uuid.uuid4(), audit=None, source="community", space_id=place.space_id,
                                   title="Founders wall", severity="medium", created_by=people["committee"].user)
    previous = None
    for to, day, note in (("open", moves[0][1], ""), *moves):
        await FindingEvent.create(finding=finding, actor=people["committee"].user, from_status=previous, to_status=to,
                                  note=note, at=datetime.combine(day, datetime.min.time(), tzinfo=UTC))
        previous = to
    await Finding.filter(id=finding.id).update(status=previous)
    return finding


async def test_progress_follows_the_finding_to_verified_fixed(place, phone, people):
    client = phone()
    sent = await send(client, place)
    report = await CommunityReport.get(tracking_code=sent["tracking_code"])
    d = [date(2030, 1, n) for n in range(1, 9)]
    finding = await _finding(place, people, ("accepted", d[2], ""), ("assigned", d[3], ""), ("in_progress", d[4], ""),
                             ("resolved", d[5], ""), ("reopened", d[6], "Still there."), ("assigned", d[6], ""),
                             ("resolved", d[7], ""), ("verified", d[7], ""))
    await CommunityReport.filter(id=report.id).update(status="finding", finding_id=finding.id, received_on=d[0])
    await CommunityEvent.filter(report_id=report.id).update(on=d[0])
    await CommunityEvent.create(report=report, from_status="received", to_status="under_review", on=d[1])
    await CommunityEvent.create(report=report, from_status="under_review", to_status="finding", on=d[2])
    followed = (await client.post("/api/public/follow", json={"tracking_code": sent["tracking_code"],
                                                              "key": sent["key"]})).json()
    assert [(p["step"], p["on"]) for p in followed["progress"]] == [
        ("received", "2030-01-01"), ("under_review", "2030-01-02"), ("finding", "2030-01-03"),
        ("accepted", "2030-01-03"), ("being_fixed", "2030-01-04"), ("fixed", "2030-01-06"),
        ("being_fixed", "2030-01-07"), ("fixed", "2030-01-08"), ("verified", "2030-01-08")]


async def test_a_joined_report_starts_where_the_finding_stood_and_follows_a_duplicate(place, phone, people):
    client = phone()
    sent = await send(client, place)
    report = await CommunityReport.get(tracking_code=sent["tracking_code"])
    d = [date(2030, 2, n) for n in range(1, 9)]
    original = await _finding(place, people, ("accepted", d[0], ""), ("assigned", d[1], ""), ("resolved", d[6], ""))
    joined = await _finding(place, people, ("accepted", d[0], ""), ("duplicate", d[4], ""))
    await Finding.filter(id=joined.id).update(duplicate_of_id=original.id)
    await CommunityReport.filter(id=report.id).update(status="joined", finding_id=joined.id, closed_on=d[4])
    await CommunityEvent.filter(report_id=report.id).update(on=d[2])
    await CommunityEvent.create(report=report, from_status="received", to_status="under_review", on=d[3])
    await CommunityEvent.create(report=report, from_status="under_review", to_status="joined", on=d[3])
    await CommunityEvent.create(report=report, from_status="joined", to_status="joined", note="Closed.", on=d[4])
    followed = (await client.post("/api/public/follow", json={"tracking_code": sent["tracking_code"],
                                                              "key": sent["key"]})).json()
    assert [(p["step"], p["on"]) for p in followed["progress"]] == [
        ("received", "2030-02-03"), ("under_review", "2030-02-04"), ("joined", "2030-02-04"),
        ("accepted", "2030-02-04"), ("being_fixed", "2030-02-05"), ("fixed", "2030-02-07")]
    assert followed["closed"] is True


async def test_a_declined_finding_gives_its_reason(place, phone, people):
    client = phone()
    sent = await send(client, place)
    finding = await _finding(place, people, ("declined", date(2030, 3, 2), "Kept with a new plaque of context."))
    await CommunityReport.filter(tracking_code=sent["tracking_code"]).update(status="finding", finding_id=finding.id)
    followed = (await client.post("/api/public/follow", json={"tracking_code": sent["tracking_code"],
                                                              "key": sent["key"]})).json()
    assert followed["progress"][-1]["step"] == "finding_declined"
    assert followed["decline_reason"] == "Kept with a new plaque of context."


# Limits ------------------------------------------------------------------------------------------------------

async def test_reports_are_limited_per_address_per_space_and_overall(place, phone, settings):
    capped = with_limits(settings, reports_per_client=2, reports_per_space=5, reports_per_day=7)
    one = phone(app_settings=capped, headers=SPANISH)
    await send(one, place)
    await send(one, place)
    asked = clock.now()  # the wait is counted from when the server answered, which is after this
    refused = await one.post("/api/public/reports", json=report_body(place))
    assert error(refused, 429, "rate_limited").startswith("Se han enviado demasiados reportes desde esta conexión")
    tomorrow = datetime.combine(asked.date() + timedelta(days=1), datetime.min.time(), tzinfo=UTC)
    assert 0 < int(refused.headers["retry-after"]) <= (tomorrow - asked).total_seconds() + 1
    many = [phone(f"192.0.2.{n}", app_settings=capped) for n in range(1, 50)]  # 49 more phones, one report each
    answers = [await c.post("/api/public/reports", json=report_body(place)) for c in many[:4]]
    assert [a.status_code for a in answers] == [201, 201, 201, 429]
    assert "This space has received many reports today" in answers[-1].json()["error"]["message"]
    elsewhere = await save_space({"building_id": place.building_id, "floor": "1", "room_number": "101",
                                  "name": "Lobby", "kind": "lobby"})
    other = replace(place, code=await codes.ensure_code(elsewhere))
    answers = [await c.post("/api/public/reports", json=report_body(other)) for c in many[4:8]]
    assert [a.status_code for a in answers] == [201, 201, 429, 429]
    assert "Too many reports are arriving today" in answers[-1].json()["error"]["message"]
    assert await CommunityReport.all().count() == 7
    counts = {b: c for b, c in await RateCount.all().values_list("bucket", "count")}
    assert counts["reports"] == 7 and counts[f"space:{place.space_id}"] == 5  # refused requests counted nothing


async def test_reports_sent_at_the_same_moment_cannot_pass_a_limit_together(place, phone, settings):
    capped = with_limits(settings, reports_per_client=3)
    client = phone(app_settings=capped)
    answers = await asyncio.gather(*(client.post("/api/public/reports", json=report_body(place)) for _ in range(8)))
    assert sorted(a.status_code for a in answers) == [201] * 3 + [429] * 5
    assert await CommunityReport.all().count() == 3
    assert await RateCount.all().values_list("count", flat=True) == [3, 3, 3]  # address, space, everyone


async def test_the_purge_forgets_past_days_keys_and_counts_and_unsent_photos(place, phone, settings):
    client = phone()
    sent_id, unsent_old, unsent_new = (str(uuid.uuid4()) for _ in range(3))
    for photo_id, name in ((sent_id, "Landscape_1.jpg"), (unsent_old, "32-lens_data.jpeg"),
                           (unsent_new, "pil_sample_cmyk.jpg")):
        assert (await client.put(f"/api/public/photos/{photo_id}", content=(PHOTOS / name).read_bytes())).status_code \
            == 201
    await send(client, place, photo_ids=[sent_id])
    store = PhotoStore(settings.uploads_dir)
    old_files = [store.path((await CommunityPhoto.get(id=unsent_old)).evidence)]
    today = clock.now().date()
    await CommunityPhoto.filter(id__in=[sent_id, unsent_old]).update(received_on=today - timedelta(days=2))
    await CommunityPhoto.filter(id=unsent_new).update(received_on=today - timedelta(days=1))
    await DailyKey.create(day=today - timedelta(days=1), key="ab" * 32)
    await RateCount.create(bucket="reports", day=today - timedelta(days=1), count=3)
    counts = await purge(settings)
    assert (counts["community_keys"], counts["community_counts"], counts["community_photos"]) == (1, 1, 1)
    assert {str(p.id) for p in await CommunityPhoto.all()} == {sent_id, unsent_new}
    assert not old_files[0].exists()
    assert await DailyKey.filter(day=today).exists() and await RateCount.filter(day=today).exists()
    assert await purge_photos(store) == 0


# The mail to a reporter --------------------------------------------------------------------------------------

async def test_the_update_mail_says_only_that_there_is_an_update(place, phone, settings, tmp_path):
    sink = Sink()
    with smtp_server(sink) as port:
        mailing = replace(settings, smtp=replace(settings.smtp, host="127.0.0.1", port=port, starttls=False,
                                                 sender="audit@hospital.example"))
        client = phone()
        sent = await send(client, place, email="lector@example.org", lang="es")
        report = await CommunityReport.get(tracking_code=sent["tracking_code"])
        assert await notify_reporter(report, mailing) is True
        await mail.drain()
        [message] = sink.to("lector@example.org")
        assert message["Subject"] == f"Su reporte {sent['tracking_code_display']} tiene novedades"
        body = message.get_content()
        assert sent["tracking_code_display"] in body and "enlace de seguimiento que guardó" in body
        for private in ("Founders", "Alden", "portraits", sent["key"], "received"):
            assert private not in body
        await ReporterContact.all().delete()
        assert await notify_reporter(report, mailing) is False  # no address left: nothing to send
        assert await notify_reporter(report, mailing, farewell="last@example.org") is True  # closing just deleted it
        report.status = "spam"
        assert await notify_reporter(report, mailing, farewell="spam@example.org") is False
        await mail.drain()
        [last] = sink.to("last@example.org")
        assert last["Subject"] == f"Su reporte {sent['tracking_code_display']} tiene novedades"
    assert email.policy  # parsed with the default policy by Sink


async def test_a_refused_mail_to_a_reporter_does_not_log_the_address(place, phone, settings, caplog):
    class Refusing(Sink):
        async def handle_RCPT(self, server, session, envelope, address, options):
            return f"550 <{address}> refused"

    with smtp_server(Refusing()) as port:
        mailing = replace(settings, smtp=replace(settings.smtp, host="127.0.0.1", port=port, starttls=False,
                                                 sender="audit@hospital.example"))
        sent = await send(phone(), place, email="hidden.reporter@example.org")
        with caplog.at_level(logging.INFO):
            await notify_reporter(await CommunityReport.get(tracking_code=sent["tracking_code"]), mailing)
            await mail.drain()
    ours = [r.getMessage() for r in caplog.records if r.name.startswith("spaces_audit")]
    assert ours == ["A mail to a community reporter was refused."], caplog.text


# Documentation and logs --------------------------------------------------------------------------------------

async def test_public_routes_are_marked_public_in_the_openapi_document(anon):
    doc = (await anon.get("/api/openapi.json")).json()
    public_ops = {(m, p): op for p, ops in doc["paths"].items() for m, op in ops.items()
                  if p.startswith("/api/public/")}
    assert len(public_ops) == 11
    for op in public_ops.values():
        assert op["tags"] == ["public"] and op["security"] == []
    assert doc["paths"]["/api/me"]["get"].get("security") is None


def test_the_access_log_line_of_a_public_request_names_no_address():
    line = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                             ("203.0.113.5:40000", "POST", "/api/public/reports", "1.1", 201), None)
    other = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, '%s - "%s %s HTTP/%s" %d',
                              ("203.0.113.5:40000", "GET", "/api/me", "1.1", 200), None)
    access_filter = public_api.PublicAccessLog()
    for path in ("/api/public/follow", "/r/K7P3QX", "/follow", "/report/report.js"):
        record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1, "%s %s %s %s %d",
                                   ("203.0.113.5:1", "GET", path, "1.1", 200), None)
        assert access_filter.filter(record) and "203.0.113.5" not in record.getMessage()
    assert access_filter.filter(line) and line.getMessage() == '- - "POST /api/public/reports HTTP/1.1" 201'
    assert access_filter.filter(other) and "203.0.113.5" in other.getMessage()


def test_the_limits_key_is_made_once_per_day_and_hashes_ipv6_by_network():
    assert limits._network("2001:db8:1:2:aaaa::1") == limits._network("2001:db8:1:2:bbbb::9") == "2001:db8:1:2::/64"
    assert limits._network("::ffff:192.0.2.1") == "192.0.2.1"
    assert limits._network("192.0.2.1") == "192.0.2.1"

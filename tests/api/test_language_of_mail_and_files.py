"""What the server writes to people, in their language: mail in the recipient's (read back from a real SMTP
server), CSV and PDFs in the requester's (their profile's, else ?lang=, else Accept-Language, else English),
PDFs read back with pdftotext (Debian's poppler-utils), and right-to-left names printed in reading order."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import date
from pathlib import Path

import pytest

from server import mail
from server.api import ROUTES
from server.domain.community import mail as community_mail
from server.domain.reporting.exports import FINDING_COLUMNS
from server.http.openapi import document
from server.settings import Settings, load_settings

from .finding_steps import NEXT_WEEK, make_crew
from .pdf_text import pdf_text

FRAN, FAY = "fran.facilities@hospital.example", "fay.facilities@hospital.example"
CORA, COLM = "cora.committee@hospital.example", "colm.committee@hospital.example"
# CLDR's abbreviated months, written out here so the test does not check the server's formats with themselves.
ES_MONTHS = ("ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic")
EN_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
# Spanish writes the hour as CLDR's H:mm: "0:17" after midnight, "14:05" in the afternoon.
SPANISH_TIME = re.compile(r"\b\d{1,2} (" + "|".join(ES_MONTHS) + r") \d{4}, \d{1,2}:\d{2} UTC")
HEBREW, ARABIC, ROOM = "דוד בן־גוריון", "مبنى ابن سينا", "חדר המתנה"


def es_day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {ES_MONTHS[d.month - 1]} {d.year}"


def en_day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{EN_MONTHS[d.month - 1]} {d.day}, {d.year}"


@pytest.fixture
def settings(tmp_path: Path, sink) -> Settings:
    return load_settings({
        "SPACES_DATA_DIR": str(tmp_path / "data"), "SPACES_UPLOADS_DIR": str(tmp_path / "up"),
        "SPACES_SMTP_HOST": "127.0.0.1", "SPACES_SMTP_PORT": str(sink[1]), "SPACES_SMTP_STARTTLS": "false",
        "SPACES_SMTP_FROM": "audit@hospital.example", "SPACES_PUBLIC_URL": "https://audit.hospital.example"})


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


async def speaks_spanish(client) -> None:
    response = await client.patch("/api/me", json={"lang": "es"})
    assert response.status_code == 200 and response.json()["lang"] == "es", response.text


# Mail: in each recipient's language ----------------------------------------------------------------------------

async def test_assignment_and_verification_mail_in_each_recipients_language(crew, sink):
    received, _ = sink
    await speaks_spanish(crew["facilities"])  # Fran and Cora chose Spanish; Fay and Colm chose nothing
    await speaks_spanish(crew["committee"])
    hers, theirs = await crew.raise_finding("Retrato sin contexto"), await crew.raise_finding("Portrait, no label")
    for fid in (hers, theirs):
        await crew.step(fid, "accepted")
    await crew.ok("committee", hers, "assigned", **crew.assign_body("facilities"))
    await crew.ok("committee", theirs, "assigned", **crew.assign_body("facilities2"))
    await mail.drain()

    [spanish] = received.to(FRAN)
    assert spanish["Subject"] == "Se le asignó: Retrato sin contexto"
    text = spanish.get_content()
    for words in ("Hola, Fran Facilities:", "El comité le asignó este trabajo:", "- Retrato sin contexto [Alta]",
                  "Dónde: WLK Walk Hall, piso 1, sala 101 (Room 1)", "Medida: Retirar",
                  f"Fecha límite: {es_day(NEXT_WEEK)} (prioridad: Normal)", "su bandeja de entrada"):
        assert words in text, words
    assert "Hello" not in text and "Remedy" not in text
    [english] = received.to(FAY)
    assert english["Subject"] == "Assigned to you: Portrait, no label"
    text = english.get_content()
    for words in ("Hello Fay Facilities,", "- Portrait, no label [High]", "Where: WLK Walk Hall, floor 1, room 101",
                  "Remedy: Remove", f"Due: {en_day(NEXT_WEEK)} (priority: Normal)"):
        assert words in text, words

    await crew.step(hers, "in_progress")
    await crew.step(hers, "resolved")
    await mail.drain()
    assert [m["Subject"] for m in received.to(CORA)] == ["En espera de verificación: Retrato sin contexto"]
    assert [m["Subject"] for m in received.to(COLM)] == ["Waiting for verification: Retrato sin contexto"]
    assert "verifique (antes y después)" in received.to(CORA)[0].get_content()


async def test_the_committees_report_mail_in_each_members_language(crew, walk, sink, settings, make_client):
    received, _ = sink
    await speaks_spanish(crew["committee"])
    admin = crew["admin"]
    assert (await admin.patch(f"/api/campuses/{walk.building['campus']['id']}",
                              json={"community_reports": True})).status_code == 200
    code = (await admin.post(f"/api/spaces/{walk.spaces[0]['id']}/public-code", json={})).json()["code"]
    sent = await make_client().post("/api/public/reports", json={
        "id": str(uuid.uuid4()), "code": code, "category": "name_plaque", "description": "A plaque.", "impact": "",
        "photo_ids": [], "email": "", "website": "", "lang": "en"})
    assert sent.status_code == 201, sent.text
    each = load_settings({"SPACES_DATA_DIR": str(settings.data_dir), "SPACES_COMMUNITY_DIGEST": "each",
                          "SPACES_SMTP_HOST": "127.0.0.1", "SPACES_SMTP_PORT": str(settings.smtp.port),
                          "SPACES_SMTP_STARTTLS": "false", "SPACES_SMTP_FROM": "audit@hospital.example",
                          "SPACES_PUBLIC_URL": "https://audit.hospital.example"})
    assert await community_mail.run_once(each) == 2
    [spanish], [english] = received.to(CORA), received.to(COLM)
    assert spanish["Subject"] == "Reportes de la comunidad: 1 nuevo"
    assert "- WLK Walk Hall, piso 1, sala 101 (Room 1): Un nombre o una placa" in spanish.get_content()
    assert "Reportes en espera del comité en este momento: 1." in spanish.get_content()
    assert english["Subject"] == "Community reports: 1 new"
    assert "- WLK Walk Hall, floor 1, room 101 (Room 1): A name or plaque" in english.get_content()


# CSV: in the requester's language ------------------------------------------------------------------------------

def rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.text
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"), newline="")))


SPANISH_HEADER = ["id", "título", "descripción", "gravedad", "estado", "medida", "prioridad", "fecha límite"]


async def test_findings_csv_headers_in_the_requesters_language(crew):
    fid = await crew.raise_finding("Retrato")
    await crew.bring_to(fid, "assigned")
    await speaks_spanish(crew["committee"])
    spanish = await crew["committee"].get("/api/reports/findings.csv", headers={"accept-language": "en"})
    header, *body = rows(spanish)
    assert header[:8] == SPANISH_HEADER and header[-2:] == ["vencido", "verificado el"]
    assert len(header) == len(FINDING_COLUMNS) and len(set(header)) == len(header)
    assert body[0][header.index("estado")] == "assigned"  # values stay the API's ids, for filtering
    assert body[0][header.index("vencido")] == "no"
    assert spanish.headers["content-disposition"] == 'attachment; filename="hallazgos.csv"'

    admin = crew["admin"]  # no language in their profile: the query, then the browser, then English
    assert rows(await admin.get("/api/reports/findings.csv?lang=es"))[0][:8] == SPANISH_HEADER
    assert rows(await admin.get("/api/reports/findings.csv", headers={"accept-language": "es-MX,en;q=0.5"}))[0][
        :8] == SPANISH_HEADER
    english = await admin.get("/api/reports/findings.csv?lang=xx", headers={"accept-language": "fr"})
    assert rows(english)[0] == FINDING_COLUMNS  # an unknown language is English, never an error
    assert english.headers["content-disposition"] == 'attachment; filename="findings.csv"'
    # The profile's language comes first, whatever the query or the browser says.
    assert rows(await crew["committee"].get("/api/reports/findings.csv?lang=en"))[0][:8] == SPANISH_HEADER


async def test_answers_and_inventory_csv_in_spanish(crew, walk):
    audit = crew.audit = await walk.plan()
    for item, value in {"present": "yes", "how-many": 4}.items():
        assert (await walk.answer(crew["auditor"], audit, walk.spaces[0], item, value)).status_code == 201
    answers = rows(await crew["admin"].get("/api/reports/responses.csv?lang=es"))
    assert answers[0][:3] == ["id de la auditoría", "título de la auditoría", "estado de la auditoría"]
    assert "texto de la pregunta" in answers[0] and len(answers) == 3
    inventory = rows(await crew["admin"].get("/api/reports/inventory.csv?lang=es&checklist=small-walk"))
    assert inventory[0][:2] == ["campus", "código del edificio"]
    assert "how-many" in inventory[0] and "how-many (anterior)" in inventory[0]  # an item's id stays its id
    assert "id de la auditoría (anterior)" in inventory[0]


# PDFs: in the requester's language -----------------------------------------------------------------------------

async def submitted_audit(crew, walk) -> tuple[dict, str]:
    """The walk's audit: the second space skipped (locked), the first answered, a finding assigned, submitted."""
    auditor = crew["auditor"]
    audit = crew.audit = await walk.plan()
    skip = await auditor.put(f"/api/audits/{audit['id']}/spaces/{walk.spaces[1]['id']}",
                             json={"skipped": {"reason": "locked", "note": "Llave en seguridad."}})
    assert skip.status_code == 200, skip.text
    answers = {"present": "yes", "how-many": 1234, "labelled": "yes", "languages": ["english"], "tone": "neutral",
               "remarks": "Clear signs."}
    for item, value in answers.items():
        assert (await walk.answer(auditor, audit, walk.spaces[0], item, value)).status_code == 201
    fid = await crew.raise_finding("Retrato sin contexto")
    await crew.bring_to(fid, "assigned")
    done = await auditor.post(f"/api/audits/{audit['id']}/transitions", json={"to": "submitted"})
    assert done.status_code == 200, done.text
    return audit, fid


async def test_an_audit_report_in_spanish(crew, walk, tmp_path):
    audit, _ = await submitted_audit(crew, walk)
    await speaks_spanish(crew["committee"])
    response = await crew["committee"].get(f"/api/audits/{audit['id']}/report.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-disposition"].startswith('attachment; filename="auditoria-wlk-spring-walk')
    text = await pdf_text(response.content, tmp_path)
    flat = re.sub(r"\s+", " ", text)
    for words in ("Spaces Audit · informe de auditoría", "Edificio", "Lista de verificación",
                  "A small walk (versión 1)", "Entregada", "Resumen", "Espacios omitidos", "Cerrado con llave",
                  "Llave en seguridad.", "Hallazgos (1)", "Gravedad", "Alta", "Asignado", "Retirar", "Medida",
                  "Historial", "Nuevo, por clasificar (registrado)",
                  "Aceptado, por asignar (antes: Nuevo, por clasificar)", f"fecha límite: {es_day(NEXT_WEEK)}",
                  "Inventario", "1.234", "Informe generado", "página 1 de"):
        assert words in flat, words
    assert SPANISH_TIME.search(flat), "no time written the Spanish way"
    for english in ("Summary", "Skipped spaces", "Severity", "History", "Report made", "Remedy", "page 1 of"):
        assert english not in flat, english


async def test_a_findings_report_and_posters_in_spanish(crew, walk, tmp_path):
    fid = await crew.raise_finding("Retrato")
    await crew.bring_to(fid, "accepted")
    report = await crew["admin"].get("/api/reports/findings.pdf?lang=es&from=2020-01-01")
    assert report.status_code == 200, report.text
    flat = re.sub(r"\s+", " ", await pdf_text(report.content, tmp_path))
    for words in ("Informe de hallazgos", "Período", "desde 1 ene 2020 hasta hoy (día de registro, UTC)",
                  "Por gravedad", "Alta 1, Media 0, Baja 0", "gravedad alta · Aceptado, por asignar", "Retirar"):
        assert words in flat, words
    posters = await crew["admin"].get(f"/api/buildings/{walk.building['id']}/posters.pdf?lang=es")
    assert posters.headers["content-disposition"] == 'attachment; filename="carteles-wlk.pdf"'
    first = re.sub(r"\s+", " ", (await pdf_text(posters.content, tmp_path)).split("\f")[0])
    assert first.index("Díganoslo") < first.index("Tell us")  # the printer's language first, every other after
    assert "Piso 1 · Sala 101" in first and "Escanee el código o escriba esta dirección · Scan the code" in first


async def test_a_right_to_left_name_in_a_spanish_report_reads_in_order(crew, walk, people, tmp_path):
    admin = crew["admin"]
    renamed = await admin.patch(f"/api/users/{people['auditor'].user.id}", json={"name": HEBREW})
    assert renamed.status_code == 200, renamed.text
    assert (await admin.patch(f"/api/buildings/{walk.building['id']}", json={"name": ARABIC})).status_code == 200
    assert (await admin.patch(f"/api/spaces/{walk.spaces[1]['id']}", json={"name": ROOM})).status_code == 200
    audit, _ = await submitted_audit(crew, walk)
    response = await crew["committee"].get(f"/api/audits/{audit['id']}/report.pdf?lang=es")
    assert response.status_code == 200, response.text
    text = await pdf_text(response.content, tmp_path)
    # Every letter is there, in reading order: unshaped, fpdf2 draws them in memory order (reversed on paper).
    assert f"WLK · {ARABIC}" in text and HEBREW in text and "Planificada por" in text
    assert ROOM in text and "Cerrado con llave" in text  # in a table's cell (the skipped spaces)
    assert all(name[::-1] not in text for name in (HEBREW, ARABIC, ROOM))


# The API document ----------------------------------------------------------------------------------------------

def test_every_file_route_documents_its_lang_parameter():
    files = {f"{r.method} /api{r.path}" for r in ROUTES if r.produces in ("application/pdf", "text/csv; charset=utf-8")}
    assert len(files) == 9
    paths = document(ROUTES)["paths"]
    for route in files:
        method, path = route.split(" ")
        params = {p["name"]: p for p in paths[path][method.lower()]["parameters"]}
        assert "lang" in params and params["lang"]["in"] == "query" and "en, es" in params["lang"]["description"]

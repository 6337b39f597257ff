"""An audit's report: the JSON the printable page renders, and the PDF opened with pypdf (pages, the text of
every finding, and the photos embedded as the stored display JPEGs, not the originals)."""

from __future__ import annotations

import hashlib
import io
import re
import uuid

import pytest
from pypdf import PdfReader
from testdata import PHOTOS

from .finding_steps import jpeg, make_crew
from .pdf_text import flat, pdf_text

TITLES = ["Portrait of Dr. Nguyễn Thị Ánh without context", "Zoë Ærøskøbing's plaque (Владимир)",
          "=cmd|' /C calc'!A0 poster"]


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


async def upload(crew, fid: str, data: bytes, who: str = "auditor", kind: str = "evidence") -> dict:
    response = await crew[who].put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": fid, "kind": kind},
                                   content=data)
    assert response.status_code == 201, response.text
    return response.json()


async def walked_audit(crew, walk, how_many: int, titles: list[str]) -> tuple[dict, list[str], list[dict]]:
    """An audit of the walk's two spaces: the first answered (with a count), the second skipped, findings with
    photos, then submitted."""
    auditor = crew["auditor"]
    audit = crew.audit = await walk.plan()
    skip = await auditor.put(f"/api/audits/{audit['id']}/spaces/{walk.spaces[1]['id']}",
                             json={"skipped": {"reason": "other", "note": "The key is with security."}})
    assert skip.status_code == 200, skip.text
    answers = {"present": "yes", "how-many": how_many, "labelled": "yes", "languages": ["english"],
               "tone": "neutral", "remarks": "Clear signs."}
    for item, value in answers.items():
        assert (await walk.answer(auditor, audit, walk.spaces[0], item, value)).status_code == 201
    fids = [await crew.raise_finding(title) for title in titles]
    if titles:  # a finding withdrawn during the walk was never raised: the report counts it apart
        withdrawn = await crew.raise_finding("Taken back on the walk")
        assert (await auditor.delete(f"/api/findings/{withdrawn}")).status_code == 204
    photos = []
    if titles:
        photos.append(await upload(crew, fids[0], (PHOTOS / "Landscape_1.jpg").read_bytes()))
        for n, fid in enumerate(fids[1:]):
            photos.append(await upload(crew, fid, jpeg(["navy", "olive", "maroon"][n])))
    done = await auditor.post(f"/api/audits/{audit['id']}/transitions", json={"to": "submitted"})
    assert done.status_code == 200, done.text
    return audit, fids, photos


async def test_the_report_as_data_and_as_pdf(crew, walk):
    first, _, _ = await walked_audit(crew, walk, 12, [])
    crew.audit = {}
    audit, fids, photos = await walked_audit(crew, walk, 14, TITLES)
    await crew.bring_to(fids[0], "verified")
    await crew.bring_to(fids[1], "declined")

    response = await crew["committee"].get(f"/api/audits/{audit['id']}/report")
    assert response.status_code == 200, response.text
    report = response.json()
    assert report["audit"]["building"]["code"] == "WLK" and report["audit"]["checklist"]["id"] == "small-walk"
    assert [p["name"] for p in report["audit"]["team"]] == ["Aaron Auditor"]
    assert report["audit"]["submitted_at"] and report["audit"]["started_at"]
    assert report["summary"] | {"by_status": None} == {
        "spaces": 2, "spaces_walked": 1, "spaces_skipped": 1, "answers": 6, "findings": 3, "withdrawn": 1,
        "by_status": None, "by_severity": {"high": 3, "medium": 0, "low": 0}}
    assert report["summary"]["by_status"]["verified"] == 1 and report["summary"]["by_status"]["declined"] == 1
    assert report["skipped_spaces"] == [{**{k: walk.spaces[1][k] for k in ("id", "name", "floor", "kind")},
                                         "room_number": "102", "reason": "other", "note": "The key is with security."}]
    assert [f["title"] for f in report["findings"]] == TITLES
    verified = report["findings"][0]
    assert [e["to"] for e in verified["history"]] == ["open", "accepted", "assigned", "in_progress", "resolved",
                                                      "verified"]
    assert verified["remedy"] == "remove" and verified["verified_at"] and len(verified["photos"]["after"]) == 1
    assert verified["photos"]["evidence"][0]["id"] == photos[0]["id"]
    inventory = report["inventory"]
    assert [i["id"] for i in inventory["items"]] == ["how-many"]
    space = inventory["spaces"][0]
    assert space["current"]["counts"]["how-many"] == {"total": 14, "answered": 1, "unknown": 0}
    assert space["previous"]["audit"]["id"] == first["id"] and space["previous"]["counts"]["how-many"]["total"] == 12
    assert not re.search(r"[0-9a-f]{64}", response.text)  # no stored file names (hashes), only urls

    pdf = await crew["committee"].get(f"/api/audits/{audit['id']}/report.pdf")
    assert pdf.status_code == 200, pdf.text
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"].startswith('attachment; filename="audit-wlk-spring-walk')
    reader = PdfReader(io.BytesIO(pdf.content))
    assert len(reader.pages) >= 3
    text = "\n".join(page.extract_text() for page in reader.pages)
    for title in TITLES:
        assert title in text, title
    for words in ("Walk Hall", "small walk", "Aaron Auditor", "Skipped spaces", "The key is with security.",
                  "Inventory", "Verified", "Remove", "before: 12"):
        assert words.lower() in text.lower(), words
    embedded = images(reader)
    shown = [*photos, verified["photos"]["after"][0]]
    assert len(embedded) == len(shown)
    # Each photo is the stored display JPEG, byte for byte (its url carries the start of its hash).
    assert set(embedded) == {p["urls"]["display"].split("v=")[1] for p in shown}
    assert sorted(embedded.values())[-1] == (1024, 683)  # the 1800 x 1200 photo, at display size


def images(reader: PdfReader) -> dict[str, tuple[int, int]]:
    """The images a PDF embeds: the start of the SHA-256 of each one's stream (a JPEG is embedded as it is)
    and its size in pixels."""
    found = {}
    for page in reader.pages:
        for ref in (page["/Resources"].get("/XObject") or {}).values():
            image = ref.get_object()
            if image["/Subtype"] == "/Image":
                found[hashlib.sha256(image.get_data()).hexdigest()[:16]] = (image["/Width"], image["/Height"])
    return found


async def test_who_gets_an_audit_report(crew, walk, people, make_client, settings):
    from server.auth.sessions import start_session
    from server.domain.people.users import create_user

    audit, _, _ = await walked_audit(crew, walk, 3, ["Only one"])
    for who in ("auditor", "committee", "admin"):
        assert (await crew[who].get(f"/api/audits/{audit['id']}/report")).status_code == 200, who
    outsider = await create_user("otto.outsider@hospital.example", "Otto Outsider", ["auditor"])
    otto = make_client(cookies={"sa_session": await start_session(outsider, settings.session_lifetime_hours)})
    for suffix in ("report", "report.pdf"):
        assert (await otto.get(f"/api/audits/{audit['id']}/{suffix}")).status_code == 404
        missing = await crew["committee"].get(f"/api/audits/{uuid.uuid4()}/{suffix}")
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
        assert (await crew["committee"].get(f"/api/audits/not-an-id/{suffix}")).status_code == 404
    assert (await crew["facilities"].get(f"/api/audits/{audit['id']}/report")).status_code == 403


async def test_a_report_of_an_audit_without_findings_or_counts(crew, walk):
    audit = crew.audit = await walk.plan()
    report = (await crew["committee"].get(f"/api/audits/{audit['id']}/report")).json()
    assert report["findings"] == [] and report["inventory"]["spaces"] == [] and report["audit"]["started_at"] is None
    pdf = await crew["committee"].get(f"/api/audits/{audit['id']}/report.pdf")
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "This audit raised no findings." in text and "No space was skipped." in text


async def test_a_missing_or_damaged_photo_file_does_not_cost_the_report(crew, walk, settings):
    audit, _, photos = await walked_audit(crew, walk, 3, ["Missing photo", "Damaged photo"])
    files = {path.name[:16]: path for path in settings.uploads_dir.rglob("*.jpg")}
    missing, damaged = (files[p["urls"]["display"].split("v=")[1]] for p in photos)  # urls carry a hash prefix
    missing.unlink()
    damaged.write_bytes(b"\xff\xd8 not really a jpeg")
    pdf = await crew["committee"].get(f"/api/audits/{audit['id']}/report.pdf")
    assert pdf.status_code == 200, pdf.text
    text = "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Photo file missing from this installation" in text and "Photo file could not be read" in text


async def test_a_declined_finding_reads_as_declined_with_its_rationale_not_as_undecided(crew, walk, tmp_path):
    audit, [declined, accepted], _ = await walked_audit(crew, walk, 3, ["Plaque in the stairwell", "Portrait wall"])
    why = "The plaque honors a donor, not a person; the committee keeps it."
    await crew.ok("committee", declined, "declined", note=why)
    await crew.ok("committee", accepted, "accepted", remedy="add_context")
    report = (await crew["committee"].get(f"/api/audits/{audit['id']}/report")).json()
    shown = {f["id"]: f for f in report["findings"]}
    assert shown[declined]["history"][-1]["note"] == why  # what the printable page reads the rationale from

    for lang, (undecided, says, reason) in {
        "en": ("Not chosen yet", "None: the committee declined this finding", "Why declined"),
        "es": ("Aún no se eligió", "Ninguna: el comité rechazó este hallazgo", "Motivo del rechazo"),
    }.items():
        pdf = await crew["committee"].get(f"/api/audits/{audit['id']}/report.pdf?lang={lang}")
        assert pdf.status_code == 200, pdf.text
        text = flat(await pdf_text(pdf.content, tmp_path))
        assert undecided not in text, lang
        assert says in text and reason in text and why in text, lang
        # The accepted finding keeps its remedy.
        assert ("Add context" if lang == "en" else "Agregar contexto") in text, lang
        # The findings report says the same in its one line per finding.
        findings = await crew["committee"].get(f"/api/reports/findings.pdf?lang={lang}&from=2020-01-01")
        line = flat(await pdf_text(findings.content, tmp_path))
        assert ("none: declined" if lang == "en" else "ninguna: se rechazó") in line, lang
        assert ("no remedy chosen yet" if lang == "en" else "aún no se eligió una medida") not in line, lang

"""Posters that invite community reports, read back as a person's phone would: each page rendered to an image
(pdftoppm, Debian's poppler-utils) and its QR code decoded (zbarimg, Debian's zbar-tools); every code opens
its own space's page, and the page says in words what it is and where."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pypdf
import pytest

from server.domain.community import codes
from server.models import Space
from server.settings import Settings, load_settings

PUBLIC_URL = "https://audit.hospital.example"


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return load_settings({"SPACES_DATA_DIR": str(tmp_path / "data"), "SPACES_UPLOADS_DIR": str(tmp_path / "up"),
                          "SPACES_PUBLIC_URL": PUBLIC_URL})


async def _run(*command: str) -> str:
    process = await asyncio.create_subprocess_exec(*command, stdout=asyncio.subprocess.PIPE,
                                                   stderr=asyncio.subprocess.PIPE)
    out, err = await process.communicate()
    assert process.returncode == 0, (command, err.decode())
    return out.decode()


async def read_codes(pdf: bytes, folder: Path) -> list[str]:
    """What a phone's camera reads on each page, in page order."""
    (folder / "posters.pdf").write_bytes(pdf)
    await _run("pdftoppm", "-r", "150", "-png", str(folder / "posters.pdf"), str(folder / "page"))
    pages = sorted(folder.glob("page-*.png"))
    return [(await _run("zbarimg", "--quiet", "--raw", str(page))).strip() for page in pages]


def page_texts(pdf: bytes) -> list[str]:
    return [" ".join((page.extract_text() or "").split()) for page in pypdf.PdfReader(io.BytesIO(pdf)).pages]


async def test_each_page_of_a_buildings_posters_opens_its_own_space(walk, people, anon, tmp_path):
    admin = people["admin"].client
    response = await admin.get(f"/api/buildings/{walk.building['id']}/posters.pdf")
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"] == 'attachment; filename="posters-wlk.pdf"'
    read = await read_codes(response.content, tmp_path)
    assert len(read) == len(walk.spaces) == 2
    texts = page_texts(response.content)
    for url, space, text in zip(read, walk.spaces, texts, strict=True):  # by floor and room: Room 1, Room 2
        assert url.startswith(f"{PUBLIC_URL}/r/")
        code = url.rsplit("/", 1)[1]
        assert code == await codes.current_code(space["id"])
        opened = await anon.get(f"/api/public/spaces/{code}")
        assert opened.status_code == 200 and opened.json()["space"]["name"] == space["name"]
        assert space["name"] in text and f"Room {space['room_number']}" in text and "WLK" in text
        assert f"audit.hospital.example/r/{code}" in text and "https://" not in text  # typed by hand
        assert "Tell us" in text and "no account, no name" in text and "Díganoslo" in text
        shown = (await admin.get(f"/api/spaces/{space['id']}")).json()["public_code"]
        assert shown == codes.display(code)
    again = await admin.get(f"/api/buildings/{walk.building['id']}/posters.pdf")
    (tmp_path / "again").mkdir()
    assert await read_codes(again.content, tmp_path / "again") == read  # printing again keeps the codes


async def test_a_renewed_code_makes_a_new_poster_and_the_old_one_says_so(walk, people, anon, tmp_path):
    admin, space = people["admin"].client, walk.spaces[1]
    first = await read_codes((await admin.get(f"/api/spaces/{space['id']}/poster.pdf")).content, tmp_path)
    old = first[0].rsplit("/", 1)[1]
    renewed = await admin.post(f"/api/spaces/{space['id']}/public-code", json={})
    assert renewed.status_code == 200, renewed.text
    new = renewed.json()
    assert new["code"] != old and new["url"] == f"{PUBLIC_URL}/r/{new['code']}"
    assert new["public_code"] == codes.display(new["code"])
    (tmp_path / "new").mkdir()
    response = await admin.get(f"/api/spaces/{space['id']}/poster.pdf")
    assert response.headers["content-disposition"] == 'attachment; filename="poster-wlk-102.pdf"'
    assert await read_codes(response.content, tmp_path / "new") == [new["url"]]
    assert (await anon.get(f"/api/public/spaces/{old}")).json()["error"]["code"] == "code_retired"


async def test_only_administrators_print_posters_and_an_empty_building_has_none(walk, people):
    for role in ("committee", "auditor", "facilities"):
        client = people[role].client
        assert (await client.get(f"/api/buildings/{walk.building['id']}/posters.pdf")).status_code == 403
        assert (await client.post(f"/api/spaces/{walk.spaces[0]['id']}/public-code", json={})).status_code == 403
    admin = people["admin"].client
    empty = (await admin.post("/api/buildings", json={"campus_id": walk.building["campus"]["id"], "code": "NEW",
                                                      "name": "New Wing"})).json()
    refused = await admin.get(f"/api/buildings/{empty['id']}/posters.pdf")
    assert refused.status_code == 422 and "no spaces" in refused.json()["error"]["message"]
    assert not await Space.filter(building_id=empty["id"]).exists()

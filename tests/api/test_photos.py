"""Photo upload and serving over the API, with the real test photos: replays, refusals that store nothing,
no metadata served, access by audit, captions and redaction."""

from __future__ import annotations

import io
import uuid
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageStat
from testdata import PHOTOS

PIXEL = PHOTOS / "IMG_20180725_163423.jpg"  # 12 MP phone photo with GPS
ROTATED = PHOTOS / "Landscape_6.jpg"  # stored portrait, upright landscape


@pytest.fixture
async def finding(walk, people):
    audit = await walk.plan()
    fid = str(uuid.uuid4())
    response = await people["auditor"].client.put(f"/api/findings/{fid}", json={
        "audit_id": audit["id"], "space_id": walk.spaces[0]["id"], "item_id": None,
        "title": "A caricature on the notice board", "description": "", "severity": "high",
        "remedies": ["remove"], "photo_ids": []})
    assert response.status_code == 201, response.text
    return {"id": fid, "audit": audit}


def stored_files(settings) -> list[Path]:
    return sorted(p for p in settings.uploads_dir.rglob("*") if p.is_file())


async def upload(client, finding, path: Path, photo_id: str | None = None, **params):
    return await client.put(f"/api/photos/{photo_id or uuid.uuid4()}",
                            params={"finding_id": finding["id"], **params}, content=path.read_bytes(),
                            headers={"content-type": "application/octet-stream"})


async def test_a_photo_is_stored_upright_in_three_sizes_without_metadata(people, finding, settings):
    auditor = people["auditor"].client
    pid = str(uuid.uuid4())
    first = await upload(auditor, finding, ROTATED, pid)
    assert first.status_code == 201, first.text
    photo = first.json()
    assert (photo["width"], photo["height"]) == (1800, 1200)
    assert photo["kind"] == "evidence" and photo["redacted"] is False
    sizes = {}
    for size in ("thumb", "display", "evidence"):
        served = await auditor.get(photo["urls"][size])
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/jpeg"
        assert served.headers["x-content-type-options"] == "nosniff"
        assert served.headers["etag"] and "max-age=31536000" in served.headers["cache-control"]
        image = Image.open(io.BytesIO(served.content))
        assert image.format == "JPEG" and not image.getexif() and b"Exif" not in served.content[:4096]
        sizes[size] = image.size
        cached = await auditor.get(photo["urls"][size], headers={"if-none-match": served.headers["etag"]})
        assert cached.status_code == 304
        # Without the version the photo may change (a redaction): browsers must revalidate every time.
        bare = await auditor.get(f"/api/photos/{pid}/{size}")
        assert bare.headers["cache-control"] == "private, no-cache"
    assert sizes == {"thumb": (320, 213), "display": (1024, 683), "evidence": (1800, 1200)}
    # The uploaded bytes themselves are never kept.
    raw = ROTATED.read_bytes()
    assert all(p.read_bytes() != raw for p in stored_files(settings))

    shown = (await auditor.get(f"/api/audits/{finding['audit']['id']}")).json()
    assert shown["findings"][0]["photos"] == [photo]

    replay = await upload(auditor, finding, ROTATED, pid)
    assert replay.status_code == 200 and replay.json() == photo
    other = await upload(auditor, finding, PHOTOS / "Landscape_1.jpg", pid)
    assert other.status_code == 409


async def test_gps_never_leaves_the_server(people, finding):
    auditor = people["auditor"].client
    photo = (await upload(auditor, finding, PIXEL)).json()
    assert photo["taken_at"] == "2018-07-25T16:34:23"  # the camera's own clock: no zone, so no Z
    served = await auditor.get(photo["urls"]["evidence"])
    image = Image.open(io.BytesIO(served.content))
    # At most 2048 on the long edge and at least 1024 (the pipeline may stop at a cheap JPEG scale, 4048 / 2).
    assert 1024 <= max(image.size) <= 2048 and not image.getexif() and "exif" not in image.info


@pytest.mark.parametrize(("name", "status"), [
    ("evil.jpg", 415), ("evil.svg", 415), ("truncated_jpeg.jpg", 422), ("corrupt-header.jpg", 422),
    ("decompression_bomb.gif", 422), ("65536-uint32-limit.png", 422), ("png_decompression_dos.png", 422),
])
async def test_bad_files_are_refused_and_nothing_is_stored(people, finding, settings, name, status):
    response = await upload(people["auditor"].client, finding, PHOTOS / name)
    assert response.status_code == status, response.text
    assert response.json()["error"]["message"]
    assert stored_files(settings) == []


async def test_the_size_limit_is_a_413_before_the_body_is_read(people, finding, settings):
    limit = settings.max_upload_bytes

    async def endless():
        sent = 0
        while sent <= limit + 1024 * 1024:
            yield b"\xff" * 65536
            sent += 65536
        raise AssertionError("the server read the whole body")

    response = await people["auditor"].client.put(
        f"/api/photos/{uuid.uuid4()}", params={"finding_id": finding["id"]}, content=endless())
    assert response.status_code == 413
    declared = await people["auditor"].client.put(
        f"/api/photos/{uuid.uuid4()}", params={"finding_id": finding["id"]}, content=b"x",
        headers={"content-length": str(limit + 1)})
    assert declared.status_code == 413


async def test_multipart_upload_and_bad_parameters(people, finding):
    auditor = people["auditor"].client
    files = {"file": ("photo.heic", (PHOTOS / "pug.heic").read_bytes(), "image/heic")}
    response = await auditor.put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": finding["id"]}, files=files)
    assert response.status_code == 201, response.text
    width, height = response.json()["width"], response.json()["height"]
    assert 1024 <= width <= 2048 and abs(width / height - 4 / 3) < 0.01
    unknown = await auditor.put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": str(uuid.uuid4())},
                                content=ROTATED.read_bytes())
    assert unknown.status_code == 422 and unknown.json()["error"]["field"] == "finding_id"
    kind = await upload(auditor, finding, ROTATED, kind="before")
    assert kind.status_code == 422 and kind.json()["error"]["field"] == "kind"


async def test_who_sees_a_photo_and_who_sees_the_unblurred_original(people, finding, settings):
    from server.auth.sessions import start_session
    from server.domain.people.users import create_user

    auditor = people["auditor"].client
    photo = (await upload(auditor, finding, ROTATED)).json()
    assert (await people["committee"].client.get(photo["urls"]["thumb"])).status_code == 200
    assert (await people["facilities"].client.get(photo["urls"]["thumb"])).status_code == 403
    outsider = await create_user("otto.outsider@hospital.example", "Otto Outsider", ["auditor"])
    token = await start_session(outsider, settings.session_lifetime_hours)
    people["auditor"].client.cookies.set("sa_session", token)
    try:
        assert (await auditor.get(photo["urls"]["thumb"])).status_code == 404
    finally:
        people["auditor"].client.cookies.set("sa_session", await start_session(
            people["auditor"].user, settings.session_lifetime_hours))
    assert (await auditor.get(f"/api/photos/{photo['id']}/original")).status_code == 403
    assert (await auditor.get(f"/api/photos/{photo['id']}/huge")).status_code == 404

    captioned = await auditor.patch(f"/api/photos/{photo['id']}", json={"caption": "Left of the lift doors"})
    assert captioned.json()["caption"] == "Left of the lift doors"


async def test_redaction_blurs_the_region_for_everyone_and_keeps_the_original_for_admins(people, finding):
    auditor, admin = people["auditor"].client, people["admin"].client
    photo = (await upload(auditor, finding, ROTATED)).json()
    before = Image.open(io.BytesIO((await auditor.get(photo["urls"]["display"])).content)).convert("L")
    bad = await auditor.post(f"/api/photos/{photo['id']}/redactions", json={"boxes": [[0.9, 0.9, 0.5, 0.5]]})
    assert bad.status_code == 422 and bad.json()["error"]["field"] == "boxes"
    done = await people["committee"].client.post(f"/api/photos/{photo['id']}/redactions",
                                                 json={"boxes": [[0.1, 0.1, 0.3, 0.3]]})
    assert done.status_code == 200, done.text
    redacted = done.json()
    assert redacted["redacted"] is True and redacted["urls"]["display"] != photo["urls"]["display"]
    after = Image.open(io.BytesIO((await auditor.get(redacted["urls"]["display"])).content)).convert("L")

    def difference(box):
        return ImageStat.Stat(ImageChops.difference(before.crop(box), after.crop(box))).mean[0]

    width, height = before.size
    inside = (int(width * 0.15), int(height * 0.15), int(width * 0.35), int(height * 0.35))
    outside = (int(width * 0.6), int(height * 0.6), int(width * 0.9), int(height * 0.9))
    assert difference(inside) > 5 * max(difference(outside), 0.5)
    original = await admin.get(f"/api/photos/{photo['id']}/original")
    assert original.status_code == 200
    unblurred = Image.open(io.BytesIO(original.content))
    assert unblurred.size == (1800, 1200)

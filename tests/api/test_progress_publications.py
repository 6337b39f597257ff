"""Publishing before/after pairs on the progress page: only verified fixes with redacted photos, each publishing
and withdrawal an event in the finding's history, and no photo but a published pair's redacted display copy
reachable from any public address."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from testdata import PHOTOS

from server.models import CommunityPhoto, Finding, Photo
from server.photos import PhotoStore

from .finding_steps import assert_every_history_explains_its_finding, make_crew

BOX = {"boxes": [[0.1, 0.1, 0.3, 0.3]]}


@pytest.fixture
async def crew(walk, people, make_client, settings):
    return await make_crew(walk, people, make_client, settings)


async def turn(crew: Any, enabled: bool) -> None:
    response = await crew["admin"].put("/api/progress/settings", json={"enabled": enabled})
    assert response.status_code == 200, response.text


async def upload(crew: Any, fid: str, name: str, who: str, kind: str) -> dict[str, Any]:
    """A real photo (blurring visibly changes it, unlike a plain colour)."""
    response = await crew[who].put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": fid, "kind": kind},
                                   content=(PHOTOS / name).read_bytes())
    assert response.status_code == 201, response.text
    return response.json()


async def verified_with_photos(crew: Any) -> tuple[str, dict[str, Any], dict[str, Any]]:
    fid = await crew.raise_finding("A caricature by the lifts")
    evidence = await upload(crew, fid, "Landscape_1.jpg", "auditor", "evidence")
    await crew.bring_to(fid, "in_progress")
    after = await upload(crew, fid, "Landscape_2.jpg", "facilities", "after")
    await crew.ok("facilities", fid, "resolved", photo_ids=[after["id"]], note="Replaced.")
    await crew.ok("committee", fid, "verified")
    return fid, evidence, after


async def redact(crew: Any, photo: dict[str, Any]) -> None:
    response = await crew["committee"].post(f"/api/photos/{photo['id']}/redactions", json=BOX)
    assert response.status_code == 200, response.text


async def publish(crew: Any, fid: str, **body: Any):
    return await crew["committee"].put(f"/api/findings/{fid}/publication", json=body)


async def test_only_a_verified_fix_with_redacted_photos_can_be_published(crew):
    fid = await crew.raise_finding()
    evidence = await crew.evidence(fid)
    await crew.bring_to(fid, "resolved")
    refused = await publish(crew, fid)
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_verified"
    await crew.step(fid, "verified")
    refused = await publish(crew, fid)
    assert refused.status_code == 422, refused.text
    assert refused.json()["error"] == {**refused.json()["error"], "code": "photo_not_redacted",
                                       "field": "before_photo_id"}
    await redact(crew, evidence)
    refused = await publish(crew, fid)
    assert refused.json()["error"]["field"] == "after_photo_id"
    someone_elses = await publish(crew, fid, before_photo_id=str(uuid.uuid4()))
    assert someone_elses.status_code == 422 and someone_elses.json()["error"]["field"] == "before_photo_id"
    assert (await publish(crew, str(uuid.uuid4()))).status_code == 404
    # Nothing was written by any refusal.
    shown = await crew.show(fid)
    assert shown["publication"] is None and shown["revision"] == 6


async def test_publishing_and_withdrawing_are_events_in_the_history(crew):
    fid, evidence, after = await verified_with_photos(crew)
    await redact(crew, evidence)
    await redact(crew, after)
    response = await publish(crew, fid)
    assert response.status_code == 200, response.text
    assert response.json()["published"] is True
    assert response.json()["before_photo_id"] == evidence["id"] and response.json()["after_photo_id"] == after["id"]
    again = await publish(crew, fid)  # already so: no second event
    assert again.status_code == 200
    shown = await crew.show(fid)
    assert shown["status"] == "verified" and shown["publication"]["published"] is True
    last = shown["timeline"][-1]
    assert (last["from"], last["to"], last["changes"]) == ("verified", "verified", {"published": [False, True]})
    assert last["photo_ids"] == [evidence["id"], after["id"]] and last["by"]["name"] == "Cora Committee"
    withdrawn = await crew["committee"].delete(f"/api/findings/{fid}/publication")
    assert withdrawn.status_code == 200 and withdrawn.json()["published"] is False
    assert (await crew["committee"].delete(f"/api/findings/{fid}/publication")).status_code == 404
    shown = await crew.show(fid)
    assert shown["timeline"][-1]["changes"] == {"published": [True, False]}
    listed = (await crew["committee"].get("/api/progress/publications")).json()
    assert listed["total"] == 1 and listed["items"][0]["finding"]["id"] == fid
    await assert_every_history_explains_its_finding()
    # The dashboard's time to verify counts the verification once, whatever happens after it.
    dashboard = (await crew["committee"].get("/api/dashboard")).json()
    assert dashboard["median_days_to_verify"]["count"] == 1


async def public_urls(ids: list[str]) -> list[str]:
    return [url for i in ids for url in (
        f"/api/public/progress/photos/{i}", f"/api/public/progress/photos/{i}?v=0", f"/progress/pairs/{i}",
        f"/api/public/progress/photos/{i}/display", f"/api/public/progress/photos/{i}/original",
        f"/api/public/spaces/{i}", f"/r/{i}")]


async def test_no_unpublished_photo_is_reachable_from_a_public_address(crew, anon, settings):
    fid, evidence, after = await verified_with_photos(crew)
    await redact(crew, evidence)
    await redact(crew, after)
    other, other_evidence, other_after = await verified_with_photos(crew)  # verified, redacted, not published
    await redact(crew, other_evidence)
    await redact(crew, other_after)
    assert (await publish(crew, fid)).status_code == 200
    photos = await Photo.all()
    originals = {p.original_evidence for p in photos} | {p.original_display for p in photos} | {
        p.original_thumb for p in photos}
    stored = {p.id: p for p in photos}
    ids = [str(p.id) for p in photos] + [str(p.id) for p in await CommunityPhoto.all()] + [
        str(f.id) for f in await Finding.all()] + [str(uuid.uuid4())]
    published = {evidence["id"], after["id"]}
    store = PhotoStore(settings.uploads_dir)

    async def sweep(page_on: bool) -> None:
        for url in await public_urls(ids):
            response = await anon.get(url)
            photo_id = url.split("/")[-1].split("?")[0]
            if page_on and url.startswith("/api/public/progress/photos/") and photo_id in published \
                    and url.count("/") == 5:
                assert response.status_code == 200 and response.headers["content-type"] == "image/jpeg"
                photo = stored[uuid.UUID(photo_id)]  # the redacted display copy, never the original
                assert response.content == await store.read(photo.display)
                assert response.content != await store.read(photo.original_display)
                continue
            if page_on and published and url == f"/progress/pairs/{fid}":
                assert response.status_code == 200
                continue
            assert response.status_code in (404, 422) or "image" not in response.headers.get("content-type", ""), url
            assert response.headers.get("content-type", "").split(";")[0] != "image/jpeg", url

    await sweep(page_on=False)  # the page is off: not even the published pair
    await turn(crew, True)
    await sweep(page_on=True)
    page = (await anon.get("/progress")).text
    for i in ids:
        if i not in published and i != fid:
            assert i not in page
    pair = (await anon.get(f"/progress/pairs/{fid}")).text
    assert evidence["id"] in pair and after["id"] in pair and other_evidence["id"] not in pair
    for digest in originals - {None}:
        assert digest[:16] not in pair
    # Withdrawn: the next load finds nothing.
    assert (await crew["committee"].delete(f"/api/findings/{fid}/publication")).status_code == 200
    published.clear()
    await sweep(page_on=True)
    assert (await anon.get(f"/progress/pairs/{fid}")).status_code == 404
    assert other != fid

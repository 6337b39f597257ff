"""Audit report benchmark: the PDF of an audit with 200 findings, each with its own photos, from a real server.

Run from the repository root:  .venv/bin/python benchmarks/report.py

Setup (not timed), in a throwaway data folder with SQLite: the shipped checklists, a building with 20 spaces and
one submitted audit of the portraits checklist with inventory counts in every space, and 200 findings in every
state of the workflow, each with its history. Every finding has an evidence photo and every third an
after-photo too (267 photos): each made from one of the real photos in the shared test set, stamped with its
number so no two are alike (a PDF embeds identical images once), and put through the app's photo pipeline, so
the display JPEGs the report embeds are the ones a real upload makes.

Then `spaces-audit serve` runs, the committee member logs in, and GET /api/audits/{id}/report.pdf is timed
from request to last byte, three times. `report_peak_mb` is the server's peak resident memory (VmHWM) after
those requests, beside what it was before them.

The last lines are `report_seconds: N` (the median; target < 10) and `report_peak_mb: N`.
"""

from __future__ import annotations

import asyncio
import io
import os
import random
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
from PIL import Image, ImageDraw, ImageOps
from serving import serving  # benchmarks/, beside this script

from server import db
from server.domain.checklists.store import load_folder
from server.domain.people.users import create_user
from server.models import (
    Audit,
    AuditEvent,
    AuditMember,
    AuditSpace,
    Building,
    Campus,
    ChecklistVersion,
    Finding,
    FindingEvent,
    Photo,
    Response,
    Space,
)
from server.photos import PhotoStore, process
from server.settings import SHIPPED_CHECKLISTS, load_settings

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = next(folder for folder in (ROOT.parent / "shared" / "testdata" / "photos",
                                    Path("/work/shared/testdata/photos")) if (folder / "MANIFEST.tsv").exists())
SOURCES = ["IMG_20180725_163423.jpg", "Landscape_1.jpg", "Landscape_6.jpg", "32-lens_data.jpeg", "pug.heic",
           "flower.webp"]
FINDINGS, SPACES, RUNS = 200, 20, 3
PASSWORD = "benchmark-password-1234"
PATHS = [[], ["accepted"], ["declined"], ["accepted", "assigned"], ["accepted", "assigned", "in_progress"],
         ["accepted", "assigned", "in_progress", "resolved"],
         ["accepted", "assigned", "in_progress", "resolved", "verified"]]
COUNTS = ("portrait-count", "portrait-count-women", "portrait-count-people-of-color",
          "portrait-count-race-undocumented", "portrait-count-unidentified")



def rss_mb(pid: int) -> float:
    """The peak resident set of a process since it started (VmHWM)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmHWM in /proc/{pid}/status")





def bases() -> list[Image.Image]:
    """The real photos, upright and at the evidence size (2048 px), to stamp variants from."""
    from pillow_heif import register_heif_opener

    register_heif_opener()
    out = []
    for name in SOURCES:
        image = ImageOps.exif_transpose(Image.open(PHOTOS / name)).convert("RGB")
        image.thumbnail((2048, 2048))
        out.append(image)
    return out


def variant(base: Image.Image, label: str) -> bytes:
    image = base.copy()
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, image.width // 3, image.height // 8), fill=(255, 255, 255))
    draw.text((10, 10), label, fill=(0, 0, 0), font_size=max(24, image.height // 14))
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


async def store_photo(store: PhotoStore, data: bytes, finding_id: str, kind: str, user_id: str) -> str:
    processed = await asyncio.to_thread(process, data)
    sizes = {name: await store.put(getattr(processed, name)) for name in ("evidence", "display", "thumb")}
    photo = await Photo.create(finding_id=finding_id, kind=kind, upload_sha256=sizes["evidence"], **sizes,
                               width=processed.width, height=processed.height, uploaded_by_id=user_id,
                               caption=f"{kind} photo")
    return str(photo.id)


async def setup(uploads: Path) -> str:
    """The audit to report on; returns its id."""
    await load_folder(SHIPPED_CHECKLISTS)
    users = {role: await create_user(f"{role}@bench.example", f"{role.title()} Benchmark", [role], PASSWORD)
             for role in ("admin", "auditor", "facilities", "committee")}
    campus = await Campus.create(name="Bench campus")
    building = await Building.create(campus=campus, code="BEN", name="Bench Hall")
    spaces = [await Space.create(building=building, floor=str(1 + n // 5), room_number=f"{100 + n}",
                                 name=f"Room {n}", kind="lecture_hall") for n in range(SPACES)]
    cv = await ChecklistVersion.get(checklist_id="portraits-honorifics")
    now = datetime.now(UTC)
    audit = await Audit.create(title="Portraits, spring", building=building, checklist=cv, status="submitted",
                               created_by=users["auditor"], submitted_at=now - timedelta(days=30))
    await AuditMember.create(audit=audit, user=users["auditor"])
    await AuditSpace.bulk_create([AuditSpace(audit=audit, space=s, position=i) for i, s in enumerate(spaces)])
    await AuditEvent.create(audit=audit, actor=users["auditor"], to_status="submitted", at=now)
    rng = random.Random(7)
    answers = []
    for space in spaces:
        total = rng.randint(5, 40)
        given = {"portraits-present": "yes", COUNTS[0]: total, **{c: rng.randint(0, total) for c in COUNTS[1:]}}
        answers += [Response(audit=audit, space=space, item_id=k, answer={"value": v}, answered_by=users["auditor"])
                    for k, v in given.items()]
    await Response.bulk_create(answers)
    store, images, photos = PhotoStore(uploads), bases(), 0
    for n in range(FINDINGS):
        path = PATHS[n % len(PATHS)]
        at = now - timedelta(days=60 - n * 0.2)
        finding = await Finding.create(
            audit=audit, space=spaces[n % SPACES], item_id="portraits-context", section_id="labels-context",
            title=f"Finding {n + 1}: portrait series without interpretive text", severity=rng.choice(
                ["low", "medium", "high"]), description="A wall of portraits of former chairs, with no panel "
            "explaining how they were chosen or who was excluded.", remedies=["add_context", "add_representative"],
            status=path[-1] if path else "open", revision=len(path) + 1, created_by=users["auditor"], created_at=at,
            remedy="add_context" if "accepted" in path else None,
            assignee=users["facilities"] if "assigned" in path else None,
            due_date=(now + timedelta(days=14)).date() if "assigned" in path else None,
            resolved_by=users["facilities"] if "resolved" in path else None)
        evidence = await store_photo(store, variant(images[n % len(images)], f"#{n + 1}"), str(finding.id),
                                     "evidence", str(users["auditor"].id))
        finding.photo_ids = [evidence]
        await finding.save()
        photos += 1
        if n % 3 == 0:
            await store_photo(store, variant(images[(n + 1) % len(images)], f"after #{n + 1}"), str(finding.id),
                              "after", str(users["facilities"].id))
            photos += 1
        who = {"in_progress": "facilities", "resolved": "facilities"}
        events = [FindingEvent(finding=finding, actor=users["auditor"], at=at, to_status="open")]
        state = "open"
        for step, to in enumerate(path, 1):
            events.append(FindingEvent(finding=finding, actor=users[who.get(to, "committee")],
                                       at=at + timedelta(hours=step), from_status=state, to_status=to,
                                       note="Noted by the committee." if to == "declined" else ""))
            state = to
        await FindingEvent.bulk_create(events)
    print(f"setup: {FINDINGS} findings, {photos} photos, {SPACES} spaces with inventory counts")
    return str(audit.id)


async def prepare(settings_env: dict[str, str]) -> str:
    settings = load_settings(settings_env)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    await db.apply_migrations(settings.database_url)
    await db.open_database(settings.database_url)
    try:
        return await setup(settings.uploads_dir)
    finally:
        await db.close_database()


async def fetch_reports(base: str, audit_id: str) -> list[tuple[float, int]]:
    async with httpx.AsyncClient(base_url=base, headers={"origin": base}, timeout=300) as client:
        login = await client.post("/api/session", json={"email": "committee@bench.example", "password": PASSWORD})
        assert login.status_code == 200, login.text
        out = []
        for _ in range(RUNS):
            started = time.perf_counter()
            size = 0
            async with client.stream("GET", f"/api/audits/{audit_id}/report.pdf") as response:
                assert response.status_code == 200, await response.aread()
                async for chunk in response.aiter_bytes():
                    size += len(chunk)
            out.append((time.perf_counter() - started, size))
        report = await client.get(f"/api/audits/{audit_id}/report.pdf")
        describe(report.content)
        return out


def describe(pdf: bytes) -> None:
    try:
        from pypdf import PdfReader
    except ImportError:  # a test dependency: without it, the PDF is not opened
        return
    reader = PdfReader(io.BytesIO(pdf))
    images = sum(1 for page in reader.pages for ref in (page["/Resources"].get("/XObject") or {}).values()
                 if ref.get_object()["/Subtype"] == "/Image")
    print(f"pdf: {len(reader.pages)} pages, {images} embedded photos")


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="report-bench-") as folder:
        env = {**os.environ, "SPACES_DATA_DIR": f"{folder}/data", "SPACES_UPLOADS_DIR": f"{folder}/uploads",
               "DATABASE_URL": "", "SPACES_PUBLIC_URL": ""}
        started = time.perf_counter()
        audit_id = asyncio.run(prepare(env))
        print(f"setup_seconds: {time.perf_counter() - started:.1f}")
        with serving(env, f"{folder}/server.log") as (base, server):
            before = rss_mb(server.pid)
            runs = asyncio.run(fetch_reports(base, audit_id))
            peak = rss_mb(server.pid)
        for seconds, size in runs:
            print(f"run: {seconds:.2f} s, {size / 1e6:.1f} MB")
        print(f"server_peak_before_report_mb: {before:.0f}")
        print(f"report_seconds: {statistics.median(s for s, _ in runs):.2f}")
        print(f"report_peak_mb: {peak:.0f}")


if __name__ == "__main__":
    main()

"""Photo pipeline benchmark: speed against a plain Pillow decode, and the server's peak memory under uploads.

Run from the repository root:  .venv/bin/python benchmarks/photos.py

(a) Side by side in one run, interleaved so that machine load falls on all three alike, the median of several
    repetitions of: a full Pillow decode of the 12 MP phone photo, the naive pipeline (decode, EXIF transpose,
    resize to the three sizes, save) and server.photos.process(). Each is timed twice: by the clock on the
    wall (`*_ms`) and by the CPU time of the thread doing it (`*_cpu_ms`; all three are single-threaded).
    The ratio on the last lines uses CPU time, which is the work each needs and stays put when other
    processes share the machine; the wall-clock ratio is printed too.
(b) The peak resident memory (VmHWM) of a real server (`spaces-audit serve`, in a throwaway data folder)
    while 8 uploads of that photo arrive at once through PUT /api/photos/{id}. If the route cannot be used,
    a subprocess running process_bounded() on 8 copies at once is measured instead, and a line says so.
(c) The same for a fresh server while four 99-megapixel PNGs (a 9950x9950 mostly flat RGB image made here:
    a few hundred KB that decode to 396 MB) and four of the phone photos arrive at once, and its memory once
    they are done; then eight of those PNGs at once, each of which must get an answer (201, or a 4xx with an
    error code).

The last lines are `pipeline_vs_decode: R` (target <= 1.0), `peak_rss_mb: N` (target < 400) and
`png99_peak_rss_mb: N` (target < 400).
"""

from __future__ import annotations

import argparse
import asyncio
import io
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from PIL import Image, ImageDraw, ImageOps
from serving import ServerDidNotStart, serving  # benchmarks/, beside this script

from server.photos import SIZES, process, process_bounded

ROOT = Path(__file__).resolve().parents[1]
PHOTO = next((folder / "IMG_20180725_163423.jpg" for folder in (ROOT.parent / "shared" / "testdata" / "photos",
                                                                 Path("/work/shared/testdata/photos"))
              if (folder / "IMG_20180725_163423.jpg").exists()), ROOT.parent / "shared" / "testdata" / "photos")
REPETITIONS = 21
UPLOADS = 8
# A setup command (migrate, create-user) that has not finished by then has hung: fail rather than wait forever.
SETUP_TIMEOUT = 120
PNG99_SIZE = (9950, 9950)  # 99.0 megapixels: just under the default SPACES_MAX_IMAGE_MEGAPIXELS
PASSWORD = "benchmark-password-1234"


class RouteUnavailable(Exception):
    """The upload route could not be exercised; the reason says why."""


# (a) speed


def full_decode(data: bytes) -> None:
    Image.open(io.BytesIO(data)).load()


def naive_pipeline(data: bytes) -> None:
    image = Image.open(io.BytesIO(data))
    image.load()
    image = ImageOps.exif_transpose(image)
    for limit in SIZES.values():
        scale = limit / max(image.size)
        size = (round(image.width * scale), round(image.height * scale))
        image.resize(size).save(io.BytesIO(), "JPEG", quality=85)  # Pillow's default filter (bicubic)


def our_pipeline(data: bytes) -> None:
    process(data)


def median_ms(data: bytes, contenders: dict[str, Callable[[bytes], None]]) -> dict[str, float]:
    """Median wall-clock ("name") and thread CPU ("name_cpu") milliseconds of each contender."""
    for run in contenders.values():
        run(data)  # warm up: plugins imported, caches filled
    times: dict[str, list[float]] = {key: [] for name in contenders for key in (name, f"{name}_cpu")}
    for _ in range(REPETITIONS):
        for name, run in contenders.items():
            wall, cpu = time.perf_counter(), time.thread_time()
            run(data)
            times[f"{name}_cpu"].append((time.thread_time() - cpu) * 1000)
            times[name].append((time.perf_counter() - wall) * 1000)
    return {key: statistics.median(values) for key, values in times.items()}


# (b) memory


def rss_mb(pid: int, field: str = "VmHWM") -> float:
    """VmHWM: the peak resident set since the process started; VmRSS: the current one."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no {field} in /proc/{pid}/status")



def create_user(env: dict[str, str], email: str, role: str) -> None:
    subprocess.run([sys.executable, "-m", "server.cli", "create-user", email, "--role", role, "--password-stdin"],
                   input=PASSWORD, text=True, env=env, check=True, capture_output=True, timeout=SETUP_TIMEOUT)


async def logged_in(base: str, email: str) -> httpx.AsyncClient:
    client = httpx.AsyncClient(base_url=base, headers={"origin": base}, timeout=120)
    response = await client.post("/api/session", json={"email": email, "password": PASSWORD})
    if response.status_code != 200:
        raise RouteUnavailable(f"login failed: {response.status_code} {response.text[:200]}")
    return client





async def checked(response: httpx.Response, what: str) -> dict:
    if response.status_code not in (200, 201):
        raise RouteUnavailable(f"{what}: {response.status_code} {response.text[:300]}")
    return response.json()


async def make_finding(admin: httpx.AsyncClient, auditor: httpx.AsyncClient, auditor_id: str) -> str:
    campus = await checked(await admin.post("/api/campuses", json={"name": "Bench Campus"}), "campus")
    building = await checked(await admin.post("/api/buildings", json={
        "campus_id": campus["id"], "code": "BEN", "name": "Bench Hall"}), "building")
    space = await checked(await admin.post("/api/spaces", json={
        "building_id": building["id"], "floor": "1", "room_number": "101", "name": "Room 101",
        "kind": "classroom"}), "space")
    checklists = (await checked(await auditor.get("/api/checklists"), "checklists"))["items"]
    audit_id, finding_id = str(uuid.uuid4()), str(uuid.uuid4())
    await checked(await auditor.put(f"/api/audits/{audit_id}", json={
        "building_id": building["id"], "checklist_id": checklists[0]["id"], "title": "Benchmark walk",
        "member_ids": [auditor_id], "space_ids": [space["id"]]}), "audit")
    await checked(await auditor.put(f"/api/findings/{finding_id}", json={
        "audit_id": audit_id, "space_id": space["id"], "item_id": None, "title": "A poster",
        "description": "", "severity": "low", "remedies": ["remove"], "photo_ids": []}), "finding")
    return finding_id


async def upload_all(base: str, bodies: list[bytes], warm_up: bytes | None = None,
                     ready: Callable[[], None] = lambda: None) -> list[httpx.Response]:
    """Upload every body at once to one finding; the answers, in order. warm_up is uploaded alone first, then
    ready() is called."""
    admin = await logged_in(base, "admin@bench.example")
    auditor = await logged_in(base, "auditor@bench.example")
    try:
        me = await checked(await auditor.get("/api/me"), "me")
        finding_id = await make_finding(admin, auditor, me["id"])
        if warm_up is not None:
            await checked(await auditor.put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": finding_id},
                                            content=warm_up), "warm-up upload")
        ready()
        uploads = [auditor.put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": finding_id}, content=body,
                               headers={"content-type": "image/png" if body.startswith(b"\x89PNG") else "image/jpeg"})
                   for body in bodies]
        return list(await asyncio.gather(*uploads))
    finally:
        await admin.aclose()
        await auditor.aclose()


@contextmanager
def running_server() -> Iterator[tuple[str, int]]:
    """A fresh `spaces-audit serve` in a throwaway data folder, with an administrator and an auditor: its
    address and process id."""
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SPACES_DATA_DIR": f"{folder}/data", "SPACES_UPLOADS_DIR": f"{folder}/uploads",
               "DATABASE_URL": "", "SPACES_PUBLIC_URL": ""}
        subprocess.run([sys.executable, "-m", "server.cli", "migrate"], env=env, check=True, capture_output=True,
                       timeout=SETUP_TIMEOUT)
        create_user(env, "admin@bench.example", "admin")
        create_user(env, "auditor@bench.example", "auditor")
        with serving(env, f"{folder}/server.log") as (base, server):
            yield base, server.pid


def serve_uploads(bodies: list[bytes], label: str, warm_up: bytes | None = None,
                  ) -> tuple[float, float, list[httpx.Response]]:
    """A fresh server's peak RSS while the bodies are uploaded at once, its RSS once they are answered, and
    the answers. With warm_up, that is uploaded first, so that "before" counts what a first upload loads."""
    with running_server() as (base, pid):
        def ready() -> None:
            print(f"{label}_rss_before_uploads_mb: {rss_mb(pid, 'VmRSS'):.0f} (peak so far {rss_mb(pid):.0f})")

        started = time.perf_counter()
        answers = asyncio.run(upload_all(base, bodies, warm_up, ready))
        print(f"{label}_uploads_s: {time.perf_counter() - started:.2f} for {len(bodies)} at once")
        return rss_mb(pid), rss_mb(pid, "VmRSS"), answers


def server_peak_rss(data: bytes) -> float:
    peak, _, answers = serve_uploads([data] * UPLOADS, "jpeg")
    for response in answers:
        if response.status_code not in (200, 201):
            raise RouteUnavailable(f"photo upload: {response.status_code} {response.text[:300]}")
    return peak


def png99(folder: Path) -> bytes:
    """A 99-megapixel RGB PNG, mostly flat (a scanned plan, say): small to send, 396 MB once decoded."""
    image = Image.new("RGB", PNG99_SIZE, (236, 236, 230))
    draw = ImageDraw.Draw(image)
    for step in range(0, PNG99_SIZE[0], 450):
        draw.rectangle((step, step, step + 300, step + 180), fill=(step % 256, 90, 160))
        draw.line((0, step, PNG99_SIZE[0], PNG99_SIZE[1] - step), fill=(30, 30, 30), width=4)
    path = folder / "png99.png"
    image.save(path)
    return path.read_bytes()


def answered_clearly(response: httpx.Response) -> bool:
    """Accepted, or refused with a 4xx that says why (an error code), never a 5xx or a dropped connection."""
    if response.status_code in (200, 201):
        return True
    try:
        return 400 <= response.status_code < 500 and bool(response.json().get("error", {}).get("code"))
    except ValueError:
        return False


def png99_memory(jpeg: bytes) -> float:
    """(c): four 99 MP PNGs with four phone photos, then eight 99 MP PNGs; returns the first peak."""
    with tempfile.TemporaryDirectory() as folder:
        png = png99(Path(folder))
    print(f"png99: {PNG99_SIZE[0]}x{PNG99_SIZE[1]} RGB PNG ({len(png) / 1e3:.0f} KB)")
    peak, after, answers = serve_uploads([png, jpeg] * 4, "png99", warm_up=jpeg)
    statuses = sorted(response.status_code for response in answers)
    print(f"png99_answers: {statuses}")
    print(f"png99_rss_after_mb: {after:.0f}")
    peak8, after8, answers8 = serve_uploads([png] * 8, "png99x8", warm_up=jpeg)
    statuses8 = sorted(response.status_code for response in answers8)
    print(f"png99x8_answers: {statuses8} ({'all clear' if all(map(answered_clearly, answers8)) else 'UNCLEAR'})")
    print(f"png99x8_peak_rss_mb: {peak8:.0f}")
    print(f"png99x8_rss_after_mb: {after8:.0f}")
    return peak


def workers_child() -> None:
    """Runs in its own process: 8 photos through process_bounded at once, then print the peak RSS."""
    data = PHOTO.read_bytes()

    async def main() -> None:
        await asyncio.gather(*(process_bounded(data, max_pixels=100_000_000) for _ in range(UPLOADS)))

    asyncio.run(main())
    print(f"{rss_mb(os.getpid()):.1f}")


def workers_peak_rss() -> float:
    done = subprocess.run([sys.executable, __file__, "--workers-child"], check=True, capture_output=True, text=True)
    return float(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers-child", action="store_true", help=argparse.SUPPRESS)
    if parser.parse_args().workers_child:
        workers_child()
        return
    data = PHOTO.read_bytes()
    print(f"photo: {PHOTO.name} ({len(data) / 1e6:.1f} MB), {REPETITIONS} repetitions, medians")
    times = median_ms(data, {"decode": full_decode, "naive": naive_pipeline, "pipeline": our_pipeline})
    for name, value in times.items():
        print(f"{name}_ms: {value:.1f}")
    print(f"naive_vs_decode: {times['naive_cpu'] / times['decode_cpu']:.2f} "
          f"(wall clock: {times['naive'] / times['decode']:.2f})")
    print(f"pipeline_vs_decode_wall: {times['pipeline'] / times['decode']:.2f}")
    try:
        peak = server_peak_rss(data)
        print(f"memory_method: server process (spaces-audit serve), {UPLOADS} concurrent PUT /api/photos/{{id}}")
    except (RouteUnavailable, ServerDidNotStart, subprocess.CalledProcessError) as problem:
        print(f"memory_method: route unavailable ({problem}); a subprocess running process_bounded() "
              f"on {UPLOADS} copies at once")
        peak = workers_peak_rss()
    png_peak = png99_memory(data)
    print(f"pipeline_vs_decode: {times['pipeline_cpu'] / times['decode_cpu']:.2f}")
    print(f"peak_rss_mb: {peak:.0f}")
    print(f"png99_peak_rss_mb: {png_peak:.0f}")


if __name__ == "__main__":
    main()

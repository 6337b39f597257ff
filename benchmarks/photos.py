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

The last two lines are `pipeline_vs_decode: R` (target <= 1.0) and `peak_rss_mb: N` (target < 400).
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
from collections.abc import Callable
from pathlib import Path

import httpx
from PIL import Image, ImageOps
from serving import ServerDidNotStart, free_port, wait_until_up  # benchmarks/, beside this script

from server.photos import SIZES, process, process_bounded

ROOT = Path(__file__).resolve().parents[1]
PHOTO = next((folder / "IMG_20180725_163423.jpg" for folder in (ROOT.parent / "shared" / "testdata" / "photos",
                                                                 Path("/work/shared/testdata/photos"))
              if (folder / "IMG_20180725_163423.jpg").exists()), ROOT.parent / "shared" / "testdata" / "photos")
REPETITIONS = 21
UPLOADS = 8
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
                   input=PASSWORD, text=True, env=env, check=True, capture_output=True)


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


async def upload_all(base: str, data: bytes) -> None:
    admin = await logged_in(base, "admin@bench.example")
    auditor = await logged_in(base, "auditor@bench.example")
    try:
        me = await checked(await auditor.get("/api/me"), "me")
        finding_id = await make_finding(admin, auditor, me["id"])
        uploads = [auditor.put(f"/api/photos/{uuid.uuid4()}", params={"finding_id": finding_id}, content=data,
                               headers={"content-type": "image/jpeg"}) for _ in range(UPLOADS)]
        for response in await asyncio.gather(*uploads):
            await checked(response, "photo upload")
    finally:
        await admin.aclose()
        await auditor.aclose()


def server_peak_rss(data: bytes) -> float:
    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "SPACES_DATA_DIR": f"{folder}/data", "SPACES_UPLOADS_DIR": f"{folder}/uploads",
               "DATABASE_URL": "", "SPACES_PUBLIC_URL": ""}
        subprocess.run([sys.executable, "-m", "server.cli", "migrate"], env=env, check=True, capture_output=True)
        create_user(env, "admin@bench.example", "admin")
        create_user(env, "auditor@bench.example", "auditor")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        with open(f"{folder}/server.log", "wb") as log:
            server = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--port", str(port)],
                                      env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            asyncio.run(wait_until_up(base, server))
            print(f"server_rss_before_uploads_mb: {rss_mb(server.pid, 'VmRSS'):.0f} "
                  f"(peak so far {rss_mb(server.pid):.0f})")
            started = time.perf_counter()
            asyncio.run(upload_all(base, data))
            print(f"uploads_s: {time.perf_counter() - started:.2f} for {UPLOADS} at once")
            return rss_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=30)


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
    print(f"pipeline_vs_decode: {times['pipeline_cpu'] / times['decode_cpu']:.2f}")
    print(f"peak_rss_mb: {peak:.0f}")


if __name__ == "__main__":
    main()

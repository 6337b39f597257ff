"""Community reports under load, the weight of the reporter's page, and what the server kept of the reporters.

Run from the repository root:  .venv/bin/python benchmarks/community.py

A real `spaces-audit serve` on 127.0.0.1 with a throwaway SQLite data folder and its access log on. Twenty
clients, each from its own loopback address (127.0.0.10 to .29, so the server sees twenty phones) with its own
user agent and referrer, send ten reports each at once: 200 reports, the first of each client with a photo (20
photos, the 12 MP test photo shrunk to the 2,048 px the page sends). Then:

- `community_p95_ms`: the 95th percentile of the time to send a report without a photo (target < 300);
- `public_page_kb`: every byte Chromium received to open a poster's page once (encoded bodies as they came
  over the wire, so compressed, plus response headers), with service workers blocked (target < 30);
- `stored_client_traces`: how many times any client address, user agent or referrer appears in the database
  file (and its WAL) and in the server's log (must be 0). The log does show the benchmark's own health checks
  from 127.0.0.1, which is not one of the clients.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx
from playwright.async_api import async_playwright
from serving import ARGS, CHROMIUM, ROOT, photo_2048, serving  # benchmarks/, beside this script

sys.path.insert(0, str(ROOT))
CLIENTS, PER_CLIENT, SPACES = 20, 10, 10
RUN = uuid.uuid4().hex[:10]


def address(index: int) -> str:
    return f"127.0.0.{10 + index}"


def agent(index: int) -> str:
    return f"BenchPhone/{RUN}-{index}"


def referrer(index: int) -> str:
    return f"https://ref-{RUN}-{index}.example/poster"


async def make_places(database_url: str) -> list[str]:
    """A campus taking reports, one building, ten spaces; their poster codes."""
    from server import db
    from server.domain.community import codes
    from server.models import Building, Campus, Space

    await db.open_database(database_url)
    try:
        campus = await Campus.create(name="Bench Campus", community_reports=True)
        building = await Building.create(campus=campus, code="BEN", name="Bench Hall")
        spaces = [await Space.create(building=building, floor="1", room_number=f"1{i:02d}", name=f"Room {i}",
                                     kind="classroom") for i in range(SPACES)]
        return [await codes.ensure_code(space) for space in spaces]
    finally:
        await db.close_database()


async def one_client(base: str, index: int, space_codes: list[str], photo: bytes, timings: list[float]) -> int:
    transport = httpx.AsyncHTTPTransport(local_address=address(index))
    headers = {"user-agent": agent(index), "referer": referrer(index), "accept-language": "es-ES,es;q=0.9"}
    sent = 0
    async with httpx.AsyncClient(base_url=base, transport=transport, headers=headers, timeout=60) as client:
        for n in range(PER_CLIENT):
            body = {"id": str(uuid.uuid4()), "code": space_codes[(index * PER_CLIENT + n) % len(space_codes)],
                    "category": "portrait", "description": f"Retrato sin contexto, número {n}.", "impact": "",
                    "photo_ids": [], "email": "", "lang": "es", "website": ""}
            if n == 0:
                photo_id = str(uuid.uuid4())
                uploaded = await client.put(f"/api/public/photos/{photo_id}", content=photo,
                                            headers={"content-type": "image/jpeg"})
                uploaded.raise_for_status()
                body["photo_ids"] = [photo_id]
            started = time.perf_counter()
            response = await client.post("/api/public/reports", json=body)
            if n > 0:
                timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 201:
                raise RuntimeError(f"report refused: {response.status_code} {response.text}")
            sent += 1
    return sent


async def page_weight(base: str, code: str) -> float:
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = await browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
        total = [0]

        async def finished(request) -> None:  # type: ignore[no-untyped-def]
            sizes = await request.sizes()
            total[0] += max(sizes["responseBodySize"], 0) + sizes["responseHeadersSize"]

        pending: list[asyncio.Future[None]] = []
        context.on("requestfinished", lambda request: pending.append(asyncio.ensure_future(finished(request))))
        page = await context.new_page()
        await page.goto(f"{base}/r/{code}", wait_until="networkidle")
        await page.get_by_role("heading", level=1).wait_for()
        await asyncio.gather(*pending)
        await browser.close()
        return total[0] / 1024


def traces(paths: list[Path]) -> int:
    needles = [s.encode() for i in range(CLIENTS) for s in (address(i), agent(i), referrer(i))]
    found = 0
    for path in paths:
        if path.exists():
            data = path.read_bytes()
            found += sum(data.count(needle) for needle in needles)
    return found


async def measure(base: str, space_codes: list[str]) -> tuple[list[float], float]:
    photo = photo_2048()
    timings: list[float] = []
    counts = await asyncio.gather(*(one_client(base, i, space_codes, photo, timings) for i in range(CLIENTS)))
    assert sum(counts) == CLIENTS * PER_CLIENT
    return timings, await page_weight(base, space_codes[0])


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="community-bench-") as tmp:
        data = Path(tmp)
        env = {**os.environ, "SPACES_DATA_DIR": str(data / "data"), "SPACES_UPLOADS_DIR": str(data / "up"),
               "SPACES_LOG_LEVEL": "info", "SPACES_COMMUNITY_DIGEST": "off"}
        env.pop("DATABASE_URL", None)
        subprocess.run([sys.executable, "-m", "server.cli", "migrate"], env=env, check=True, capture_output=True,
                       timeout=120)
        database = data / "data" / "spaces-audit.sqlite3"
        from server.settings import sqlite_url

        space_codes = asyncio.run(make_places(sqlite_url(database)))
        log_path = data / "server.log"
        with serving(env, log_path) as (base, _):
            timings, page_kb = asyncio.run(measure(base, space_codes))
        found = traces([database, database.with_name(database.name + "-wal"), log_path])
        log_text = log_path.read_text(encoding="utf-8", errors="replace")
        # The search means something only if the access log was on: the health checks are logged with 127.0.0.1.
        if "127.0.0.1" not in log_text or "/api/public/reports" not in log_text:
            raise RuntimeError("the server's access log did not record the requests; nothing was searched")
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(f"reports_sent: {CLIENTS * PER_CLIENT} (20 with photos) from {CLIENTS} client addresses")
        print(f"community_p50_ms: {statistics.median(timings):.0f}")
        print(f"community_p95_ms: {p95:.0f}")
        print(f"public_page_kb: {page_kb:.1f}")
        print(f"stored_client_traces: {found}")


if __name__ == "__main__":
    main()

"""Performance at scale: the app beside bare Starlette, and its growth from 10,000 to 100,000 findings.

Run from the repository root:  .venv/bin/python benchmarks/scale.py [--sizes 10000,100000] [--skip-pg]

For each size a database is built in bulk (benchmarks/scale_data.py; not timed) and served by a real
`spaces-audit serve` on 127.0.0.1 (one worker, default settings), read as a committee member:

- list_vs_bare: `GET /api/findings?limit=50` requests per second divided by those of a bare Starlette app on the
  same uvicorn settings that looks the session up and returns the same 50 newest findings from one query
  (benchmarks/bare_app.py); wrk, 20 connections, alternating rounds (app, bare, app, bare...), medians; measured
  on the smallest size.
- dashboard_p95_ms_<size>: `GET /api/dashboard`, sequential requests, 95th percentile; dashboard_growth is the
  largest size's p95 over the smallest's.
- deep_page_growth: the list's last page (found by following the list's own next links, with 200 a page, or
  from its total where the list has no links), 50 items, p95 at the largest size over the smallest.
- csv_rows_per_s_<size>: the whole `GET /api/reports/findings.csv`, rows per second.

With TEST_POSTGRES_URL set (asyncpg://user@host:port) the same run follows on PostgreSQL, its lines prefixed pg_.
The last lines are the figures the issue sets targets for.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit

import asyncpg
import httpx
import scale_data  # benchmarks/, beside this script
from serving import free_port

from server.settings import sqlite_url

HERE = Path(__file__).resolve().parent
PG_URL = os.environ.get("TEST_POSTGRES_URL", "")
LIST = "/api/findings?limit=50"
LOG_LEVEL = "info"  # what `spaces-audit serve` uses by default; the bare app gets the same


def label(size: int) -> str:
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def _pg_dsn(url: str, name: str) -> str:
    return url.replace("asyncpg://", "postgresql://").rstrip("/") + f"/{name}"


@contextmanager
def database(kind: str, size: int, folder: Path) -> Iterator[tuple[str, str, str]]:
    """A built database: (DATABASE_URL for the app, the bare app's database, a committee session token)."""
    if kind == "sqlite":
        path = folder / f"scale-{size}.sqlite3"
        token = asyncio.run(scale_data.build(sqlite_url(path), size))
        yield sqlite_url(path), str(path), token
        return
    name = f"spaces_scale_{size}_{uuid.uuid4().hex[:8]}"
    asyncio.run(_pg_admin(f'CREATE DATABASE "{name}"'))
    try:
        url = f"{PG_URL.rstrip('/')}/{name}"
        token = asyncio.run(scale_data.build(url, size, label="scale_pg"))
        yield url, _pg_dsn(PG_URL, name), token
    finally:
        asyncio.run(_pg_admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


async def _pg_admin(sql: str) -> None:
    conn = await asyncpg.connect(_pg_dsn(PG_URL, "postgres"))
    try:
        await conn.execute(sql)
    finally:
        await conn.close()


@contextmanager
def process(command: Callable[[int], list[str]], env: dict[str, str], log: Path) -> Iterator[str]:
    """A server on a free loopback port, stopped by its id when done; yields its base URL."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log, "ab") as out:
        server = subprocess.Popen(command(port), env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        for _ in range(600):
            if server.poll() is not None:
                raise RuntimeError(f"{command} stopped while starting: see {log}")
            try:
                httpx.get(f"{base}/api/findings", timeout=1)
                break
            except httpx.TransportError:
                time.sleep(0.1)
        yield base
        PEAK_RSS_MB[base] = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)


PEAK_RSS_MB: dict[str, float] = {}


def _peak_rss_mb(pid: int) -> float:
    """The process's peak resident memory so far (Linux), for sizing a server."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024  # type: ignore[union-attr]


def app_command(folder: Path, database_url: str) -> tuple[Callable[[int], list[str]], dict[str, str]]:
    env = {**os.environ, "SPACES_DATA_DIR": str(folder), "SPACES_UPLOADS_DIR": str(folder / "uploads"),
           "SPACES_LOG_LEVEL": LOG_LEVEL, "DATABASE_URL": database_url}
    return lambda port: [sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1", "--port",
                         str(port)], env


def bare_command(bare_database: str) -> tuple[Callable[[int], list[str]], dict[str, str]]:
    return (lambda port: [sys.executable, str(HERE / "bare_app.py"), str(port), LOG_LEVEL],
            {**os.environ, "BARE_DATABASE": bare_database})


def p95(samples: list[float]) -> float:
    return statistics.quantiles(samples, n=20, method="inclusive")[18]


async def latencies(base: str, token: str, path: str, count: int) -> list[float]:
    """Milliseconds of `count` sequential requests (after two to warm up)."""
    out = []
    async with httpx.AsyncClient(base_url=base, cookies={"sa_session": token}, timeout=600) as client:
        for n in range(count + 2):
            started = time.perf_counter()
            response = await client.get(path)
            elapsed = (time.perf_counter() - started) * 1000
            assert response.status_code == 200, (path, response.status_code, response.text[:300])
            if n >= 2:
                out.append(elapsed)
    return out


def _next(path: str, response: httpx.Response) -> str | None:
    """The list's link to its next page, however it gives it: a Link header, or `next` (a URL or a cursor)."""
    if "next" in response.links:
        return response.links["next"]["url"]
    body = response.json()
    value = body.get("next") or body.get("next_cursor")
    if isinstance(value, dict):
        value = value.get("href") or value.get("url")
    if not value:
        return None
    if str(value).startswith(("/", "http")):
        return str(value)
    parts = urlsplit(path)
    query = [(k, v) for k, v in parse_qsl(parts.query) if k != "cursor"] + [("cursor", str(value))]
    return f"{parts.path}?{urlencode(query)}"


async def last_page(base: str, token: str) -> str:
    """The path of the list's last page of 50, reached the way a client reaches it."""
    async with httpx.AsyncClient(base_url=base, cookies={"sa_session": token}, timeout=600) as client:
        path, response = "/api/findings?limit=200", await client.get("/api/findings?limit=200")
        following = _next(path, response)
        if following is None and "total" in response.json():  # offset paging: the last page is computed
            return f"/api/findings?limit=50&offset={max(0, response.json()['total'] - 50)}"
        while following is not None:
            path, response = following, await client.get(following)
            assert response.status_code == 200, response.text[:300]
            following = _next(path, response)
    parts = urlsplit(path)
    query = [(k, "50" if k == "limit" else v) for k, v in parse_qsl(parts.query)]
    return f"{parts.path}?{urlencode(query)}"


async def csv_rate(base: str, token: str) -> float:
    rows = 0
    async with httpx.AsyncClient(base_url=base, cookies={"sa_session": token}, timeout=3600) as client:
        started = time.perf_counter()
        async with client.stream("GET", "/api/reports/findings.csv") as response:
            assert response.status_code == 200
            async for chunk in response.aiter_bytes():
                rows += chunk.count(b"\n")
        seconds = time.perf_counter() - started
    return (rows - 1) / seconds


def wrk(url: str, token: str, seconds: int, connections: int) -> float:
    """Requests per second (non-2xx answers make the figure void)."""
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--timeout", "30s",
                          "-H", f"Cookie: sa_session={token}", url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx" in out:
        raise RuntimeError(f"wrk saw errors from {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]


def measure_size(kind: str, size: int, folder: Path, args: argparse.Namespace, bare: bool) -> dict[str, float]:
    figures: dict[str, float] = {}
    with database(kind, size, folder) as (database_url, bare_database, token):
        command, env = app_command(folder, database_url)
        with process(command, env, folder / "app.log") as base:
            dashboard = asyncio.run(latencies(base, token, "/api/dashboard", args.samples))
            figures["dashboard_p95_ms"] = p95(dashboard)
            deep = asyncio.run(last_page(base, token))
            figures["deep_page_p95_ms"] = p95(asyncio.run(latencies(base, token, deep, args.samples)))
            if not args.skip_csv:
                figures["csv_rows_per_s"] = asyncio.run(csv_rate(base, token))
            if bare:
                bare_cmd, bare_env = bare_command(bare_database)
                with process(bare_cmd, bare_env, folder / "bare.log") as bare_base:
                    rounds: dict[str, list[float]] = {"app": [], "bare": []}
                    for _ in range(args.rounds):
                        rounds["app"].append(wrk(base + LIST, token, args.seconds, args.connections))
                        rounds["bare"].append(wrk(bare_base + LIST, token, args.seconds, args.connections))
                figures["list_rps"] = statistics.median(rounds["app"])
                figures["bare_rps"] = statistics.median(rounds["bare"])
        figures["server_peak_rss_mb"] = PEAK_RSS_MB[base]
    return figures


def run(kind: str, prefix: str, args: argparse.Namespace) -> list[str]:
    folder = Path(tempfile.mkdtemp(prefix=f"scale-{kind}-"))
    try:
        per_size = {}
        for n, size in enumerate(args.sizes):
            per_size[size] = measure_size(kind, size, folder, args, bare=n == 0 and not args.skip_bare)
            for name, value in per_size[size].items():
                print(f"{prefix}{name}_{label(size)}: {value:.1f}", flush=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    small, large = per_size[args.sizes[0]], per_size[args.sizes[-1]]
    lines = []
    if "list_rps" in small:
        lines.append(f"{prefix}list_vs_bare: {small['list_rps'] / small['bare_rps']:.2f}")
    lines.append(f"{prefix}dashboard_p95_ms_{label(args.sizes[-1])}: {large['dashboard_p95_ms']:.0f}")
    if len(args.sizes) > 1:
        lines.append(f"{prefix}dashboard_growth: {large['dashboard_p95_ms'] / small['dashboard_p95_ms']:.2f}")
        lines.append(f"{prefix}deep_page_growth: {large['deep_page_p95_ms'] / small['deep_page_p95_ms']:.2f}")
    if "csv_rows_per_s" in large:
        lines.append(f"{prefix}csv_rows_per_s_{label(args.sizes[-1])}: {large['csv_rows_per_s']:.0f}")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="Findings in each database, smallest first.")
    parser.add_argument("--skip-pg", action="store_true", help="SQLite only, even with TEST_POSTGRES_URL set.")
    parser.add_argument("--skip-sqlite", action="store_true", help="PostgreSQL only.")
    parser.add_argument("--skip-csv", action="store_true", help="Leave out the CSV export.")
    parser.add_argument("--skip-bare", action="store_true", help="Leave out list_vs_bare.")
    parser.add_argument("--samples", type=int, default=20, help="Requests per latency figure (default 20).")
    parser.add_argument("--rounds", type=int, default=3, help="wrk rounds per app (default 3).")
    parser.add_argument("--seconds", type=int, default=10, help="Seconds per wrk round (default 10).")
    parser.add_argument("--connections", type=int, default=20, help="wrk connections (default 20).")
    args = parser.parse_args()
    args.sizes = sorted(int(s) for s in args.sizes.split(","))
    if not args.skip_bare and shutil.which("wrk") is None:
        parser.error("wrk is not installed (apt-get install wrk), or pass --skip-bare")
    lines = [] if args.skip_sqlite else run("sqlite", "", args)
    if PG_URL and not args.skip_pg:
        lines += run("postgres", "pg_", args)
    print("\n".join(lines))


if __name__ == "__main__":
    main()

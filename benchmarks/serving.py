"""What the benchmarks share: the test photo, Debian's Chromium and its flags, and a real `spaces-audit serve` on
a free loopback port, waited for until it answers its health check and stopped afterwards."""

from __future__ import annotations

import asyncio
import io
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from PIL import Image, ImageOps

ROOT = Path(__file__).resolve().parents[1]
PHOTOS = next(folder for folder in (ROOT.parent / "shared" / "testdata" / "photos",
                                   Path("/work/shared/testdata/photos")) if folder.exists())
PHOTO = PHOTOS / "IMG_20180725_163423.jpg"  # a 12 MP phone photo with GPS in its EXIF
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]


class ServerDidNotStart(RuntimeError):
    pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def serving(env: dict[str, str], log_path: Path | str, *options: str, port: int | None = None,
            stop_seconds: int = 30) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """`spaces-audit serve` with these settings (`env`) and extra options, its output in log_path: yields its base
    address and process once it answers, and stops it when the block ends. A port chosen beforehand (to name the
    server's own address in its settings) is used; otherwise a free one."""
    port = port or free_port()
    base = f"http://127.0.0.1:{port}"
    with open(log_path, "wb") as log:
        server = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--host", "127.0.0.1",
                                   "--port", str(port), *options], env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        asyncio.run(wait_until_up(base, server, tries=600))  # 60 s: several workers start slower
        yield base, server
    finally:
        server.terminate()
        server.wait(timeout=stop_seconds)


async def wait_until_up(base: str, server: subprocess.Popen[bytes], tries: int = 300) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(tries):
            if server.poll() is not None:
                raise ServerDidNotStart("the server stopped while starting")
            try:
                if (await client.get("/api/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise ServerDidNotStart(f"the server did not start within {tries / 10:.0f} s")


def photo_2048() -> bytes:
    """The test photo as the phone keeps it: upright, at most 2,048 px, JPEG quality 85."""
    image = ImageOps.exif_transpose(Image.open(PHOTO))
    image.thumbnail((2048, 2048))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()

"""What the benchmarks share: the test photo, Debian's Chromium and its flags, a free loopback port for a real
`spaces-audit serve`, and waiting until the server answers its health check."""

from __future__ import annotations

import asyncio
import io
import socket
import subprocess
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


async def wait_until_up(base: str, server: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(300):
            if server.poll() is not None:
                raise ServerDidNotStart("the server stopped while starting")
            try:
                if (await client.get("/api/health")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise ServerDidNotStart("the server did not start within 30 s")


def photo_2048() -> bytes:
    """The test photo as the phone keeps it: upright, at most 2,048 px, JPEG quality 85."""
    image = ImageOps.exif_transpose(Image.open(PHOTO))
    image.thumbnail((2048, 2048))
    out = io.BytesIO()
    image.convert("RGB").save(out, "JPEG", quality=85)
    return out.getvalue()

"""What the benchmarks share to run a real `spaces-audit serve`: a free loopback port, and waiting until
the server answers its health check."""

from __future__ import annotations

import asyncio
import socket
import subprocess

import httpx


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

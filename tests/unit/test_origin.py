"""The same-origin rule trusts the configured public address, and `serve` warns when it has none off loopback."""

from __future__ import annotations

import httpx
import pytest
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.responses import PlainTextResponse
from starlette.routing import Route

from server.cli import exposure_warning
from server.http.security import SameOrigin


def _app(public_url: str) -> Starlette:
    async def ok(request: object) -> PlainTextResponse:
        return PlainTextResponse("changed")

    return Starlette(routes=[Route("/api/thing", ok, methods=["POST"])],
                     middleware=[Middleware(SameOrigin, public_url=public_url)])


async def _post(app: Starlette, host: str, origin: str) -> int:
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url=f"http://{host}") as client:
        return (await client.post("/api/thing", headers={"origin": origin})).status_code


async def test_with_a_public_url_a_forged_host_header_is_not_trusted():
    app = _app("https://audit.hospital.example")
    assert await _post(app, "audit.hospital.example", "https://audit.hospital.example") == 200
    # An attacker's page on evil.example sends its own origin and a Host that matches it: refused.
    assert await _post(app, "evil.example", "http://evil.example") == 403


async def test_without_a_public_url_the_requests_own_host_is_the_origin():
    app = _app("")
    assert await _post(app, "127.0.0.1:8000", "http://127.0.0.1:8000") == 200
    assert await _post(app, "127.0.0.1:8000", "http://evil.example") == 403


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "127.0.0.5"])
def test_serving_on_loopback_needs_no_public_url(host):
    assert exposure_warning(host, "") is None


@pytest.mark.parametrize("host", ["0.0.0.0", "192.0.2.10", "::", "audit.hospital.example"])
def test_serving_beyond_loopback_without_a_public_url_warns(host):
    warning = exposure_warning(host, "")
    assert warning is not None and "SPACES_PUBLIC_URL" in warning and host in warning
    assert exposure_warning(host, "https://audit.hospital.example") is None

"""Gzip for text (the app shell, JSON, CSV), never for photos or PDFs: JPEGs do not shrink and compressing
them costs CPU."""

from __future__ import annotations

from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send


class Compression:
    def __init__(self, app: ASGIApp, minimum_size: int = 500) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size)
        # A CSV export runs to tens of megabytes: zlib's default level compresses it as small (within 1%) at
        # twice the speed of level 9, which costs about 2 s of CPU for 100,000 findings.
        self.gzip_exports = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        # PDFs are mostly JPEGs too, and already compress their text.
        if scope["type"] == "http" and scope["path"].endswith(".csv"):
            await self.gzip_exports(scope, receive, send)
        elif scope["type"] == "http" and not scope["path"].startswith("/api/photos/") \
                and not scope["path"].endswith(".pdf"):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)

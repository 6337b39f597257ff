"""Headers on every response, and the same-origin rule for requests that change things."""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.errors import DomainError

# No inline script or style anywhere: everything the app runs or styles with comes from its own files.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; font-src 'self'; media-src 'self' blob:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'"
)

SECURITY_HEADERS = {
    "content-security-policy": CONTENT_SECURITY_POLICY,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    # The camera is the auditor's main tool; everything else the app never needs.
    "permissions-policy": "camera=(self), microphone=(), geolocation=(), payment=(), usb=(), "
                          "interest-cohort=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}

# These govern documents and workers only (what a page may load, frame or use); on a script, stylesheet or
# icon they do nothing but add ~700 bytes to each of the shell's many small responses. The API keeps them all.
# A script's or style sheet's Referrer-Policy only decides the referrer of what it loads itself, and the CSP
# lets it load from this origin alone, where the document's policy already sends the same referrer.
DOCUMENT_ONLY = ("content-security-policy", "x-frame-options", "permissions-policy", "cross-origin-opener-policy",
                 "referrer-policy")
DOCUMENTS = ("/", "/index.html", "/sw.js", "/follow", "/progress")
# The community report page is one document under many addresses (/r/K7P3QX): see server/http/public_pages.py;
# so is a published pair of the progress page (server/http/progress_page.py).
DOCUMENT_PREFIXES = ("/r/", "/progress/pairs/")

UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                document = path in DOCUMENTS or path.startswith(DOCUMENT_PREFIXES)
                asset = not path.startswith("/api/") and not document
                for name, value in SECURITY_HEADERS.items():
                    if not (asset and name in DOCUMENT_ONLY):
                        headers.setdefault(name, value)
                if path.startswith("/api/") and "cache-control" not in headers:
                    headers["cache-control"] = "no-store"
                elif document or path == "/manifest.webmanifest" or path.startswith("/report/"):
                    # The service worker, the shell and the public pages (which have no worker to version their
                    # files) must be revalidated so updates are noticed.
                    headers["cache-control"] = "no-cache"
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


class SameOrigin:
    """Refuse state-changing API requests that a browser says came from another site (CSRF defence).

    SameSite=Lax cookies already stop most cross-site posts; this also covers sibling subdomains and old
    browsers. Requests without either header come from non-browser clients, which carry no ambient cookie.
    """

    def __init__(self, app: ASGIApp, public_url: str = "") -> None:
        self.app = app
        self.public_origin = _origin_of(public_url) if public_url else ""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS \
                and scope.get("path", "").startswith("/api/") and not self._allowed(scope):
            await _refuse(send)
            return
        await self.app(scope, receive, send)

    def _allowed(self, scope: Scope) -> bool:
        headers = Headers(scope=scope)
        fetch_site = headers.get("sec-fetch-site")
        if fetch_site is not None and fetch_site not in ("same-origin", "none"):
            return False
        origin = headers.get("origin")
        if origin is None:
            return True
        # With the public address configured, only it is trusted: the Host header is the client's to write.
        if self.public_origin:
            return origin.lower() == self.public_origin
        return origin.lower() == self._own_origin(scope, headers)

    @staticmethod
    def _own_origin(scope: Scope, headers: Headers) -> str:
        scheme = scope.get("scheme", "http")
        host = headers.get("host", "")
        return f"{scheme}://{host}".lower()


async def _refuse(send: Send) -> None:
    # A middleware answers itself, outside the exception handlers: the body is still the registry's.
    error = DomainError(code="cross_origin")
    body = json.dumps(error.body()).encode()
    await send({"type": "http.response.start", "status": error.status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})

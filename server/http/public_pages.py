"""The two pages a person opens from a poster's QR code: report an image, and follow a report.

Each is one static document whatever the address says (the page's script reads the space code from the path, and
the follow-up secret from the #fragment, which never reaches the server). They are plain files, not part of the
app shell: no login, no service worker, nothing stored on the phone.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import FileResponse, Response
from starlette.routing import Route

from server.http.shell import WEB_DIR

PAGES_DIR = WEB_DIR / "report"
# Stricter than the app's same-origin: nothing, not even this site, learns which space's poster led here.
HEADERS = {"referrer-policy": "no-referrer"}


async def report_page(request: Request) -> Response:
    return FileResponse(PAGES_DIR / "report.html", media_type="text/html", headers=HEADERS)


async def follow_page(request: Request) -> Response:
    return FileResponse(PAGES_DIR / "follow.html", media_type="text/html", headers=HEADERS)


ROUTES = [
    Route("/r/{code}", report_page, methods=["GET"]),
    Route("/follow", follow_page, methods=["GET"]),
]

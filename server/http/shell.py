"""The service worker script, served with the list of app-shell files and a version derived from them."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import Response

WEB_DIR = Path(__file__).resolve().parent.parent.parent / "web"
WORKER = "sw.js"


# The reporter's pages (web/report/) are not part of the app: they work without the service worker, and a
# change to them must not tell app users a new version is ready.
NOT_SHELL = ("report",)


def shell_files(web_dir: Path) -> list[Path]:
    """Every file the app shell is made of, in a stable order (the worker itself excluded)."""
    return sorted(p for p in web_dir.rglob("*") if p.is_file() and p.name != WORKER
                  and not p.name.startswith(".") and p.relative_to(web_dir).parts[0] not in NOT_SHELL)


def service_worker_source(web_dir: Path) -> str:
    """VERSION changes whenever any shell file does, so browsers notice every new release of the app."""
    files = shell_files(web_dir)
    digest = hashlib.sha256()
    urls = ["/"]
    # Each file's SHA-256 lets the worker take a file the page has just downloaded from the browser's HTTP
    # cache, without downloading it again, and only when it is exactly this version.
    hashes: dict[str, str] = {}
    for path in files:
        url = "/" + path.relative_to(web_dir).as_posix()
        data = path.read_bytes()
        urls.append(url)
        hashes[url] = hashlib.sha256(data).hexdigest()
        digest.update(url.encode() + b"\0" + data + b"\0")
    if "/index.html" in hashes:
        hashes["/"] = hashes["/index.html"]
    body = (web_dir / WORKER).read_text(encoding="utf-8")
    digest.update(body.encode())
    return (f"const VERSION = {json.dumps(digest.hexdigest()[:16])};\n"
            f"const PRECACHE = {json.dumps(urls)};\n"
            f"const HASHES = {json.dumps(hashes, sort_keys=True)};\n{body}")


async def service_worker(request: Request) -> Response:
    # Read on each request (a few dozen small files) so a deployment never serves a stale list.
    source = await anyio.to_thread.run_sync(service_worker_source, WEB_DIR)
    return Response(source, media_type="text/javascript",
                    headers={"cache-control": "no-cache", "service-worker-allowed": "/"})

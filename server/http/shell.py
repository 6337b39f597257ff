"""The service worker script, served with the list of app-shell files and a version derived from them."""

from __future__ import annotations

import functools
import hashlib
import json
import posixpath
import re
from collections.abc import Callable
from pathlib import Path

import anyio
from starlette.datastructures import MutableHeaders
from starlette.requests import HTTPConnection, Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from server.http.routing import SESSION_COOKIE

WEB_DIR = Path(__file__).resolve().parent.parent.parent / "web"
WORKER = "sw.js"


# The reporter's pages (web/report/) are not part of the app: they work without the service worker, and a
# change to them must not tell app users a new version is ready. Nor is the public progress page's stylesheet.
NOT_SHELL = ("report", "progress")


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


# The app is plain ES modules: left to itself the browser finds app.js's imports only once app.js has arrived,
# their imports once those have, and so on, one round trip per level (six levels before the first screen can
# draw, which on a phone's connection is most of its wait). The page's answer names every module app.js
# imports, directly or not, so the browser asks for them all at once. Worked out from the files themselves,
# so a new import is preloaded without anyone listing it.
ENTRY = "/js/app.js"
STATIC_IMPORT = re.compile(r"""^[ \t]*(?:import|export)\b[^'";]*?\bfrom\s*['"]([^'"]+)['"]"""
                           r"""|^[ \t]*import\s*['"]([^'"]+)['"]""", re.MULTILINE)
DOCUMENTS = ("/", "/index.html")


def static_imports(web_dir: Path, entry: str = ENTRY) -> list[str]:
    """The modules `entry` imports statically, directly or through others, in the order they are found."""
    found: list[str] = []
    todo = [entry]
    while todo:
        url = todo.pop(0)
        path = web_dir / url.lstrip("/")
        if url in found or not path.is_file():
            continue
        found.append(url)
        for match in STATIC_IMPORT.finditer(path.read_text(encoding="utf-8")):
            spec = match.group(1) or match.group(2)
            if spec.startswith(("./", "../")):
                todo.append(posixpath.normpath(posixpath.join(posixpath.dirname(url), spec)))
            elif spec.startswith("/"):
                todo.append(spec)
    return found[1:]


# A page asked for with a session cookie is most likely for someone logged in: its answer preloads the words
# and style sheets of their screens (below), and the page learns the same hint from its answer's Server-Timing
# (which scripts can read, unlike the httponly session cookie; a cookie of its own would be one more thing sent
# with every request): app.js starts fetching a logged-in screen's module before the server has said who is
# logged in only when it is there. (Only a hint: a stale cookie costs a few unused preloads.)
# The device's store (outbox, offline copy, the walk's state: thirty modules) is not preloaded: app.js starts it
# once the first screen is drawn, and a screen that needs it to draw (the walk) names it in /js/view-graph.js.
# Preloaded, its modules took the six connections of HTTP/1.1 before the screen's own and held the first
# paint back by seconds on a phone's connection.
SIGNED_IN_HINT = 'session;desc="signed-in"'


# The rest of the words (web/js/messages/en/index.js imports them with import() once someone is logged in)
# and the style sheets of their screens (SIGNED_IN_STYLES in web/js/shell.js): read from those files, as the
# imports are.
CATALOGUE = "/js/messages/en/index.js"
DYNAMIC_IMPORT = re.compile(r"""\bimport\(\s*['"](\.{1,2}/[^'"]+)['"]\s*\)""")
STYLES_MODULE = "js/shell.js"
SIGNED_IN_STYLES = re.compile(r"SIGNED_IN_STYLES\s*=\s*\[([^\]]*)\]")


def catalogue_rest(web_dir: Path) -> list[str]:
    path = web_dir / CATALOGUE.lstrip("/")
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    return [posixpath.normpath(posixpath.join(posixpath.dirname(CATALOGUE), spec))
            for spec in DYNAMIC_IMPORT.findall(text)]


def signed_in_styles(web_dir: Path) -> list[str]:
    path = web_dir / STYLES_MODULE
    found = SIGNED_IN_STYLES.search(path.read_text(encoding="utf-8")) if path.is_file() else None
    return re.findall(r"""['"]([^'"]+)['"]""", found.group(1)) if found else []


# The modules of each screen (server/http/view_graph.py), for app.js to ask for the first screen's at once.
VIEW_GRAPH = "/js/view-graph.js"


def preload_urls(web_dir: Path, *, signed_in: bool = False) -> list[str]:
    urls = static_imports(web_dir)
    if signed_in:
        urls.append(VIEW_GRAPH)
        # The words: the first screen of someone logged in waits for them.
        urls += [url for url in catalogue_rest(web_dir) if url not in urls]
    return urls


def files_signature(web_dir: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file's name, size and modification time: cheap to read (no file is opened), and it changes whenever
    a deployment changes a file, so what is worked out from the files can be kept until then."""
    return tuple(sorted((str(p), st.st_size, st.st_mtime_ns) for p in web_dir.rglob("*")
                        if p.is_file() and (st := p.stat())))


def worked_out_once(work: Callable[..., str]) -> Callable[..., str]:
    """`work(web_dir, **options)` done again only when a file of web_dir changed (see files_signature): every
    page asks for the preloads, and reading and parsing a hundred modules each time slowed the whole server."""
    kept: dict[tuple[object, ...], str] = {}

    @functools.wraps(work)
    def cached(web_dir: Path, **options: bool) -> str:
        key = (web_dir, tuple(sorted(options.items())), files_signature(web_dir))
        if key not in kept:
            if len(kept) > 8:  # older versions of the files
                kept.clear()
            kept[key] = work(web_dir, **options)
        return kept[key]

    return cached


# The page's style sheets go first: preloads are asked for in the header's order, over HTTP/1.1's six
# connections, and the first paint waits for the styles, not for the modules.
STYLES = re.compile(r'<link rel="stylesheet" href="([^"]+)">')


@worked_out_once
def preload_header(web_dir: Path, *, signed_in: bool = False) -> str:
    page = (web_dir / "index.html").read_text(encoding="utf-8") if (web_dir / "index.html").is_file() else ""
    styles = STYLES.findall(page) + (signed_in_styles(web_dir) if signed_in else [])
    return ", ".join([f"<{url}>; rel=preload; as=style" for url in styles]
                     + [f"<{url}>; rel=modulepreload" for url in preload_urls(web_dir, signed_in=signed_in)])


class ModulePreloads:
    """Adds the Link header of module preloads to the app's page (GET / and /index.html)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in ("GET", "HEAD") or scope["path"] not in DOCUMENTS:
            await self.app(scope, receive, send)
            return
        # Read on each request, as the service worker's list is: a deployment never preloads a stale set.
        signed_in = SESSION_COOKIE in HTTPConnection(scope).cookies
        links = await anyio.to_thread.run_sync(lambda: preload_header(WEB_DIR, signed_in=signed_in))

        async def send_with_links(message: Message) -> None:
            if message["type"] == "http.response.start" and message["status"] in (200, 304):
                headers = MutableHeaders(scope=message)
                if links:
                    headers.append("link", links)
                if signed_in:
                    headers.append("server-timing", SIGNED_IN_HINT)
            await send(message)

        await self.app(scope, receive, send_with_links)

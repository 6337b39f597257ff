"""/js/view-graph.js: for each screen of the app, the modules its code imports, so its first screen is asked
for all at once.

A screen's module (web/js/views/walk.js) is imported when the screen is first opened, and the browser then finds
its imports level by level, one round trip each (the walk has three levels). The page cannot name them in its
Link header, since the server never sees the route (it is in the address's fragment); app.js can: for a visit
that is probably someone logged in, it reads this module, preloaded by the page, and asks for the first
screen's modules together. Worked out from the files again whenever one changes (as the preloads are), so it
is never stale. Modules the page already preloads (app.js's own, the words) are left out.
"""

from __future__ import annotations

import json
import posixpath
import re
from pathlib import Path

import anyio
from starlette.requests import Request
from starlette.responses import Response

from server.http.shell import ENTRY, VIEW_GRAPH, WEB_DIR, preload_header, preload_urls, static_imports, worked_out_once

URL = VIEW_GRAPH
# One route a line in app.js's ROUTES: `{ path: ['audits', ':id'], view: () => import('./views/audit.js'), ...`
ROUTE = re.compile(r"""path: \[([^\]]*)\], view: \(\) => import\('(\./views/[^']+)'\)""")


def view_graph(web_dir: Path) -> dict[str, list[str]]:
    """The route's path ("audits/:id/spaces/:spaceId") -> the modules its screen imports, directly or not."""
    app = web_dir / ENTRY.lstrip("/")
    known = set(preload_urls(web_dir, signed_in=True))
    graph: dict[str, list[str]] = {}
    for parts, spec in ROUTE.findall(app.read_text(encoding="utf-8") if app.is_file() else ""):
        view = posixpath.normpath(posixpath.join(posixpath.dirname(ENTRY), spec))
        key = "/".join(re.findall(r"'([^']*)'", parts))
        graph[key] = [url for url in [view, *static_imports(web_dir, view)] if url not in known]
    return graph


@worked_out_once
def view_graph_source(web_dir: Path) -> str:
    return f"export default {json.dumps(view_graph(web_dir), sort_keys=True)};\n"


async def view_graph_module(request: Request) -> Response:
    source = await anyio.to_thread.run_sync(view_graph_source, WEB_DIR)
    return Response(source, media_type="text/javascript", headers={"cache-control": "no-cache"})


def work_out_now() -> None:
    """Called as the server starts: worked out on the first logged-in page's request instead, the graph (every
    screen's modules read and parsed, a quarter of a second on a busy machine) held back that page's first
    screen, which waits for it."""
    view_graph_source(WEB_DIR)
    for signed_in in (False, True):
        preload_header(WEB_DIR, signed_in=signed_in)

"""What the app's page asks the browser to fetch at once (its Link header), and the screens' module graph that
app.js reads (/js/view-graph.js): the login screen of a first visit gets only its own part; a page asked for
with a session also gets the words, style sheets and modules of the screens of someone logged in."""

from __future__ import annotations

import json
import re

import pytest

from server.domain.people.users import create_user
from server.http.shell import preload_header

PASSWORD = "a long enough passphrase"
SIGNED_IN_ONLY = ("/js/view-graph.js", "/js/messages/en/audits.js", "/js/messages/en/vocabulary.js",
                  "/css/signed-in.css")


@pytest.fixture
async def rita(db):
    return await create_user("rita.roles@hospital.example", "Rita Roles", ["auditor"], PASSWORD)


def preloads(page) -> list[str]:
    return re.findall(r"<([^>]+)>; rel=(?:modulepreload|preload; as=style)", page.headers["link"])


async def test_a_first_visit_preloads_only_the_login_screens_part_and_a_session_adds_the_rest(anon, rita):
    first = preloads(await anon.get("/"))
    assert [url for url in first if url.endswith(".css")] == ["/css/app.css"]
    assert not set(SIGNED_IN_ONLY) & set(first)
    assert {"/js/messages/en/app.js", "/js/messages/en/people.js"} <= set(first)
    assert (await anon.post("/api/session", json={"email": rita.email, "password": PASSWORD})).status_code == 200
    signed_in = preloads(await anon.get("/"))
    assert set(SIGNED_IN_ONLY) <= set(signed_in)
    for url in signed_in:
        answer = await anon.get(url)
        assert answer.status_code == 200 and ("javascript" in answer.headers["content-type"]
                                              or "css" in answer.headers["content-type"]), url


async def test_the_view_graph_names_every_module_of_a_screen_but_those_the_page_preloads(anon, db):
    answer = await anon.get("/js/view-graph.js")
    assert answer.status_code == 200 and "javascript" in answer.headers["content-type"]
    assert answer.headers["cache-control"] == "no-cache"
    found = re.fullmatch(r"export default (\{.*\});\n", answer.text, flags=re.DOTALL)
    assert found
    graph = json.loads(found.group(1))
    walk = graph["audits/:id/spaces/:spaceId"]
    # The screen's module, what it imports, and what those import in turn (the walk's third level).
    assert walk[0] == "/js/views/walk.js"
    assert {"/js/walk/card.js", "/js/walk/finding-form.js", "/js/walk/photos.js", "/js/walk/device.js"} <= set(walk)
    # Already asked for by the page: app.js's own imports. The store is not: the walk draws its first space from
    # the server's copy and fetches the store after that paint (walk/device.js), with the redaction editor;
    # it needs only the state's shape and the database's name from it. Home and My items load it after drawing.
    assert not {"/js/i18n.js", "/js/dom.js"} & set(walk)
    assert {url for url in walk if url.startswith("/js/store/")} == {"/js/store/state.js", "/js/store/db.js"}
    assert "/js/walk/redact.js" not in walk
    assert not [url for screen in ("", "my-items") for url in graph[screen] if url.startswith("/js/store/")]
    assert graph["login"] == ["/js/views/login.js", "/js/ui/form.js", "/js/ui/submit.js"]
    assert graph["my-items"][0] == "/js/views/my-items.js"


def test_the_preloads_are_worked_out_again_when_a_file_changes(tmp_path):
    """Kept between requests (parsing every module on each page slowed the server), never stale."""
    (tmp_path / "js").mkdir()
    (tmp_path / "index.html").write_text('<link rel="stylesheet" href="/css/app.css">', encoding="utf-8")
    (tmp_path / "js" / "app.js").write_text("import './a.js';\n", encoding="utf-8")
    (tmp_path / "js" / "a.js").write_text("export const a = 1;\n", encoding="utf-8")
    assert "</js/a.js>; rel=modulepreload" in preload_header(tmp_path)
    (tmp_path / "js" / "app.js").write_text("import './b.js';\n", encoding="utf-8")
    (tmp_path / "js" / "b.js").write_text("export const b = 1;\n", encoding="utf-8")
    assert "</js/b.js>; rel=modulepreload" in preload_header(tmp_path)
    assert "/js/a.js" not in preload_header(tmp_path)

"""The service worker's version follows the shell's files, so every release reaches installed apps."""

from __future__ import annotations

import re
from pathlib import Path

from server.http.shell import WEB_DIR, preload_header, preload_urls, service_worker_source, static_imports


def version(web: Path) -> str:
    match = re.match(r'const VERSION = "(\w+)";', service_worker_source(web))
    assert match
    return match.group(1)


def test_any_change_to_a_shell_file_changes_the_version(tmp_path):
    (tmp_path / "sw.js").write_text("// worker\n")
    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "app.js").write_text("console.log(1);\n")
    (tmp_path / ".hidden").write_text("not part of the shell")
    first = version(tmp_path)
    assert version(tmp_path) == first
    source = service_worker_source(tmp_path)
    assert 'const PRECACHE = ["/", "/js/app.js"];' in source
    (tmp_path / "js" / "app.js").write_text("console.log(2);\n")
    assert version(tmp_path) != first
    (tmp_path / "js" / "app.js").write_text("console.log(1);\n")
    assert version(tmp_path) == first
    (tmp_path / "sw.js").write_text("// worker, changed\n")
    assert version(tmp_path) != first


def test_the_page_preloads_every_module_app_js_imports_directly_or_not(tmp_path):
    """One round trip for the whole module graph instead of one per level of imports."""
    js = tmp_path / "js"
    (js / "store").mkdir(parents=True)
    (js / "app.js").write_text("import { a } from './a.js';\nimport {\n  b,\n  c,\n} from './store/b.js';\n"
                               "// import { old } from './old.js';\nconst later = () => import('./lazy.js');\n")
    (js / "a.js").write_text("export { x } from './store/b.js';\nimport './side.js';\nexport const a = 1;\n")
    (js / "store" / "b.js").write_text("import { a } from '../a.js';\nimport { d } from '/js/d.js';\n")
    for name in ("side.js", "d.js", "lazy.js", "old.js"):
        (js / name).write_text("export const d = 1;\n")
    # Static imports, however written, each once; not the dynamic import (loaded when needed) nor a comment.
    assert static_imports(tmp_path) == ["/js/a.js", "/js/store/b.js", "/js/side.js", "/js/d.js"]
    assert preload_header(tmp_path) == ("</js/a.js>; rel=modulepreload, </js/store/b.js>; rel=modulepreload, "
                                        "</js/side.js>; rel=modulepreload, </js/d.js>; rel=modulepreload")


def test_no_page_preloads_the_store():
    """The store (outbox, offline copy: thirty modules) is imported once someone is logged in and their first
    screen is drawn: not with the shell, so the login screen is light, and not with a logged-in page either,
    whose first screen would otherwise wait behind it for HTTP/1.1's six connections. A page asked for with a
    session cookie preloads the words of the screens of someone logged in."""
    shell = preload_urls(WEB_DIR)
    assert not [url for url in shell if url.startswith("/js/store/")], shell
    signed_in = preload_urls(WEB_DIR, signed_in=True)
    assert signed_in[:len(shell)] == shell
    assert not [url for url in signed_in if url.startswith("/js/store/")], signed_in
    assert "/js/messages/en/audits.js" in signed_in
    assert len(signed_in) == len(set(signed_in))

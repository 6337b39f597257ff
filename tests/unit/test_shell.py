"""The service worker's version follows the shell's files, so every release reaches installed apps."""

from __future__ import annotations

import re
from pathlib import Path

from server.http.shell import service_worker_source


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

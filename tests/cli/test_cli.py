"""The spaces-audit command, run as a person would run it, against a real SQLite file."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import yaml
from checklist_texts import translation_of
from conftest import with_migrated_database

from server import cli

CSV = ("campus,building_code,building_name,floor,room_number,space_name,space_kind\n"
       "Longwood,GOR,Gordon Hall,1,,Main lobby,lobby\n"
       "Longwood,GOR,Gordon Hall,2,201,Faculty room,conference_room\n")


@pytest.fixture
def fresh_env(tmp_path: Path) -> dict[str, str]:
    """A data folder with nothing in it yet: the first command migrates its database."""
    return {**os.environ, "SPACES_DATA_DIR": str(tmp_path / "data"), "SPACES_UPLOADS_DIR": str(tmp_path / "up")}


@pytest.fixture
def env(fresh_env: dict[str, str], sqlite_template: Path) -> dict[str, str]:
    """A data folder whose database is migrated and empty (the commands' own tests; migrating is tested with
    fresh_env and in tests/api)."""
    with_migrated_database(Path(fresh_env["SPACES_DATA_DIR"]), sqlite_template)
    return fresh_env


def run(env, *args, stdin=""):
    return subprocess.run([sys.executable, "-m", "server.cli", *args], input=stdin, env=env, text=True,
                          capture_output=True, timeout=60)


def test_create_user_reads_the_password_from_stdin_and_refuses_duplicates(fresh_env):
    env = fresh_env
    done = run(env, "create-user", "Ada@Hospital.example", "--role", "admin", "--role", "committee",
               "--name", "Ada Admin", "--password-stdin", stdin="a long enough passphrase\n")
    assert done.returncode == 0, done.stderr
    assert "Created ada@hospital.example with roles: admin, committee." in done.stdout
    again = run(env, "create-user", "ada@hospital.example", "--role", "admin", "--password-stdin",
                stdin="a long enough passphrase\n")
    assert again.returncode == 1
    assert "already exists" in again.stderr


def test_create_user_refuses_a_short_password_and_an_unknown_role(env):
    short = run(env, "create-user", "a@b.example", "--role", "admin", "--password-stdin", stdin="short\n")
    assert short.returncode == 1 and "at least 12" in short.stderr
    role = run(env, "create-user", "a@b.example", "--role", "wizard", "--password-stdin", stdin="x" * 12)
    assert role.returncode == 2 and "invalid choice" in role.stderr


def test_import_spaces_is_idempotent_and_reports_bad_lines(env, tmp_path):
    good = tmp_path / "spaces.csv"
    good.write_text(CSV, encoding="utf-8")
    first = run(env, "import-spaces", str(good))
    assert first.returncode == 0, first.stderr
    assert "spaces     2 created, 0 updated, 0 unchanged" in first.stdout
    second = run(env, "import-spaces", str(good))
    assert "spaces     0 created, 0 updated, 2 unchanged" in second.stdout
    bad = tmp_path / "bad.csv"
    bad.write_text(CSV + "Longwood,GOR,,3,301,Storage,closet\nLongwood,ZZZ,,1,1,Room,lobby\n", encoding="utf-8")
    refused = run(env, "import-spaces", str(bad))
    assert refused.returncode == 1
    assert "Line 4, space_kind: Unknown space kind 'closet'" in refused.stderr
    assert "line 5, building_name: Unknown building ZZZ" in refused.stderr
    missing = run(env, "import-spaces", str(tmp_path / "nope.csv"))
    assert missing.returncode == 2 and "nope.csv" in missing.stderr


def test_demo_prints_each_password_once(env):
    first = run(env, "demo")
    assert first.returncode == 0, first.stderr
    logins = re.findall(r"^\s+(\w+)\s+(\S+@demo\.example)\s+(\S+)$", first.stdout, re.M)
    assert [role for role, _, _ in logins] == ["admin", "auditor", "facilities", "committee"]
    assert "25 spaces created" in first.stdout
    second = run(env, "demo")
    assert "already exists" in second.stdout
    for _, _, password in logins:
        assert password not in second.stdout


def test_every_command_has_help(capsys):
    # In this process: argparse prints the help and exits before any command runs, so nothing else is at stake.
    for command in ("serve", "migrate", "create-user", "set-password", "import-spaces", "demo", "settings",
                    "export", "import", "recount"):
        with pytest.raises(SystemExit) as done:
            cli.main([command, "--help"])
        assert done.value.code == 0 and "usage: spaces-audit " + command in capsys.readouterr().out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_with_two_workers_migrates_and_answers(fresh_env):
    env = fresh_env
    run(env, "create-user", "ada@hospital.example", "--role", "admin", "--password-stdin",
        stdin="a long enough passphrase\n")
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--port", str(port), "--workers", "2"],
                              env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                              start_new_session=True)
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                if httpx.get(f"{base}/api/health", timeout=1).json() == {"status": "ok"}:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
        with httpx.Client(base_url=base) as client:
            login = client.post("/api/session", json={"email": "ada@hospital.example",
                                                       "password": "a long enough passphrase"})
            assert login.status_code == 200
            for _ in range(6):  # spread over both workers: the session is in the database, not in memory
                assert client.get("/api/me").json()["roles"] == ["admin"]
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=20)[0]
    assert "The database is up to date." in output
    assert "Started parent process" in output or "Uvicorn running" in output


def test_load_checklists_stores_each_version_once_and_names_the_line_of_a_problem(env, tmp_path):
    first = run(env, "load-checklists")
    assert first.returncode == 0, first.stderr
    assert "stored     portraits-honorifics version 1" in first.stdout
    again = run(env, "load-checklists")
    assert "unchanged  portraits-honorifics version 1" in again.stdout and "stored" not in again.stdout

    folder = tmp_path / "lists"
    folder.mkdir()
    source = Path(__file__).resolve().parents[2] / "checklists" / "posters-signage.yaml"
    text = source.read_text(encoding="utf-8")
    (folder / "posters-signage.yaml").write_text(text.replace("type: yes_no", "type: yes-no", 1), encoding="utf-8")
    refused = run(env, "load-checklists", str(folder))
    assert refused.returncode == 1
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "type: yes_no" in row)
    assert f"posters-signage.yaml:{line}: item '" in refused.stderr
    assert "unknown type 'yes-no'" in refused.stderr

    # Same version, changed content: refused with the version to use.
    reworded = text.replace("title: ", "title: Reworded ", 1)
    (folder / "posters-signage.yaml").write_text(reworded, encoding="utf-8")
    stale = run(env, "load-checklists", str(folder))
    assert stale.returncode == 1 and "raise version to 2" in stale.stderr


def test_export_then_import_into_an_empty_database(env, tmp_path, sqlite_template):
    assert run(env, "demo").returncode == 0
    archive = tmp_path / "archive.json"
    done = run(env, "export", str(archive))
    assert done.returncode == 0, done.stderr
    assert "Exported to" in done.stdout and "25 spaces" in done.stdout and "4 users" in done.stdout
    assert archive.read_text(encoding="utf-8").startswith('{"format": "spaces-audit-archive"')
    other = {**env, "SPACES_DATA_DIR": str(with_migrated_database(tmp_path / "other", sqlite_template))}
    first = run(other, "import", str(archive))
    assert first.returncode == 0, first.stderr
    assert "25 spaces" in first.stdout and "4 users" in first.stdout and "set-password" in first.stdout
    again = run(other, "import", str(archive))
    assert again.returncode == 1 and "already holds users" in again.stderr
    (tmp_path / "bad.json").write_text("{not json", encoding="utf-8")
    bad = run(other, "import", str(tmp_path / "bad.json"))
    assert bad.returncode == 1 and "is not a JSON archive" in bad.stderr


def test_a_database_that_stored_the_checklists_before_their_translations_keeps_serving(env, tmp_path):
    # The shipped checklists gain Spanish files under the versions already stored: nothing is refused, the
    # texts join the stored versions, and serve starts.
    folder = tmp_path / "lists"
    shutil.copytree(Path(__file__).resolve().parents[2] / "checklists", folder, ignore=shutil.ignore_patterns("es"))
    env = {**env, "SPACES_CHECKLISTS_DIR": str(folder)}
    assert run(env, "load-checklists").returncode == 0
    (folder / "es").mkdir()
    for english in sorted(folder.glob("*.yaml")):
        content = yaml.safe_load(english.read_text(encoding="utf-8"))
        (folder / "es" / english.name).write_text(translation_of(content), encoding="utf-8")
    translated = run(env, "load-checklists")
    assert translated.returncode == 0, translated.stderr
    assert "translated posters-signage version 1 (texts added in other languages)" in translated.stdout
    assert translated.stderr == ""
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "server.cli", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, start_new_session=True)
    try:
        for _ in range(100):
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=1).json() == {"status": "ok"}:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        else:
            pytest.fail("the server did not answer")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        output = server.communicate(timeout=20)[0]
    assert "unchanged  posters-signage version 1" in output and "problem" not in output


def test_recount_says_whether_the_dashboards_tallies_were_right(env):
    done = run(env, "recount")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "The tallies were right: 0 cells, nothing differed."

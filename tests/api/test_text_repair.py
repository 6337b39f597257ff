"""An instance poisoned before the input check (a lone surrogate stored in an answer) recovers with
`spaces-audit repair-text`: the audit loads again, and the CSV export, the archive and `export` complete.

Only SQLite could be poisoned this way (it kept the JSON escape as written; PostgreSQL's jsonb refuses it), so
the database is poisoned directly with SQL, as the old bug left it.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from tortoise import connections

from server.domain.maintenance.text_repair import repair_stored_text, repair_value
from server.models import Response, ResponseRevision

POISON = '{"value":"Plaque for Dr. X \\ud800 (1921)"}'


def test_repair_value_replaces_lone_surrogates_and_nul_everywhere():
    value = {"a\ud800": ["ok", "b\udfffc", {"n": "x\x00"}], "fine": 3, "pair": "\U0001f600"}
    repaired, count = repair_value(value)
    assert count == 3
    assert repaired == {"a\ufffd": ["ok", "b\ufffdc", {"n": "x\ufffd"}], "fine": 3, "pair": "\U0001f600"}


def cli(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": url, "SPACES_DATA_DIR": str(tmp_path / "data"),
           "SPACES_UPLOADS_DIR": str(tmp_path / "up")}
    return subprocess.run([sys.executable, "-m", "server.cli", *args], env=env, text=True, capture_output=True,
                          timeout=120)


@pytest.mark.parametrize("db", ["sqlite"], indirect=True)
async def test_a_poisoned_answer_is_repaired_and_everything_reads_again(db, walk, people, tmp_path):
    auditor, committee = people["auditor"].client, people["committee"].client
    audit = await walk.plan()
    answer = (await walk.answer(auditor, audit, walk.spaces[0], "remarks", "Clear signs.")).json()
    conn = connections.get("default")
    await conn.execute_query("UPDATE responses SET answer = ? WHERE id = ?", [POISON, answer["id"]])
    await conn.execute_query("UPDATE response_revisions SET answer = ? WHERE response_id = ?",
                             [POISON, answer["id"]])
    # The poison is real: the stored value is text no UTF-8 response can carry.
    stored = await Response.get(id=answer["id"])
    with pytest.raises(UnicodeEncodeError):
        json.dumps(stored.value, ensure_ascii=False).encode()

    dry = cli(db.url, tmp_path, "repair-text", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert f"would repair responses {answer['id']}, answer: 1 character(s)" in dry.stdout
    assert "response_revisions" in dry.stdout and "2 record(s) would be repaired." in dry.stdout
    assert "\\ud800" in (await conn.execute_query_dict("SELECT answer FROM responses"))[0]["answer"]

    done = cli(db.url, tmp_path, "repair-text")
    assert done.returncode == 0, done.stderr
    assert f"repaired responses {answer['id']}, answer" in done.stdout

    shown = await committee.get(f"/api/audits/{audit['id']}")
    assert shown.status_code == 200
    answers = [r["answer"] for r in shown.json()["responses"]]
    assert answers == ["Plaque for Dr. X \ufffd (1921)"]
    assert (await ResponseRevision.get(response_id=answer["id"])).value == "Plaque for Dr. X \ufffd (1921)"
    exported = await committee.get("/api/reports/responses.csv")
    assert exported.status_code == 200
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert any("Plaque for Dr. X \ufffd (1921)" in row.values() for row in rows)
    archive = await people["admin"].client.get("/api/archive.json")
    assert archive.status_code == 200 and json.loads(archive.content)["counts"]["responses"] == 1
    written = cli(db.url, tmp_path, "export", str(tmp_path / "archive.json"))
    assert written.returncode == 0, written.stderr
    assert "Plaque for Dr. X \ufffd (1921)" in (tmp_path / "archive.json").read_text(encoding="utf-8")

    again = cli(db.url, tmp_path, "repair-text")
    assert "All stored text is valid: nothing to repair." in again.stdout


async def test_a_clean_database_has_nothing_to_repair(db, walk, people):
    audit = await walk.plan()
    await walk.answer(people["auditor"].client, audit, walk.spaces[0], "remarks", "Ünïcode \U0001f600 fine")
    assert await repair_stored_text() == []

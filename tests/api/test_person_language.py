"""A person's language: set through PATCH /api/me and read back (by them, and by administrators in the users
API); an unknown one refused with a 422 that names the field and the languages; migration 0010 on a database
that already holds people (SQLite and PostgreSQL); an archive made before it still imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from tortoise.context import TortoiseContext
from tortoise.migrations.executor import MigrationExecutor, MigrationTarget

from server.db import tortoise_config
from server.domain.maintenance.archive import import_archive
from server.models import User
from server.settings import sqlite_url

from .legacy_rows import ROWS, U
from .second_database import empty_database


async def test_a_person_sets_their_language_and_reads_it_back(people, as_):
    fran = as_("facilities")
    assert (await fran.get("/api/me")).json()["lang"] is None  # not chosen: the app follows the browser
    changed = await fran.patch("/api/me", json={"lang": "es"})
    assert changed.status_code == 200, changed.text
    assert changed.json()["lang"] == "es" and "finding.work" in changed.json()["verbs"]
    assert (await fran.get("/api/me")).json()["lang"] == "es"
    assert (await User.get(id=people["facilities"].user.id)).lang == "es"
    seen = await as_("admin").get(f"/api/users/{people['facilities'].user.id}")
    assert seen.json()["lang"] == "es"
    listed = (await as_("admin").get("/api/users")).json()["items"]
    assert {u["name"]: u["lang"] for u in listed} == {"Ada Admin": None, "Aaron Auditor": None,
                                                      "Fran Facilities": "es", "Cora Committee": None}
    back = await fran.patch("/api/me", json={"lang": None})
    assert back.status_code == 200 and back.json()["lang"] is None


@pytest.mark.parametrize("lang", ["fr", "ES", "es-MX", "", 5, ["es"]])
async def test_an_unknown_language_is_refused_naming_the_field_and_the_languages(as_, lang):
    response = await as_("auditor").patch("/api/me", json={"lang": lang})
    assert response.status_code == 422, response.text
    error = response.json()["error"]
    assert error["code"] == "validation" and error["field"] == "lang"
    assert error["message"] == "lang must be one of: en, es (or null)."
    assert (await as_("auditor").get("/api/me")).json()["lang"] is None


async def test_only_the_person_sets_their_language(people, as_):
    someone = people["auditor"].user.id
    refused = await as_("admin").patch(f"/api/users/{someone}", json={"lang": "es"})
    assert refused.status_code == 422 and refused.json()["error"]["field"] == "lang"
    nothing = await as_("auditor").patch("/api/me", json={})
    assert nothing.status_code == 422
    assert (await as_("auditor").patch("/api/me", json={"name": "Someone Else"})).json()["error"]["field"] == "name"


async def test_the_language_survives_an_archive_and_an_older_archive_imports(db, people, as_, tmp_path, request):
    await as_("committee").patch("/api/me", json={"lang": "es"})
    data = (await as_("admin").get("/api/archive.json")).json()
    by_email = {row["email"]: row for row in data["tables"]["users"]}
    assert by_email["cora.committee@hospital.example"]["lang"] == "es"
    del by_email["aaron.auditor@hospital.example"]["lang"]  # a row as archives made before 0010 hold it
    async with empty_database(db, tmp_path, request):
        await import_archive(data)
        assert {u.email: u.lang for u in await User.all()} == {
            "ada.admin@hospital.example": None, "aaron.auditor@hospital.example": None,
            "fran.facilities@hospital.example": None, "cora.committee@hospital.example": "es"}


# Migration 0010 on a database that already holds people ---------------------------------------------------------

async def _through_0010(url: str, label: str) -> list[tuple[str, str | None]]:
    async with TortoiseContext() as ctx:
        await ctx.init(config=tortoise_config(url, label))
        apps, conn = tortoise_config(url, label)["apps"], ctx.connections.get(label)
        await MigrationExecutor(conn, apps).migrate([MigrationTarget("models", "0009_finding_source")])
        for sql in ROWS:
            await conn.execute_script(sql)
        await MigrationExecutor(conn, apps).migrate()
        await conn.execute_script("INSERT INTO users (id, email, name, disabled, created_at, lang) VALUES "
                                  "('00000000-0000-4000-8000-000000000001', 'b@x.example', 'B', FALSE, "
                                  "'2026-03-02 10:00:00+00:00', 'es')")
        _, rows = await conn.execute_query("SELECT id, lang FROM users ORDER BY email")
        return [(str(r["id"]), r["lang"]) for r in rows]


EXPECTED = [(U, None), ("00000000-0000-4000-8000-000000000001", "es")]


async def test_migration_0010_gives_everyone_no_language_yet_on_sqlite(tmp_path: Path):
    assert await _through_0010(sqlite_url(tmp_path / "m.sqlite3"), "default") == EXPECTED


async def test_migration_0010_gives_everyone_no_language_yet_on_postgres(empty_postgres):
    assert await _through_0010(empty_postgres.url, "pgmig") == EXPECTED

"""The yardstick for benchmarks/scale.py: bare Starlette doing the findings list's essential work and nothing
else. It looks the session cookie up (the session, its user and roles, as the app does), then returns the 50
newest findings with the columns a list item shows (their space, building, audit and assignee joined in) from
one query, as JSON. It leaves out what the app adds to the rows (thumbnails, community tracking codes, the
total): that is the app's own work, the part the ratio measures.

Started by scale.py on the same uvicorn settings as `spaces-audit serve`:
    BARE_DATABASE=<sqlite path or postgresql:// URL> python benchmarks/bare_app.py PORT LOG_LEVEL
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

DATABASE = os.environ.get("BARE_DATABASE", "")
SESSION = ('SELECT s.expires_at, u.id, u.email, u.name, u.disabled FROM sessions s JOIN users u ON u.id = s.user_id '
           'WHERE s.token_hash = {0}')
ROLES = "SELECT role FROM user_roles WHERE user_id = {0}"
# The columns a list item shows (server/domain/findings/rows.py FIELDS), with the same four joins, all LEFT as the
# ORM writes them: with inner joins SQLite drives the query from buildings and sorts every finding (60 ms at
# 10,000 findings instead of 1 ms), which made the yardstick slower than the app.
ROWS = ("SELECT f.id, f.title, f.severity, f.status, f.revision, f.remedy, f.priority, f.due_date, f.section_id, "
        "f.source, f.photo_ids, f.created_at, f.updated_at, s.id AS space_id, s.name AS space_name, s.floor, "
        "s.room_number, b.id AS building_id, b.code, b.name AS building_name, a.id AS audit_id, "
        "a.title AS audit_title, a.status AS audit_status, a.checklist_id, u.id AS assignee_id, "
        "u.name AS assignee_name "
        "FROM findings f LEFT JOIN spaces s ON s.id = f.space_id LEFT JOIN buildings b ON b.id = s.building_id "
        "LEFT JOIN audits a ON a.id = f.audit_id LEFT JOIN users u ON u.id = f.assignee_id "
        "ORDER BY f.created_at DESC, f.id LIMIT 50")


class Db:
    """One aiosqlite connection, or an asyncpg pool: the drivers the app itself uses."""

    async def open(self) -> None:
        if DATABASE.startswith("postgresql://"):
            import asyncpg

            self.pool: Any = await asyncpg.create_pool(DATABASE, min_size=1, max_size=5)
            self.mark = "$1"
        else:
            import aiosqlite

            self.conn: Any = await aiosqlite.connect(DATABASE)
            self.conn.row_factory = aiosqlite.Row
            self.pool, self.mark = None, "?"

    async def fetch(self, sql: str, *args: Any) -> list[dict[str, Any]]:
        sql = sql.format(self.mark)
        if self.pool is not None:
            return [dict(r) for r in await self.pool.fetch(sql, *args)]
        return [dict(r) for r in await self.conn.execute_fetchall(sql, args)]

    async def close(self) -> None:
        await (self.pool.close() if self.pool is not None else self.conn.close())


db = Db()


async def findings(request: Request) -> JSONResponse:
    token = request.cookies.get("sa_session", "")
    found = await db.fetch(SESSION, hashlib.sha256(token.encode()).hexdigest())
    if not found:
        return JSONResponse({"error": "log in"}, status_code=401)
    roles = {r["role"] for r in await db.fetch(ROLES, found[0]["id"])}
    if not roles & {"committee", "admin"}:
        return JSONResponse({"error": "forbidden"}, status_code=403)
    rows = await db.fetch(ROWS)
    return JSONResponse({"items": [{key: str(value) if value is not None else None for key, value in row.items()}
                                   for row in rows]})


@asynccontextmanager
async def lifespan(app: Starlette) -> AsyncIterator[None]:
    await db.open()
    yield
    await db.close()


app = Starlette(routes=[Route("/api/findings", findings)], lifespan=lifespan)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level=sys.argv[2], server_header=False)

"""A migration operation for SQLite tables that other tables refer to: altering a column without losing rows.

Imported by migrations (server/migrations/0006_remediation.py, 0009_finding_source.py); it lives outside the
migrations package because every module there is read as a migration.
"""

from __future__ import annotations

from typing import Any

from tortoise.migrations import operations as ops


class AlterFieldKeepingChildren(ops.AlterField):
    """AlterField that, on SQLite, rebuilds the table with foreign keys off and in one transaction.

    SQLite alters a column by rebuilding its table (create a copy, fill it, DROP the old one, rename). With
    foreign keys on, that DROP first deletes every row through the foreign keys: each finding's events,
    comments and photos would go with it (ON DELETE CASCADE), as they did in 0006. SQLite's own procedure
    for altering a table turns foreign keys off (possible only outside a transaction), rebuilds in one
    transaction, checks the foreign keys, and turns them on again; this does that with the statements
    Tortoise would have run. PostgreSQL alters in place.
    """

    async def database_forward(self, app_label: str, old_state: Any, new_state: Any,
                               state_editor: Any = None) -> None:
        if state_editor is None or state_editor.collect_sql or state_editor.client.capabilities.dialect != "sqlite":
            await super().database_forward(app_label, old_state, new_state, state_editor)
            return
        collecting = type(state_editor)(state_editor.client, atomic=False, collect_sql=True)
        await super().database_forward(app_label, old_state, new_state, collecting)
        client = state_editor.client
        await client.execute_script("PRAGMA foreign_keys=OFF")
        try:
            try:
                await client.execute_script("BEGIN;\n" + ";\n".join(collecting.collected_sql) + ";\nCOMMIT;")
            except Exception:
                await client.execute_query("ROLLBACK")  # not execute_script: it would commit first
                raise
            _, broken = await client.execute_query("PRAGMA foreign_key_check")
        finally:
            await client.execute_script("PRAGMA foreign_keys=ON")
        if broken:
            raise RuntimeError(f"rebuilding the table left {len(broken)} broken reference(s): {broken[:3]}")

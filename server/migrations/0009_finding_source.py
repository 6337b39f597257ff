from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

from server.sqlite_rebuild import AlterFieldKeepingChildren


class Migration(migrations.Migration):
    dependencies = [('models', '0008_community')]

    initial = False
    # Not one transaction: SQLite turns foreign keys off only outside one (see AlterFieldKeepingChildren).
    atomic = False

    # A finding from a community report has no audit, and says where it came from (walk | community).
    operations = [
        AlterFieldKeepingChildren(
            model_name='Finding',
            name='audit',
            field=fields.ForeignKeyField('models.Audit', source_field='audit_id', null=True, db_constraint=True, to_field='id', related_name='findings', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Finding',
            name='source',
            field=fields.CharField(default='walk', db_default='walk', max_length=10),
        ),
        # The rebuilt table has none of the old indexes (the index on status was already lost that way on
        # SQLite in 0006), so it is made again, under the name Tortoise gave it. PostgreSQL already has it:
        # IF NOT EXISTS makes this a no-op there.
        ops.RunSQL(
            ['CREATE INDEX IF NOT EXISTS "idx_findings_status_ca3eae" ON "findings" ("status")'],
            reverse_sql=[],
        ),
    ]

from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_remediation')]

    initial = False

    # Login limits now ask "this account from this address" and "this address on any account" within a
    # window: one index led by each question replaces the single-column indexes on account and client.
    operations = [
        ops.AlterField(
            model_name='LoginAttempt',
            name='account',
            field=fields.CharField(max_length=254),
        ),
        ops.AlterField(
            model_name='LoginAttempt',
            name='client',
            field=fields.CharField(max_length=64),
        ),
        ops.AddIndex(
            model_name='LoginAttempt',
            index=Index(fields=['account', 'client', 'at']),
        ),
        ops.AddIndex(
            model_name='LoginAttempt',
            index=Index(fields=['client', 'at']),
        ),
        # On SQLite, AlterField rebuilds the table and the rebuilt table has none of the old indexes, so
        # the index on `at` (the purge deletes by age) is made again, under the name Tortoise gave it.
        # PostgreSQL alters in place and already has it: IF NOT EXISTS makes this a no-op there.
        ops.RunSQL(
            ['CREATE INDEX IF NOT EXISTS "idx_login_attem_at_36c448" ON "login_attempts" ("at")'],
            reverse_sql=[],
        ),
    ]

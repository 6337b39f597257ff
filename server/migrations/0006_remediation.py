from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

from server.sqlite_rebuild import AlterFieldKeepingChildren

class Migration(migrations.Migration):
    dependencies = [('models', '0005_response_history')]

    initial = False
    # Not one transaction: SQLite turns foreign keys off only outside one (see AlterFieldKeepingChildren).
    atomic = False

    operations = [
        ops.CreateModel(
            name='FindingComment',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('finding', fields.ForeignKeyField('models.Finding', source_field='finding_id', db_constraint=True, to_field='id', related_name='comments', on_delete=OnDelete.CASCADE)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', db_constraint=True, to_field='id', related_name='finding_comments', on_delete=OnDelete.RESTRICT)),
                ('text', fields.TextField(unique=False)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'finding_comments', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FindingEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('finding', fields.ForeignKeyField('models.Finding', source_field='finding_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', db_constraint=True, to_field='id', related_name='finding_events', on_delete=OnDelete.RESTRICT)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('from_status', fields.CharField(null=True, max_length=20)),
                ('to_status', fields.CharField(max_length=20)),
                ('note', fields.TextField(default='', unique=False)),
                ('photo_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('changes', fields.JSONField(default=dict, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
            ],
            options={'table': 'finding_events', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        # On SQLite, altering a column rebuilds the table; with foreign keys on, dropping the old findings table
        # deleted every finding's photos through their cascade (upgrades from 0005 lost them). Rebuilt with
        # foreign keys off instead (server/sqlite_rebuild.py).
        AlterFieldKeepingChildren(
            model_name='Finding',
            name='status',
            field=fields.CharField(default='open', db_index=True, max_length=20),
        ),
        ops.AddField(
            model_name='Finding',
            name='assignee',
            field=fields.ForeignKeyField('models.User', source_field='assignee_id', null=True, db_constraint=True, to_field='id', related_name='findings_assigned', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Finding',
            name='due_date',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Finding',
            name='duplicate_of',
            field=fields.ForeignKeyField('models.Finding', source_field='duplicate_of_id', null=True, db_constraint=True, to_field='id', related_name='duplicates', on_delete=OnDelete.RESTRICT),
        ),
        ops.AddField(
            model_name='Finding',
            name='priority',
            field=fields.CharField(default='normal', db_default='normal', max_length=10),
        ),
        ops.AddField(
            model_name='Finding',
            name='remedy',
            field=fields.CharField(null=True, max_length=30),
        ),
        ops.AddField(
            model_name='Finding',
            name='resolved_by',
            field=fields.ForeignKeyField('models.User', source_field='resolved_by_id', null=True, db_constraint=True, to_field='id', related_name='findings_resolved', on_delete=OnDelete.RESTRICT),
        ),
        # Findings recorded before this migration get the events they would have had, so every finding's
        # history starts with its creation and its status is always the last event's to_status.
        ops.RunSQL(
            ["INSERT INTO finding_events (finding_id, actor_id, at, from_status, to_status, note, photo_ids, changes) "
             "SELECT id, created_by_id, created_at, NULL, 'open', '', '[]', '{}' FROM findings ORDER BY created_at",
             "INSERT INTO finding_events (finding_id, actor_id, at, from_status, to_status, note, photo_ids, changes) "
             "SELECT id, created_by_id, updated_at, 'open', 'withdrawn', '', '[]', '{}' FROM findings "
             "WHERE status = 'withdrawn' ORDER BY updated_at"],
            reverse_sql=["DELETE FROM finding_events"],
        ),
    ]

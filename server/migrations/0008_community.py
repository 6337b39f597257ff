from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0007_login_limits')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CommunityReport',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('tracking_code', fields.CharField(unique=True, max_length=12)),
                ('key_hash', fields.CharField(max_length=64)),
                ('space', fields.ForeignKeyField('models.Space', source_field='space_id', db_constraint=True, to_field='id', related_name='community_reports', on_delete=OnDelete.RESTRICT)),
                ('category', fields.CharField(max_length=20)),
                ('description', fields.TextField(default='', unique=False)),
                ('impact', fields.TextField(default='', unique=False)),
                ('lang', fields.CharField(default='en', max_length=5)),
                ('status', fields.CharField(default='received', db_index=True, max_length=20)),
                ('received_on', fields.DateField(db_index=True)),
                ('updated_on', fields.DateField()),
                ('decline_reason', fields.TextField(default='', unique=False)),
                ('finding', fields.ForeignKeyField('models.Finding', source_field='finding_id', null=True, db_constraint=True, to_field='id', related_name='community_reports', on_delete=OnDelete.SET_NULL)),
                ('closed_on', fields.DateField(null=True)),
            ],
            options={'table': 'community_reports', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CommunityEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('report', fields.ForeignKeyField('models.CommunityReport', source_field='report_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', null=True, db_constraint=True, to_field='id', related_name='community_events', on_delete=OnDelete.RESTRICT)),
                ('from_status', fields.CharField(null=True, max_length=20)),
                ('to_status', fields.CharField(max_length=20)),
                ('note', fields.TextField(default='', unique=False)),
                ('on', fields.DateField()),
            ],
            options={'table': 'community_events', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CommunityMessage',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('report', fields.ForeignKeyField('models.CommunityReport', source_field='report_id', db_constraint=True, to_field='id', related_name='messages', on_delete=OnDelete.CASCADE)),
                ('sender', fields.CharField(max_length=10)),
                ('author', fields.ForeignKeyField('models.User', source_field='author_id', null=True, db_constraint=True, to_field='id', related_name='community_messages', on_delete=OnDelete.RESTRICT)),
                ('text', fields.TextField(unique=False)),
                ('on', fields.DateField()),
                ('position', fields.IntField()),
            ],
            options={'table': 'community_messages', 'app': 'models', 'unique_together': (('report', 'position'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CommunityPhoto',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('report', fields.ForeignKeyField('models.CommunityReport', source_field='report_id', null=True, db_constraint=True, to_field='id', related_name='photos', on_delete=OnDelete.CASCADE)),
                ('upload_sha256', fields.CharField(max_length=64)),
                ('evidence', fields.CharField(max_length=64)),
                ('display', fields.CharField(max_length=64)),
                ('thumb', fields.CharField(max_length=64)),
                ('width', fields.IntField()),
                ('height', fields.IntField()),
                ('received_on', fields.DateField()),
            ],
            options={'table': 'community_photos', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='DailyKey',
            fields=[
                ('day', fields.DateField(primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(max_length=64)),
            ],
            options={'table': 'daily_keys', 'app': 'models', 'pk_attr': 'day'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RateCount',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('bucket', fields.CharField(max_length=80)),
                ('day', fields.DateField()),
                ('count', fields.IntField(default=0)),
            ],
            options={'table': 'rate_counts', 'app': 'models', 'unique_together': (('bucket', 'day'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReporterContact',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('report', fields.OneToOneField('models.CommunityReport', source_field='report_id', db_constraint=True, to_field='id', related_name='contact', on_delete=OnDelete.CASCADE)),
                ('email', fields.CharField(max_length=254)),
            ],
            options={'table': 'reporter_contacts', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SpaceCode',
            fields=[
                ('code', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=12)),
                ('space', fields.ForeignKeyField('models.Space', source_field='space_id', db_constraint=True, to_field='id', related_name='public_codes', on_delete=OnDelete.CASCADE)),
                ('created_on', fields.DateField()),
                ('retired_on', fields.DateField(null=True)),
            ],
            options={'table': 'space_codes', 'app': 'models', 'pk_attr': 'code'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Building',
            name='community_reports',
            field=fields.BooleanField(null=True),
        ),
        ops.AddField(
            model_name='Campus',
            name='community_reports',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.CreateModel(
            name='CommunityDigest',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=60)),
                ('on', fields.DateField()),
                ('reports', fields.IntField(default=0)),
            ],
            options={'table': 'community_digests', 'app': 'models', 'pk_attr': 'key'},
            bases=['Model'],
        ),
        # Findings from community reports (no audit, source "community") are 0009_finding_source: on SQLite
        # that change rebuilds the findings table, which needs foreign keys off, outside a transaction.
    ]

from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ChecklistVersion',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('checklist_id', fields.CharField(max_length=80)),
                ('version', fields.IntField()),
                ('fingerprint', fields.CharField(max_length=64)),
                ('title', fields.CharField(max_length=200)),
                ('content', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('active', fields.BooleanField(default=True)),
                ('loaded_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'checklist_versions', 'app': 'models', 'unique_together': (('checklist_id', 'version'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Audit',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('title', fields.CharField(max_length=200)),
                ('building', fields.ForeignKeyField('models.Building', source_field='building_id', db_constraint=True, to_field='id', related_name='audits', on_delete=OnDelete.RESTRICT)),
                ('checklist', fields.ForeignKeyField('models.ChecklistVersion', source_field='checklist_id', db_constraint=True, to_field='id', related_name='audits', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharField(default='planned', max_length=20)),
                ('revision', fields.IntField(default=1)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name='audits_created', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
                ('submitted_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'audits', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditEvent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('audit', fields.ForeignKeyField('models.Audit', source_field='audit_id', db_constraint=True, to_field='id', related_name='events', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', db_constraint=True, to_field='id', related_name='audit_events', on_delete=OnDelete.RESTRICT)),
                ('from_status', fields.CharField(null=True, max_length=20)),
                ('to_status', fields.CharField(max_length=20)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'audit_events', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditMember',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('audit', fields.ForeignKeyField('models.Audit', source_field='audit_id', db_constraint=True, to_field='id', related_name='members', on_delete=OnDelete.CASCADE)),
                ('user', fields.ForeignKeyField('models.User', source_field='user_id', db_constraint=True, to_field='id', related_name='audit_memberships', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'audit_members', 'app': 'models', 'unique_together': (('audit', 'user'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AuditSpace',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('audit', fields.ForeignKeyField('models.Audit', source_field='audit_id', db_constraint=True, to_field='id', related_name='spaces', on_delete=OnDelete.CASCADE)),
                ('space', fields.ForeignKeyField('models.Space', source_field='space_id', db_constraint=True, to_field='id', related_name='audit_spaces', on_delete=OnDelete.RESTRICT)),
                ('position', fields.IntField()),
                ('skip_reason', fields.CharField(null=True, max_length=20)),
                ('skip_note', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'audit_spaces', 'app': 'models', 'unique_together': (('audit', 'space'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Finding',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('audit', fields.ForeignKeyField('models.Audit', source_field='audit_id', db_constraint=True, to_field='id', related_name='findings', on_delete=OnDelete.CASCADE)),
                ('space', fields.ForeignKeyField('models.Space', source_field='space_id', db_constraint=True, to_field='id', related_name='findings', on_delete=OnDelete.RESTRICT)),
                ('item_id', fields.CharField(null=True, max_length=80)),
                ('section_id', fields.CharField(null=True, max_length=80)),
                ('title', fields.CharField(max_length=200)),
                ('description', fields.TextField(default='', unique=False)),
                ('severity', fields.CharField(max_length=10)),
                ('remedies', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('photo_ids', fields.JSONField(default=list, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('status', fields.CharField(default='open', max_length=20)),
                ('revision', fields.IntField(default=1)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name='findings_created', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'findings', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Response',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('audit', fields.ForeignKeyField('models.Audit', source_field='audit_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.CASCADE)),
                ('space', fields.ForeignKeyField('models.Space', source_field='space_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.RESTRICT)),
                ('item_id', fields.CharField(max_length=80)),
                ('answer', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('note', fields.TextField(default='', unique=False)),
                ('revision', fields.IntField(default=1)),
                ('answered_by', fields.ForeignKeyField('models.User', source_field='answered_by_id', db_constraint=True, to_field='id', related_name='responses', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'responses', 'app': 'models', 'unique_together': (('audit', 'space', 'item_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]

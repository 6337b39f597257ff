from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0002_audits')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Photo',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('finding', fields.ForeignKeyField('models.Finding', source_field='finding_id', db_constraint=True, to_field='id', related_name='photos', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=10)),
                ('upload_sha256', fields.CharField(max_length=64)),
                ('evidence', fields.CharField(max_length=64)),
                ('display', fields.CharField(max_length=64)),
                ('thumb', fields.CharField(max_length=64)),
                ('original_evidence', fields.CharField(null=True, max_length=64)),
                ('original_display', fields.CharField(null=True, max_length=64)),
                ('original_thumb', fields.CharField(null=True, max_length=64)),
                ('width', fields.IntField()),
                ('height', fields.IntField()),
                ('taken_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('caption', fields.CharField(default='', max_length=300)),
                ('uploaded_by', fields.ForeignKeyField('models.User', source_field='uploaded_by_id', db_constraint=True, to_field='id', related_name='photos', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'photos', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='PhotoRedaction',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('photo', fields.ForeignKeyField('models.Photo', source_field='photo_id', db_constraint=True, to_field='id', related_name='redactions', on_delete=OnDelete.CASCADE)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', db_constraint=True, to_field='id', related_name='redactions', on_delete=OnDelete.RESTRICT)),
                ('boxes', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'photo_redactions', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]

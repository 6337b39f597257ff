from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0004_operations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='ResponseRevision',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('response', fields.ForeignKeyField('models.Response', source_field='response_id', db_constraint=True, to_field='id', related_name='revisions', on_delete=OnDelete.CASCADE)),
                ('revision', fields.IntField()),
                ('answer', fields.JSONField(encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('note', fields.TextField(default='', unique=False)),
                ('actor', fields.ForeignKeyField('models.User', source_field='actor_id', db_constraint=True, to_field='id', related_name='response_revisions', on_delete=OnDelete.RESTRICT)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'response_revisions', 'app': 'models', 'unique_together': (('response', 'revision'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]

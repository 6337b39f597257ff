from tortoise import migrations
from tortoise.migrations import operations as ops
import functools
from json import dumps, loads
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0003_photos')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Operation',
            fields=[
                ('key', fields.CharField(primary_key=True, unique=True, db_index=True, max_length=80)),
                ('method', fields.CharField(max_length=10)),
                ('path', fields.CharField(max_length=300)),
                ('done', fields.BooleanField(default=False)),
                ('status', fields.IntField(null=True)),
                ('body', fields.JSONField(null=True, encoder=functools.partial(dumps, separators=(',', ':')), decoder=loads)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'operations', 'app': 'models', 'pk_attr': 'key'},
            bases=['Model'],
        ),
    ]

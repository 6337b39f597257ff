from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0011_answer_photos')]

    initial = False

    # The public progress page (issue 13): whether an administrator turned it on (no row: off), and the
    # before/after pairs of verified fixes the committee published (each step is also a finding event).

    operations = [
        ops.CreateModel(
            name='ProgressPage',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('enabled', fields.BooleanField(default=False)),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('changed_by', fields.ForeignKeyField('models.User', source_field='changed_by_id', db_constraint=True, to_field='id', related_name='progress_page_changes', on_delete=OnDelete.RESTRICT)),
            ],
            options={'table': 'progress_page', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Publication',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('finding', fields.OneToOneField('models.Finding', source_field='finding_id', db_constraint=True, to_field='id', related_name='publication', on_delete=OnDelete.CASCADE)),
                ('before_photo', fields.ForeignKeyField('models.Photo', source_field='before_photo_id', db_constraint=True, to_field='id', related_name='published_before', on_delete=OnDelete.CASCADE)),
                ('after_photo', fields.ForeignKeyField('models.Photo', source_field='after_photo_id', db_constraint=True, to_field='id', related_name='published_after', on_delete=OnDelete.CASCADE)),
                ('published', fields.BooleanField(default=True, db_index=True)),
                ('changed_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'publications', 'app': 'models', 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]

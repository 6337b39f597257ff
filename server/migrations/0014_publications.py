from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0013_schedules')]

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
        # The page's figures over years of findings: a year's findings by campus, category and state read from one
        # index, and the fixes verified in a year found without scanning every event.
        ops.AddIndex(
            model_name='Finding',
            index=Index(fields=['created_at', 'status', 'audit_id', 'space_id', 'section_id']),
        ),
        ops.AddIndex(
            model_name='FindingEvent',
            index=Index(fields=['to_status', 'at', 'from_status', 'finding_id']),
        ),
    ]

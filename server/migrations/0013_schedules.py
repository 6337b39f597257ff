from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from uuid import uuid4
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0012_indexes')]

    initial = False

    # Audit schedules (issue 13): one row per (building, checklist), and each reminder mailed about one, so that
    # a reminder goes out once across restarts.

    operations = [
        ops.CreateModel(
            name='Schedule',
            fields=[
                ('id', fields.UUIDField(primary_key=True, default=uuid4, unique=True, db_index=True)),
                ('building', fields.ForeignKeyField('models.Building', source_field='building_id', db_constraint=True, to_field='id', related_name='schedules', on_delete=OnDelete.CASCADE)),
                ('checklist_id', fields.CharField(max_length=80)),
                ('interval_months', fields.IntField()),
                ('responsible', fields.ForeignKeyField('models.User', source_field='responsible_id', db_constraint=True, to_field='id', related_name='schedules', on_delete=OnDelete.RESTRICT)),
                ('created_by', fields.ForeignKeyField('models.User', source_field='created_by_id', db_constraint=True, to_field='id', related_name='schedules_created', on_delete=OnDelete.RESTRICT)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'schedules', 'app': 'models', 'unique_together': (('building', 'checklist_id'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ScheduleReminder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('schedule', fields.ForeignKeyField('models.Schedule', source_field='schedule_id', db_constraint=True, to_field='id', related_name='reminders', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=10)),
                ('due_on', fields.DateField()),
                ('sent_on', fields.DateField()),
                ('to_email', fields.CharField(max_length=254)),
            ],
            options={'table': 'schedule_reminders', 'app': 'models', 'unique_together': (('schedule', 'kind', 'due_on'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
    ]

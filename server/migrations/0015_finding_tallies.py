from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0014_publications')]

    initial = False

    # Counts of findings kept as they change (issue 17: a dashboard that reads as many rows at 100,000 findings as
    # at 10,000), and each verified finding's wait for the exact median. Filled from the findings already there
    # by the check that runs after every migration (server/db.py: apply_migrations -> tallies.ensure_built);
    # `spaces-audit recount` rebuilds them and says what differed.

    operations = [
        ops.CreateModel(
            name='FindingTally',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('scope', fields.CharField(max_length=120)),
                ('kind', fields.CharField(max_length=10)),
                ('grain', fields.CharField(max_length=1)),
                ('period', fields.CharField(max_length=10)),
                ('status', fields.CharField(default='', max_length=20)),
                ('severity', fields.CharField(default='', max_length=10)),
                ('source', fields.CharField(default='', max_length=10)),
                ('extra', fields.CharField(default='', max_length=200)),
                ('n', fields.IntField(default=0)),
            ],
            options={'table': 'finding_tallies', 'app': 'models', 'unique_together': (('scope', 'kind', 'grain', 'period', 'status', 'severity', 'source', 'extra'),), 'pk_attr': 'id'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='FindingWait',
            fields=[
                ('finding', fields.OneToOneField('models.Finding', source_field='finding_id', primary_key=True, db_index=True, db_constraint=True, to_field='id', related_name='wait', on_delete=OnDelete.CASCADE)),
                ('waited_us', fields.BigIntField()),
                ('campus_id', fields.CharField(max_length=36)),
                ('building_id', fields.CharField(max_length=36)),
                ('checklist_id', fields.CharField(default='', max_length=64)),
                ('source', fields.CharField(max_length=10)),
                ('raised_day', fields.DateField()),
            ],
            options={'table': 'finding_waits', 'app': 'models', 'indexes': [Index(fields=['waited_us'])], 'pk_attr': 'finding_id'},
            bases=['Model'],
        ),
    ]

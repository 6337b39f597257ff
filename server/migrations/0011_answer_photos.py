from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

from server.sqlite_rebuild import AlterFieldKeepingChildren


class Migration(migrations.Migration):
    dependencies = [('models', '0010_user_lang')]

    initial = False
    # Not one transaction: SQLite turns foreign keys off only outside one (see AlterFieldKeepingChildren).
    atomic = False

    # Photo answers reach the server: the answer to a photo item is a list of photos (kind "answer") that belong
    # to their place (audit, space, item) rather than to a finding, so a photo's finding may be null. On SQLite
    # the photos table is rebuilt with its redactions kept; its rows keep their finding.
    operations = [
        AlterFieldKeepingChildren(
            model_name='Photo',
            name='finding',
            field=fields.ForeignKeyField('models.Finding', source_field='finding_id', null=True, db_constraint=True, to_field='id', related_name='photos', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Photo',
            name='audit',
            field=fields.ForeignKeyField('models.Audit', source_field='audit_id', null=True, db_constraint=True, to_field='id', related_name='answer_photos', on_delete=OnDelete.CASCADE),
        ),
        ops.AddField(
            model_name='Photo',
            name='item_id',
            field=fields.CharField(null=True, max_length=80),
        ),
        ops.AddField(
            model_name='Photo',
            name='space',
            field=fields.ForeignKeyField('models.Space', source_field='space_id', null=True, db_constraint=True, to_field='id', related_name='answer_photos', on_delete=OnDelete.RESTRICT),
        ),
    ]

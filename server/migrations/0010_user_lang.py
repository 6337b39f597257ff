from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0009_finding_source')]

    initial = False

    # Each person's language (en, es...). Null means "not chosen": everyone who was here before keeps what
    # they had (the app follows their browser; their mail stays in English) until they choose.
    operations = [
        ops.AddField(
            model_name='User',
            name='lang',
            field=fields.CharField(null=True, max_length=5),
        ),
    ]

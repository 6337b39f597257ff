from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0011_answer_photos')]

    initial = False

    # Indexes the lists, the dashboard and the exports need at 100,000 findings (issue 17): the list reads the
    # newest findings and their photos, events and comments by finding; facilities see findings by assignee;
    # the dashboard counts from indexes that hold every column it reads (auditors' findings by audit too).
    operations = [
        ops.AddIndex(
            model_name='Finding',
            index=Index(fields=['created_at']),
        ),
        ops.AddIndex(
            model_name='Finding',
            index=Index(fields=['assignee_id']),
        ),
        # Every column a dashboard count reads, in the order it groups by, so counting reads these rather than
        # the findings table.
        ops.AddIndex(
            model_name='Finding',
            index=Index(fields=['status', 'severity', 'source', 'created_at', 'due_date']),
        ),
        ops.AddIndex(
            model_name='Finding',
            index=Index(fields=['audit_id', 'section_id', 'status']),
        ),
        ops.AddIndex(
            model_name='Finding',
            index=Index(fields=['space_id', 'status']),
        ),
        ops.AddIndex(
            model_name='Finding',
            index=Index(fields=['status', 'id']),
        ),
        ops.AddIndex(
            model_name='Finding',
            index=Index(fields=['id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='FindingEvent',
            index=Index(fields=['to_status', 'finding_id', 'at']),
        ),
        ops.AddIndex(
            model_name='FindingComment',
            index=Index(fields=['finding_id']),
        ),
        ops.AddIndex(
            model_name='FindingEvent',
            index=Index(fields=['finding_id']),
        ),
        ops.AddIndex(
            model_name='Photo',
            index=Index(fields=['finding_id']),
        ),
        # The index on findings.status was lost on SQLite when 0006 rebuilt the table; 0009 makes it again now,
        # but a database that ran 0009 before that line was added (or that was repaired by hand) may still lack
        # it. Made here under the name Tortoise gives it, whether or not it is there (a no-op on PostgreSQL).
        ops.RunSQL(
            ['CREATE INDEX IF NOT EXISTS "idx_findings_status_ca3eae" ON "findings" ("status")'],
            reverse_sql=[],
        ),
    ]

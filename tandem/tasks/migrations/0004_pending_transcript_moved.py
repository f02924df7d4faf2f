"""PendingTranscript now lives in the transcripts app (its table is kept): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0003_tasks_moved_to_their_apps"),
        ("transcripts", "0001_moved_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="PendingTranscript")],
        ),
    ]

"""TranscriptAnalysis now lives in the transcripts app (its table is kept): state only. After
the tasks app let go of PendingTranscript, whose old state pointed here."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0004_transcript_queued"),
        ("tasks", "0004_pending_transcript_moved"),
        ("transcripts", "0001_moved_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[migrations.DeleteModel(name="TranscriptAnalysis")],
        ),
    ]

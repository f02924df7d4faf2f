"""The transcript models move here from the api and tasks apps (issue 18), tables kept: this
migration only tells Django's model state where they now live; no table is created or copied."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("api", "0004_transcript_queued"),
        ("tasks", "0003_tasks_moved_to_their_apps"),
        ("care", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="TranscriptAnalysis",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("name", models.CharField(blank=True, max_length=200)),
                        ("format", models.CharField(max_length=10)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("queued", "Being analysed"),
                                    ("done", "Done"),
                                    ("failed", "Failed"),
                                ],
                                max_length=10,
                            ),
                        ),
                        ("error", models.TextField(blank=True)),
                        ("result", models.JSONField(default=dict)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "user",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="transcript_analyses",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="transcript_analyses",
                                to="care.session",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "api_transcriptanalysis",
                        "ordering": ["-created_at", "-id"],
                    },
                ),
                migrations.CreateModel(
                    name="PendingTranscript",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("text", models.TextField()),
                        ("speakers", models.JSONField(default=dict)),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "analysis",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="pending",
                                to="transcripts.transcriptanalysis",
                            ),
                        ),
                    ],
                    options={"db_table": "tasks_pendingtranscript"},
                ),
            ],
        ),
    ]

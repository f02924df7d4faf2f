"""The reminder models move here from the tasks app (issue 18), tables kept: this migration only
tells Django's model state where they now live; no table is created or copied."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("tasks", "0004_pending_transcript_moved"),
        ("accounts", "0001_initial"),
        ("care", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="ReminderPolicy",
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
                        (
                            "active",
                            models.BooleanField(
                                default=True,
                                help_text="Send reminders at all. Clients can still turn them off themselves.",
                            ),
                        ),
                        (
                            "first_after_hours",
                            models.PositiveSmallIntegerField(
                                default=24,
                                help_text="Hours after a session is recorded before the first reminder (0 to 336).",
                            ),
                        ),
                        (
                            "repeat_every_days",
                            models.PositiveSmallIntegerField(
                                default=3,
                                help_text="Days between one reminder and the next (1 to 30).",
                            ),
                        ),
                        (
                            "max_reminders",
                            models.PositiveSmallIntegerField(
                                default=2,
                                help_text="At most this many reminders for one session (1 to 5).",
                            ),
                        ),
                        ("updated_at", models.DateTimeField(default=django.utils.timezone.now)),
                        (
                            "practice",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="reminder_policy",
                                to="accounts.practice",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "tasks_reminderpolicy",
                        "verbose_name": "reminder policy",
                        "verbose_name_plural": "reminder policies",
                    },
                ),
                migrations.CreateModel(
                    name="Reminder",
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
                        (
                            "slot",
                            models.PositiveSmallIntegerField(
                                help_text="1 for the first reminder, 2 for the next …"
                            ),
                        ),
                        ("created_at", models.DateTimeField(default=django.utils.timezone.now)),
                        ("sent_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "skipped",
                            models.CharField(
                                blank=True, help_text="Why it was not sent.", max_length=40
                            ),
                        ),
                        (
                            "client",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="care.client",
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="+",
                                to="care.session",
                            ),
                        ),
                    ],
                    options={
                        "db_table": "tasks_reminder",
                        "ordering": ["-created_at"],
                        "constraints": [
                            models.UniqueConstraint(
                                fields=("session", "slot"), name="one_reminder_per_slot"
                            )
                        ],
                    },
                ),
            ],
        ),
    ]

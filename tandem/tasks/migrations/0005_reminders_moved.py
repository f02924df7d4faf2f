"""ReminderPolicy and Reminder now live in the reminders app (their tables are kept): state only."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0004_pending_transcript_moved"),
        ("reminders", "0001_moved_here"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="Reminder"),
                migrations.DeleteModel(name="ReminderPolicy"),
            ],
        ),
    ]

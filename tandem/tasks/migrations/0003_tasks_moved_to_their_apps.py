"""Tasks moved from tandem.tasks.jobs to the apps that own them (issue 18): a task already in the
queue names its function by import path, so queued rows are pointed at the new homes. Without
this, a worker started after the upgrade could not import a task queued before it."""

from django.db import migrations

MOVED = {
    "tandem.tasks.jobs.send_invitation_email": "tandem.accounts.mail.send_invitation_email",
    "tandem.tasks.jobs.send_address_in_use_email": "tandem.accounts.mail.send_address_in_use_email",
    "tandem.tasks.jobs.notify_staff": "tandem.safety.mail.notify_staff",
    "tandem.tasks.jobs.escalate_overdue_alerts": "tandem.safety.tasks.escalate_overdue_alerts",
    "tandem.tasks.jobs.send_reminder": "tandem.reminders.tasks.send_reminder",
    "tandem.tasks.jobs.send_due_reminders": "tandem.reminders.tasks.send_due_reminders",
    "tandem.tasks.jobs.recompute_practice": "tandem.measures.tasks.recompute_practice",
    "tandem.tasks.jobs.recompute_all_practices": "tandem.measures.tasks.recompute_all_practices",
    "tandem.tasks.jobs.analyse_pending_transcript": "tandem.transcripts.tasks.analyse_pending_transcript",
    "tandem.tasks.jobs.forget_expired_idempotency_keys": "tandem.api.tasks.forget_expired_idempotency_keys",
}


def point(apps, mapping):
    results = apps.get_model("django_tasks_database", "DBTaskResult")
    for old, new in mapping.items():
        results.objects.filter(task_path=old).update(task_path=new)


def forwards(apps, schema_editor):
    point(apps, MOVED)


def backwards(apps, schema_editor):
    point(apps, {new: old for old, new in MOVED.items()})


class Migration(migrations.Migration):
    dependencies = [
        ("tasks", "0002_pending_transcripts"),
        ("django_tasks_database", "0021_conditional_partial_index_ordering"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]

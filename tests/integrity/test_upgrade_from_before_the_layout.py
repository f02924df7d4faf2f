"""A database from before the layout step (issue 18) upgrades with nothing lost.

The step moved models between apps with their tables kept (transcripts, reminders) and moved
every background task to the app that owns it. This test builds the schema as it stood before,
writes the data those moves touch with the models of that time, migrates to today, and reads
everything back through today's models: the same rows, and a task queued before the upgrade
that a worker after it can still find.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks_db.models import DBTaskResult

from tandem.reminders.models import Reminder, ReminderPolicy
from tandem.transcripts.models import PendingTranscript, TranscriptAnalysis

BEFORE = [
    ("accounts", "0004_flows_security"),
    ("care", "0002_episode_problem"),
    ("api", "0004_transcript_queued"),
    ("tasks", "0002_pending_transcripts"),
    ("django_tasks_database", "0021_conditional_partial_index_ordering"),
]
# Each app that came into being in the step is taken back to before its first migration.
NEW_APPS = ["transcripts", "reminders"]


def _migrate(targets: list[tuple[str, str | None]]):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state([t for t in targets if t[1] is not None]).apps


@pytest.mark.django_db(transaction=True)
def test_an_old_database_keeps_its_transcripts_reminders_and_queued_tasks():
    executor = MigrationExecutor(connection)
    latest = executor.loader.graph.leaf_nodes()
    old = _migrate([(app, None) for app in NEW_APPS] + BEFORE)
    try:
        Practice = old.get_model("accounts", "Practice")
        User = old.get_model("accounts", "User")
        Client = old.get_model("care", "Client")
        Episode = old.get_model("care", "Episode")
        Session = old.get_model("care", "Session")
        OldAnalysis = old.get_model("api", "TranscriptAnalysis")
        OldPending = old.get_model("tasks", "PendingTranscript")
        OldResult = old.get_model("django_tasks_database", "DBTaskResult")
        OldPolicy = old.get_model("tasks", "ReminderPolicy")
        OldReminder = old.get_model("tasks", "Reminder")

        practice = Practice.objects.create(name="Harbour", slug="harbour")
        therapist = User.objects.create(
            email="t@harbour.test", practice=practice, is_therapist=True, password="!"
        )
        client = Client.objects.create(practice=practice, therapist=therapist, display_name="A. L.")
        episode = Episode.objects.create(client=client, therapist=therapist, number=1)
        session = Session.objects.create(episode=episode, number=1, date=date(2026, 11, 2))
        done = OldAnalysis.objects.create(
            user=therapist,
            session=session,
            name="Session one",
            format="text",
            status="done",
            result={"sessions": [{"metrics": {"therapist_word_share": 0.4}}]},
        )
        queued = OldAnalysis.objects.create(
            user=therapist, session=session, name="Session two", format="text", status="queued"
        )
        OldPending.objects.create(analysis=queued, text="T: Hello.\nC: Hi.", speakers={})
        OldPolicy.objects.create(practice=practice, first_after_hours=6, max_reminders=4)
        reminder = OldReminder.objects.create(client=client, session=session, slot=1)
        now = timezone.now()
        for path, args in (
            ("tandem.tasks.jobs.analyse_pending_transcript", [queued.pk]),
            ("tandem.tasks.jobs.send_reminder", [reminder.pk]),
        ):
            OldResult.objects.create(
                task_path=path,
                args_kwargs={"args": args, "kwargs": {}},
                status="READY",
                queue_name="default",
                backend_name="default",
                priority=0,
                run_after=now,
                exception_class_path="",
                traceback="",
            )
    finally:
        _migrate(latest)

    assert TranscriptAnalysis.objects.get(pk=done.pk).result["sessions"][0]["metrics"] == {
        "therapist_word_share": 0.4
    }
    pending = PendingTranscript.objects.select_related("analysis__session").get()
    assert pending.analysis.pk == queued.pk and pending.text == "T: Hello.\nC: Hi."
    assert pending.analysis.session.pk == session.pk
    policy = ReminderPolicy.objects.get(practice__slug="harbour")
    assert (policy.first_after_hours, policy.max_reminders) == (6, 4)
    assert Reminder.objects.get(pk=reminder.pk).session_id == session.pk
    # Tasks queued before the upgrade point at their functions' new homes, which import.
    paths = sorted(DBTaskResult.objects.values_list("task_path", flat=True))
    assert paths == [
        "tandem.reminders.tasks.send_reminder",
        "tandem.transcripts.tasks.analyse_pending_transcript",
    ]
    assert [import_string(path).func.__name__ for path in paths] == [
        "send_reminder",
        "analyse_pending_transcript",
    ]

"""Adversarial tests of the background worker (docs/security.md, "Threat model: data flows").

The queue is a database table that outlives what it was about: what a task holds is what the
table keeps. Tasks carry ids, not clinical content; secrets and addresses leave once used; a task
whose subject is gone (an erased client) ends quietly instead of failing and retrying.
"""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.accounts.actions import invite_person
from tandem.api.tests.conftest import PHQ9_ANSWERS
from tandem.care import actions
from tandem.care.erasure import erase_client
from tandem.measures.actions import submit_response
from tandem.reminders.tasks import send_due_reminders
from tandem.transcripts.models import PendingTranscript

pytestmark = pytest.mark.django_db

TRANSCRIPT = (
    "T: What brings you here today?\n"
    "C: My sister Wilhelmina keeps telling me I drink too much.\n"
    "T: She is worried about you, and you are not sure she is right.\n"
    "C: Maybe she is. I'd like to cut down.\n"
)


def queue_text() -> str:
    return json.dumps(list(DBTaskResult.objects.values("args_kwargs", "return_value")))


def test_queued_tasks_hold_ids_not_what_the_client_said(
    people: Any, db_tasks: None, client: Any
) -> None:
    # A risk answer (queues the therapist's email), a transcript (queues its analysis) and a
    # questionnaire due (queues a reminder): the queue table names no client and holds no answer.
    submit_response(
        people.client_user,
        people.episode,
        "phq9",
        {**PHQ9_ANSWERS, "q9": 3},
        session=people.session,
    )
    client.force_login(people.therapist)
    client.post(
        f"/sessions/{people.session.pk}/transcript/",
        {"text": TRANSCRIPT, "format": "auto", "speakers": ""},
    )
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1), tick=False):
        send_due_reminders.call()
    paths = set(DBTaskResult.objects.values_list("task_path", flat=True))
    assert {"notify_staff", "analyse_pending_transcript", "send_reminder"} <= {
        p.rsplit(".", 1)[-1] for p in paths
    }
    text = queue_text()
    for secret in ("Ada", "client@harbour.test", "Wilhelmina", '"q9"'):
        assert secret not in text, secret


def test_a_transcript_lives_only_until_it_is_analysed(
    people: Any, run_worker: Any, client: Any
) -> None:
    client.force_login(people.therapist)
    client.post(
        f"/sessions/{people.session.pk}/transcript/",
        {"text": TRANSCRIPT, "format": "auto", "speakers": ""},
    )
    assert PendingTranscript.objects.count() == 1
    run_worker()
    assert not PendingTranscript.objects.exists()
    assert "Wilhelmina" not in queue_text()


def test_an_invitation_link_and_an_address_leave_the_queue_once_sent(
    people: Any, smtp: Any, run_worker: Any
) -> None:
    sent = invite_person(people.therapist, people.practice, "new.client@harbour.test", "client")
    actions.add_client(people.therapist, "Yan P.", people.outsider_client_user.email)
    assert sent.link in queue_text() and people.outsider_client_user.email in queue_text()
    run_worker()
    assert len(smtp.messages) == 2
    assert sent.link not in queue_text()
    assert people.outsider_client_user.email not in queue_text()


def test_a_reminder_whose_client_was_erased_ends_quietly(
    people: Any, smtp: Any, run_worker: Any
) -> None:
    # Queued, then the client erased before the worker ran: it used to fail (the reminder row is
    # gone), be retried five times and stay in the queue as a failure.
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1), tick=False):
        send_due_reminders.call()
    assert DBTaskResult.objects.filter(task_path__endswith="send_reminder").count() == 1
    erase_client(people.admin, people.client, "Ada L.")
    run_worker()
    task = DBTaskResult.objects.get(task_path__endswith="send_reminder")
    assert task.status == "SUCCESSFUL" and task.return_value == "gone"
    assert smtp.messages == []

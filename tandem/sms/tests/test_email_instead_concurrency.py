"""Two runs of the job that emails a text's reminder instead (a retried job while the first is
still going, or two workers), for the same text at the same moment, in real concurrent transactions
(PostgreSQL): the client gets one email, with one live link, and the text says once that it was
emailed instead. The first run to reach the mail server is held there until the other run has
ended, so the moment between deciding to send and recording the email is open every time."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core import mail
from django.db import connection

from tandem.audit.models import AuditEvent
from tandem.links import emailing
from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.reminders import due
from tandem.reminders.models import Reminder
from tandem.sms import tasks
from tandem.sms.models import TextMessage
from tandem.sms.tests.conftest import MOBILE
from tandem.tasks.delivery import StillSending

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transactions: run on PostgreSQL; SQLite lets one writer in at a time "
        "(test_email_instead_once.py runs the same interleaving in one thread there)",
    ),
]
ROUNDS = 4


def _a_failed_reminder_text(people: Any, slot: int) -> TextMessage:
    reminder = Reminder.objects.create(client=people.client, session=people.session, slot=slot)
    return TextMessage.objects.create(
        practice=people.practice,
        client=people.client,
        purpose=TextMessage.REMINDER,
        reminder=reminder,
        to=MOBILE,
        status=TextMessage.FAILED,
    )


def _both_at_once(message_id: int, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    start = threading.Barrier(2)
    first_at_the_mail_server = threading.Lock()
    one_run_ended = threading.Event()
    real_send = emailing.send_mail

    def held_send(*args: Any, **kwargs: Any) -> int:
        if first_at_the_mail_server.acquire(blocking=False):
            one_run_ended.wait(10)
        return real_send(*args, **kwargs)

    monkeypatch.setattr(emailing, "send_mail", held_send)
    results: list[object] = []

    def run() -> None:
        try:
            start.wait(10)
            results.append(tasks.email_instead.call(message_id))
        except Exception as error:  # noqa: BLE001 — read by the test's assertion
            results.append(error)
        finally:
            one_run_ended.set()
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def test_two_runs_at_once_send_one_email(people: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    for slot in range(1, ROUNDS + 1):
        mail.outbox.clear()
        message = _a_failed_reminder_text(people, slot)
        results = _both_at_once(message.pk, monkeypatch)

        # One run emailed; the other found the email on its way and left it to that run (the
        # worker tries it again later, when it finds the email sent).
        assert sorted(map(repr, results)) == [
            "'emailed'",
            repr(StillSending(due.email_key(message.reminder))),  # type: ignore[arg-type]
        ], results
        assert tasks.email_instead.call(message.pk) == "already emailed"
        assert len(mail.outbox) == 1 and mail.outbox[0].to == [people.client_user.email]
        message.refresh_from_db()
        assert message.emailed_instead_at is not None
        assert AuditEvent.objects.filter(action="sms.email_instead", object_id=str(message.pk))
        assert (
            AuditEvent.objects.filter(action="sms.email_instead", object_id=str(message.pk)).count()
            == 1
        )
        # One link made, the email's: the run that sent nothing made none.
        assert (
            QuestionnaireLink.objects.filter(session=people.session, revoked_at=None).count() == 1
        )
        QuestionnaireLink.objects.all().delete()

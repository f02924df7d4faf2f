"""A text's reminder emailed instead goes once, also when a second run starts while the first is
still sending (a retried job, two workers, the reminder's own email job when the client chose
both): the email's delivery key is claimed before anything is sent. The claim says "being sent",
never "sent": a send that fails gives it back and a later try sends, and the claim of a run that
died mid-send is taken over once it is old enough. Each interleaving is played here in one thread,
on SQLite and PostgreSQL alike (test_email_instead_concurrency.py runs two threads on
PostgreSQL)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.links import emailing
from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.reminders import due
from tandem.reminders.models import Reminder
from tandem.reminders.tasks import send_reminder
from tandem.sms import tasks
from tandem.sms.models import TextMessage, TextNumber
from tandem.sms.tests.conftest import MOBILE
from tandem.tasks.delivery import CLAIM_LEASE, StillSending
from tandem.tasks.models import Delivery


@pytest.fixture
def failed(people: Any) -> TextMessage:
    """Ada's reminder text, failed for good; personal links go with reminders."""
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    reminder = Reminder.objects.create(client=people.client, session=people.session, slot=1)
    return TextMessage.objects.create(
        practice=people.practice,
        client=people.client,
        purpose=TextMessage.REMINDER,
        reminder=reminder,
        to=MOBILE,
        status=TextMessage.FAILED,
    )


def while_sending(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None]) -> None:
    """``meanwhile`` happens while the first email is with the mail server, before it is
    recorded as sent."""
    real = emailing.send_mail
    calls = []

    def send(*args: Any, **kwargs: Any) -> int:
        calls.append(1)
        if len(calls) == 1:
            meanwhile()
        return real(*args, **kwargs)

    monkeypatch.setattr(emailing, "send_mail", send)


def live_links(people: Any) -> int:
    return QuestionnaireLink.objects.filter(session=people.session, revoked_at=None).count()


def test_a_second_run_while_the_first_is_sending_sends_nothing(people, failed, monkeypatch):
    key = due.email_key(failed.reminder)

    def second_run() -> None:
        with pytest.raises(StillSending):
            tasks.email_instead.call(failed.pk)
        assert not Delivery.objects.get(key=key).sent_at  # being sent, not sent

    while_sending(monkeypatch, second_run)
    assert tasks.email_instead.call(failed.pk) == "emailed"
    assert Delivery.objects.get(key=key).sent_at is not None
    # The worker tries the second run again later: it finds the email sent.
    assert tasks.email_instead.call(failed.pk) == "already emailed"
    assert len(mail.outbox) == 1 and live_links(people) == 1
    assert AuditEvent.objects.filter(action="sms.email_instead").count() == 1


def test_the_reminders_own_email_at_the_same_moment_is_not_a_second(people, failed, monkeypatch):
    """The client chose email and text: the reminder's job emails while the text's email instead
    is being sent."""
    TextNumber.objects.create(
        client=people.client,
        given="07911 123456",
        number=MOBILE,
        verified_at=timezone.now(),
        reminders_by=TextNumber.BOTH,
    )

    def reminders_own_job() -> None:
        with pytest.raises(StillSending):
            send_reminder.call(failed.reminder_id)

    while_sending(monkeypatch, reminders_own_job)
    assert tasks.email_instead.call(failed.pk) == "emailed"
    assert send_reminder.call(failed.reminder_id) == "sent"  # tried again: no second email
    assert len(mail.outbox) == 1 and live_links(people) == 1


def test_a_send_that_fails_is_not_taken_for_sent_and_the_next_try_sends(
    people, failed, monkeypatch
):
    def refused(*args: Any, **kwargs: Any) -> int:
        raise ConnectionRefusedError("the mail server is down")

    monkeypatch.setattr(emailing, "send_mail", refused)
    with pytest.raises(ConnectionRefusedError):
        tasks.email_instead.call(failed.pk)
    assert not Delivery.objects.filter(key=due.email_key(failed.reminder)).exists()
    failed.refresh_from_db()
    assert failed.emailed_instead_at is None
    [never_sent] = QuestionnaireLink.objects.filter(session=people.session)
    assert never_sent.revoked_reason == QuestionnaireLink.NOT_SENT

    monkeypatch.undo()
    assert tasks.email_instead.call(failed.pk) == "emailed"
    assert len(mail.outbox) == 1 and live_links(people) == 1


def test_a_run_that_died_mid_send_is_taken_over_once_its_claim_is_old(people, failed):
    key = due.email_key(failed.reminder)
    # What a worker killed while the mail server had the email leaves behind.
    Delivery.objects.create(key=key, claimed_at=timezone.now(), sent_at=None)
    with pytest.raises(StillSending):
        tasks.email_instead.call(failed.pk)
    assert mail.outbox == []
    with time_machine.travel(timezone.now() + CLAIM_LEASE + timedelta(seconds=1)):
        assert tasks.email_instead.call(failed.pk) == "emailed"
        assert tasks.email_instead.call(failed.pk) == "already emailed"
    assert len(mail.outbox) == 1
    assert Delivery.objects.get(key=key).sent_at is not None

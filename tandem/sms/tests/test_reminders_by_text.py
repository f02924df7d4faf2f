"""Reminders go by email, by text or both, as the client chose; a text waits out the practice's
quiet hours and says nothing clinical."""

from __future__ import annotations

import re
from datetime import timedelta
from zoneinfo import ZoneInfo

import time_machine

from tandem.accounts.models import hash_token
from tandem.audit.models import AuditEvent
from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.measures import registry
from tandem.reminders.models import Reminder
from tandem.reminders.tasks import send_due_reminders
from tandem.sms.models import TextMessage, TextNumber, TextPolicy
from tandem.sms.tasks import send_waiting_texts
from tandem.sms.tests.conftest import MOBILE
from tandem.web.dates import day

EMAIL = "client@harbour.test"
LONDON = ZoneInfo("Europe/London")


def london(people, hour: int, minute: int = 0, days_later: int = 0):
    """The first such London time once the first reminder is due (a day after the session)."""
    due = (people.session.created_at + timedelta(hours=25)).astimezone(LONDON)
    at = due.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if at < due:
        at += timedelta(days=1)
    return at + timedelta(days=days_later)


def remind(run_worker) -> None:
    send_due_reminders.enqueue()
    run_worker()


def test_a_client_who_chose_texts_gets_a_text_and_no_email(
    people, verified, gateway, smtp, db_tasks, run_worker
):
    with time_machine.travel(london(people, 10), tick=False):
        remind(run_worker)
    [text] = gateway.to(MOBILE)
    assert "/portal/" in text["body"] and "Reply STOP" in text["body"]
    assert smtp.to(EMAIL) == []
    reminder = Reminder.objects.get()
    assert reminder.sent_at is not None
    assert TextMessage.objects.get(reminder=reminder).status == TextMessage.SENT
    event = AuditEvent.objects.get(action="reminder.send")
    assert event.detail["by"] == ["text"]


def test_both_means_both(people, verified, gateway, smtp, db_tasks, run_worker):
    TextNumber.objects.filter(pk=verified.pk).update(reminders_by=TextNumber.BOTH)
    with time_machine.travel(london(people, 10), tick=False):
        remind(run_worker)
        remind(run_worker)  # the same slot again: nothing more
    assert len(gateway.to(MOBILE)) == 1 and len(smtp.to(EMAIL)) == 1


def test_email_stays_the_default_and_the_fallback(
    people, verified, gateway, smtp, db_tasks, run_worker
):
    # STOP received: the client chose texts, but the number must not be texted; email instead.
    TextNumber.objects.filter(pk=verified.pk).update(stopped_at=people.session.created_at)
    with time_machine.travel(london(people, 10), tick=False):
        remind(run_worker)
    assert gateway.sent == [] and len(smtp.to(EMAIL)) == 1
    assert AuditEvent.objects.get(action="reminder.send").detail["by"] == ["email"]


def test_a_text_carries_a_personal_link_where_the_practice_allows(
    people, verified, gateway, db_tasks, run_worker
):
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    with time_machine.travel(london(people, 10), tick=False):
        remind(run_worker)
    [text] = gateway.to(MOBILE)
    link = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert re.search(r"http://127\.0\.0\.1:8000/l/[\w-]+/ ", text["body"])
    assert f"until {day(link.expires_at)}" in text["body"]
    assert link.token_hash not in text["body"]


def test_a_text_says_nothing_clinical(people, verified, gateway, db_tasks, run_worker):
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    with time_machine.travel(london(people, 10), tick=False):
        remind(run_worker)
    texts = [m["body"].lower() for m in gateway.sent]
    assert texts
    for text in texts:
        without_link = re.sub(r"https?://\S+", "", text)
        for word in [
            "phq",
            "gad",
            "score",
            "depress",
            "anxi",
            "session",
            "therap",
            "counsel",
            "ada",
            "harbour",
            "mood",
            "risk",
        ]:
            assert word not in without_link, word
        for instrument in registry.registry().values():
            for word in (instrument.id.lower(), instrument.title.lower()):
                assert not re.search(rf"\b{re.escape(word)}\b", without_link), word
        assert people.therapist.full_name.lower() not in text
        assert people.therapist.email not in text


def test_a_reminder_due_in_quiet_hours_waits_until_they_end(
    people, verified, gateway, db_tasks, run_worker
):
    TextPolicy.objects.create(practice=people.practice)  # 21:00 to 08:00, London
    night = london(people, 22, 30)
    with time_machine.travel(night, tick=False):
        remind(run_worker)
    assert gateway.sent == []
    message = TextMessage.objects.get()
    assert message.status == TextMessage.QUEUED
    morning = (night + timedelta(days=1)).replace(hour=8, minute=0)
    assert message.send_after == morning
    with time_machine.travel(morning - timedelta(minutes=1), tick=False):
        send_waiting_texts.enqueue()
        run_worker()
    assert gateway.sent == []
    with time_machine.travel(morning + timedelta(minutes=4), tick=False):
        send_waiting_texts.enqueue()
        run_worker()
        send_waiting_texts.enqueue()
        run_worker()  # a second sweep finds nothing held
    assert len(gateway.to(MOBILE)) == 1
    message.refresh_from_db()
    assert message.status == TextMessage.SENT and message.send_after is None


def test_quiet_hours_are_the_practices_own(people, verified, gateway, db_tasks, run_worker):
    # 22:30 in London is 23:30 in Paris in winter and summer alike; none the quiet from 23:45 on.
    TextPolicy.objects.create(
        practice=people.practice,
        quiet_from="23:45",
        quiet_until="06:00",
        time_zone="Europe/Paris",
    )
    with time_machine.travel(london(people, 22, 30), tick=False):
        remind(run_worker)
    assert len(gateway.to(MOBILE)) == 1


def test_a_held_text_is_not_sent_once_the_questionnaire_is_answered(
    people, verified, gateway, db_tasks, run_worker
):
    TextPolicy.objects.create(practice=people.practice)
    with time_machine.travel(london(people, 23), tick=False):
        remind(run_worker)
    people.client.reminders = False  # or answered: either way, no longer wanted
    people.client.save()
    with time_machine.travel(london(people, 9, days_later=1), tick=False):
        send_waiting_texts.enqueue()
        run_worker()
    assert gateway.sent == []
    message = TextMessage.objects.get()
    assert message.status == TextMessage.CANCELLED and "no longer due" in message.reason


def test_a_gateway_that_is_down_withdraws_the_link_it_would_have_carried(
    people, verified, gateway, db_tasks, run_worker
):
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    gateway.fail_next(times=1, status=503)
    with time_machine.travel(london(people, 10), tick=False) as clock:
        remind(run_worker)
        assert gateway.sent == []
        [first] = QuestionnaireLink.objects.all()
        assert first.revoked_at is not None
        clock.shift(timedelta(minutes=1))
        run_worker()
    assert len(gateway.to(MOBILE)) == 1
    assert QuestionnaireLink.objects.filter(revoked_at=None).count() == 1


def test_a_text_the_gateway_may_have_taken_keeps_its_link_and_the_retry_carries_it(
    people, verified, gateway, db_tasks, run_worker
):
    # The gateway takes the text and the connection drops before it answers: Tandem cannot know
    # whether it went. The retry, under the same idempotency key, carries the same link, so
    # whichever text the client has, its link works.
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    gateway.take_then_drop()
    with time_machine.travel(london(people, 10), tick=False) as clock:
        remind(run_worker)
        [taken] = gateway.to(MOBILE)
        [link] = QuestionnaireLink.objects.all()
        assert link.revoked_at is None
        clock.shift(timedelta(minutes=1))
        run_worker()
    assert gateway.requests == 2 and gateway.to(MOBILE) == [taken]
    assert QuestionnaireLink.objects.count() == 1
    link.refresh_from_db()
    assert link.revoked_at is None
    message = TextMessage.objects.get()
    assert message.status == TextMessage.SENT and message.link_id == link.pk
    url = re.search(r"http://127\.0\.0\.1:8000(/l/[\w-]+/)", taken["body"])
    assert url is not None
    assert hash_token(url.group(1).split("/")[2]) == link.token_hash

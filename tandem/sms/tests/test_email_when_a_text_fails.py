"""A reminder text that did not get through goes by email instead: once, only for a failure that is
final, only while the reminder still stands, and never twice however the gateway's reports come."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import time_machine

from tandem.audit.models import AuditEvent
from tandem.care.erasure import downloaded_record
from tandem.care.models import Episode
from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.reminders.models import Reminder, ReminderPolicy
from tandem.reminders.tasks import send_due_reminders
from tandem.sms.models import TextMessage, TextNumber, TextPolicy
from tandem.sms.signing import signed_headers
from tandem.sms.tasks import send_waiting_texts
from tandem.sms.tests.conftest import MOBILE
from tandem.sms.tests.gateway import FakeGateway
from tandem.sms.tests.test_reminders_by_text import london
from tandem.tasks.tests.smtp import body
from tandem.tasks.worker import MAX_ATTEMPTS

EMAIL = "client@harbour.test"
STATUS, REPLIES = "/sms/status/", "/sms/replies/"


def post(client, url: str, signed: tuple[bytes, dict[str, str]]):
    payload, headers = signed
    return client.post(url, payload, content_type="application/json", headers=headers)


def report(client, run_worker, gateway_id: str, status: str):
    response = post(client, STATUS, FakeGateway.report(gateway_id, status))
    run_worker()
    return response


def a_reminder_texted(people, gateway, run_worker) -> TextMessage:
    send_due_reminders.enqueue()
    run_worker()
    message = TextMessage.objects.get()
    assert message.status == TextMessage.SENT and len(gateway.to(MOBILE)) == 1
    return message


@pytest.fixture
def morning(people):
    with time_machine.travel(london(people, 10), tick=False) as clock:
        yield clock


def test_an_undelivered_reminder_text_is_emailed_instead_once(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    assert smtp.to(EMAIL) == []
    assert report(client, run_worker, message.gateway_id, "undelivered").json() == {"known": True}
    [mail] = smtp.to(EMAIL)
    assert mail["Subject"] == "A gentle reminder from Tandem"
    assert "http://127.0.0.1:8000/portal/" in body(mail)
    message.refresh_from_db()
    assert message.status == TextMessage.FAILED and message.emailed_instead_at is not None
    event = AuditEvent.objects.get(action="sms.email_instead")
    assert event.client_id == people.client.pk and event.detail["text"] == "failed"

    # The same report again (a gateway retrying its webhook), another failure, a late "sent":
    # nothing more is sent.
    for status in ("undelivered", "failed", "expired", "sent"):
        report(client, run_worker, message.gateway_id, status)
    assert len(smtp.to(EMAIL)) == 1 and len(gateway.to(MOBILE)) == 1
    assert AuditEvent.objects.filter(action="sms.email_instead").count() == 1


def test_the_admin_and_the_client_see_that_it_was_emailed_instead(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    report(client, run_worker, message.gateway_id, "rejected")
    client.force_login(people.admin)
    page = client.get("/practice/texts/").content.decode()
    assert '<td>Failed</td><td class="num">1</td>' in page
    assert re.search(r"emailed instead.*<strong>1</strong>", page)
    assert MOBILE not in page and "7911" not in page  # counts only, never a number
    client.force_login(people.client_user)
    page = client.get("/portal/settings/texts/").content.decode()
    assert "did not get through to" in page and "We emailed that reminder to you instead" in page
    [kept] = downloaded_record(people.client_user, people.client)["text_messages"]["messages"]
    assert kept["status"] == "failed" and kept["emailed_instead_at"]


def test_a_failure_reported_after_delivery_changes_nothing(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    report(client, run_worker, message.gateway_id, "delivered")
    report(client, run_worker, message.gateway_id, "failed")
    message.refresh_from_db()
    assert message.status == TextMessage.DELIVERED and message.emailed_instead_at is None
    assert smtp.to(EMAIL) == []


def test_delivered_after_a_failure_is_believed_and_no_second_email_follows(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    report(client, run_worker, message.gateway_id, "expired")
    report(client, run_worker, message.gateway_id, "delivered")
    report(client, run_worker, message.gateway_id, "expired")
    message.refresh_from_db()
    assert message.status == TextMessage.DELIVERED and message.reason == ""
    assert message.emailed_instead_at is not None  # it was, and the record says so
    assert len(smtp.to(EMAIL)) == 1


@pytest.mark.parametrize("status", ["accepted", "queued", "scheduled", "sending", "buffered"])
def test_a_text_still_on_its_way_is_waited_for(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning, status
):
    message = a_reminder_texted(people, gateway, run_worker)
    report(client, run_worker, message.gateway_id, status)
    message.refresh_from_db()
    assert message.status == TextMessage.SENT and smtp.to(EMAIL) == []


def test_an_unknown_status_is_ignored(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    assert report(client, run_worker, message.gateway_id, "mystery").json() == {"known": False}
    assert smtp.to(EMAIL) == []


def test_a_forged_failure_report_sends_no_email(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    payload, _ = FakeGateway.report(message.gateway_id, "undelivered")
    response = client.post(
        STATUS,
        payload,
        content_type="application/json",
        headers=signed_headers("not-the-secret", payload),
    )
    run_worker()
    assert response.status_code == 403 and smtp.to(EMAIL) == []
    message.refresh_from_db()
    assert message.status == TextMessage.SENT


def test_a_text_the_gateway_refuses_is_emailed_instead(
    people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    gateway.fail_next(status=400, error="invalid_destination")
    send_due_reminders.enqueue()
    run_worker()
    message = TextMessage.objects.get()
    assert message.status == TextMessage.FAILED and message.emailed_instead_at is not None
    assert len(smtp.to(EMAIL)) == 1


def test_a_gateway_that_is_down_is_waited_for_then_the_reminder_is_emailed(
    people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    gateway.fail_next(times=MAX_ATTEMPTS, status=503)
    send_due_reminders.enqueue()
    run_worker()
    # Down for now: tried again later, and no email while it may still go.
    assert TextMessage.objects.get().status == TextMessage.QUEUED and smtp.to(EMAIL) == []
    for _ in range(MAX_ATTEMPTS):
        morning.shift(timedelta(hours=2))
        run_worker()
    message = TextMessage.objects.get()
    assert message.status == TextMessage.FAILED and "gave up" in message.reason
    assert len(smtp.to(EMAIL)) == 1 and gateway.sent == []


def test_a_client_who_chose_both_gets_no_second_email(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    TextNumber.objects.filter(pk=verified.pk).update(reminders_by=TextNumber.BOTH)
    message = a_reminder_texted(people, gateway, run_worker)
    assert len(smtp.to(EMAIL)) == 1
    report(client, run_worker, message.gateway_id, "undelivered")
    assert len(smtp.to(EMAIL)) == 1
    message.refresh_from_db()
    assert message.emailed_instead_at is None


def test_no_email_to_a_client_who_turned_reminders_off(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    people.client.reminders = False
    people.client.save()
    report(client, run_worker, message.gateway_id, "undelivered")
    assert smtp.to(EMAIL) == []
    message.refresh_from_db()
    assert message.status == TextMessage.FAILED and message.emailed_instead_at is None


def test_no_email_when_the_practice_stopped_reminders(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    ReminderPolicy.objects.create(practice=people.practice, active=False)
    report(client, run_worker, message.gateway_id, "undelivered")
    assert smtp.to(EMAIL) == []


def test_no_email_for_a_client_without_an_email_address(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    people.client_user.email = ""
    people.client_user.save()
    report(client, run_worker, message.gateway_id, "undelivered")
    assert smtp.messages == []
    message.refresh_from_db()
    assert message.emailed_instead_at is None


def test_no_email_once_nothing_is_waiting(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    # The therapy was paused meanwhile: nothing is due, so there is nothing to remind of.
    Episode.objects.filter(pk=people.episode.pk).update(status=Episode.PAUSED)
    report(client, run_worker, message.gateway_id, "undelivered")
    assert smtp.to(EMAIL) == []


def test_no_email_once_a_later_reminder_went_out(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    morning.shift(timedelta(days=3, minutes=5))
    send_due_reminders.enqueue()
    run_worker()  # the second reminder, by text, went out
    assert Reminder.objects.filter(sent_at__isnull=False).count() == 2
    report(client, run_worker, message.gateway_id, "undelivered")
    assert smtp.to(EMAIL) == []


def test_a_code_text_that_fails_is_not_emailed(
    client, people, gateway, smtp, db_tasks, run_worker, morning
):
    from tandem.sms import actions

    actions.add_number(people.client_user, people.client, "07911 123456")
    run_worker()
    code = TextMessage.objects.get(purpose=TextMessage.CODE)
    report(client, run_worker, code.gateway_id, "undelivered")
    assert smtp.to(EMAIL) == []


def test_stop_then_a_failure_report_emails_once_and_then_email_as_usual(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    message = a_reminder_texted(people, gateway, run_worker)
    post(client, REPLIES, FakeGateway.reply(MOBILE, "STOP"))
    report(client, run_worker, message.gateway_id, "undelivered")
    report(client, run_worker, message.gateway_id, "undelivered")
    assert len(smtp.to(EMAIL)) == 1
    # The next reminder goes by email, as for anyone whose number cannot be texted: one email.
    morning.shift(timedelta(days=3, minutes=5))
    send_due_reminders.enqueue()
    run_worker()
    assert len(smtp.to(EMAIL)) == 2 and len(gateway.to(MOBILE)) == 1
    assert TextMessage.objects.count() == 1


def test_a_text_held_for_quiet_hours_then_stopped_is_emailed_instead(
    client, people, verified, gateway, smtp, db_tasks, run_worker
):
    TextPolicy.objects.create(practice=people.practice)  # 21:00 to 08:00, London
    with time_machine.travel(london(people, 22, 30), tick=False):
        send_due_reminders.enqueue()
        run_worker()
        assert TextMessage.objects.get().status == TextMessage.QUEUED
        # Another text (an earlier one, on another phone's thread) answered STOP.
        post(client, REPLIES, FakeGateway.reply(MOBILE, "stop"))
        run_worker()
        post(client, REPLIES, FakeGateway.reply(MOBILE, "STOP"))  # twice: still one email
        run_worker()
    with time_machine.travel(london(people, 9, days_later=1), tick=False):
        send_waiting_texts.enqueue()
        run_worker()
    message = TextMessage.objects.get()
    assert message.status == TextMessage.CANCELLED and message.emailed_instead_at is not None
    assert gateway.sent == [] and len(smtp.to(EMAIL)) == 1


def test_the_email_instead_carries_a_personal_link_and_nothing_clinical(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    message = a_reminder_texted(people, gateway, run_worker)
    report(client, run_worker, message.gateway_id, "undelivered")
    [mail] = smtp.to(EMAIL)
    text = body(mail)
    assert re.search(r"http://127\.0\.0\.1:8000/l/[\w-]+", text)
    assert QuestionnaireLink.objects.filter(via=QuestionnaireLink.REMINDER).count() == 1
    lowered = (mail["Subject"] + text).lower()
    for word in ("phq", "gad", "score", "therapist@", "harbour", "session", "undeliver", "fail"):
        assert word not in re.sub(r"https?://\S+", "", lowered), word


def test_the_link_in_a_text_that_did_not_arrive_is_withdrawn_when_it_is_emailed_instead(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    """One live link for one reminder: the email's. The text's link, which never reached the
    client, is withdrawn with the email (audited), not left working beside it."""
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    message = a_reminder_texted(people, gateway, run_worker)
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert texted.revoked_at is None
    report(client, run_worker, message.gateway_id, "undelivered")
    assert len(smtp.to(EMAIL)) == 1
    texted.refresh_from_db()
    assert texted.revoked_at is not None and texted.revoked_by is None
    [live] = QuestionnaireLink.objects.filter(revoked_at=None)
    assert live.via == QuestionnaireLink.REMINDER
    withdrawn = AuditEvent.objects.get(action="link.revoke", object_id=str(texted.pk))
    assert withdrawn.detail["reason"] == "emailed instead of a text that did not reach the client"


def test_a_texts_link_the_client_opened_is_not_withdrawn_by_a_late_failure_report(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    """A gateway can report a text failed that reached the phone: the client opening its link
    says so. They may be answering through it at that moment, so it keeps working (the email
    still goes, as for any failure reported)."""
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    message = a_reminder_texted(people, gateway, run_worker)
    [text] = gateway.to(MOBILE)
    path = re.search(r"(/l/\S+/)", text["body"]).group(1)
    assert client.get(path).status_code == 200
    report(client, run_worker, message.gateway_id, "undelivered")
    assert len(smtp.to(EMAIL)) == 1
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert texted.opened_at is not None and texted.revoked_at is None
    assert not AuditEvent.objects.filter(action="link.revoke").exists()
    assert client.get(path).status_code == 200


def test_the_texts_link_is_withdrawn_when_the_client_chose_both(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning
):
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    TextNumber.objects.filter(pk=verified.pk).update(reminders_by=TextNumber.BOTH)
    message = a_reminder_texted(people, gateway, run_worker)
    assert len(smtp.to(EMAIL)) == 1
    report(client, run_worker, message.gateway_id, "undelivered")
    assert len(smtp.to(EMAIL)) == 1
    [live] = QuestionnaireLink.objects.filter(revoked_at=None)
    assert live.via == QuestionnaireLink.REMINDER
    # The job again (a retry, a repeated report): nothing more is withdrawn or recorded.
    from tandem.sms.tasks import email_instead

    assert email_instead.call(message.pk) == "already emailed"
    assert AuditEvent.objects.filter(action="link.revoke").count() == 1


def test_an_email_that_cannot_go_now_is_tried_again_and_recorded_once_it_went(
    client, people, verified, gateway, smtp, db_tasks, run_worker, morning, settings
):
    from tandem.tasks.tests.smtp import free_port

    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    message = a_reminder_texted(people, gateway, run_worker)
    port, settings.EMAIL_PORT = settings.EMAIL_PORT, free_port()  # the mail server is down
    report(client, run_worker, message.gateway_id, "undelivered")
    message.refresh_from_db()
    assert message.emailed_instead_at is None and smtp.to(EMAIL) == []
    # The link that email would have carried is withdrawn: never sent, never to be used.
    assert not QuestionnaireLink.objects.filter(
        via=QuestionnaireLink.REMINDER, revoked_at=None
    ).exists()
    settings.EMAIL_PORT = port
    morning.shift(timedelta(minutes=5))
    run_worker()
    message.refresh_from_db()
    assert message.emailed_instead_at is not None and len(smtp.to(EMAIL)) == 1

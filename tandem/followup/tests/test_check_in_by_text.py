"""A follow-up check-in's notice goes the way the client chose for their reminders: by text
message to a client who chose texts (after the practice's quiet hours), by email otherwise, and by
email instead, once, when the text does not get through or cannot be sent; a STOP is honoured, and
a check-in answered meanwhile is not texted about. In the client's language, as short as the
English."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import time_machine
from django.test import Client as Browser

from tandem.audit.models import AuditEvent
from tandem.followup.models import FollowUp
from tandem.followup.tasks import open_due_follow_ups
from tandem.links.actions import save_link_policy
from tandem.links.models import QuestionnaireLink
from tandem.sms.models import TextMessage, TextNumber
from tandem.sms.tests.conftest import MOBILE
from tandem.sms.tests.gateway import FakeGateway
from tandem.sms.words import GSM_ALPHABET, segments
from tandem.tasks.tests.smtp import body

EMAIL = "client@harbour.test"
# The 1-month check-in falls due on 28 February: in the morning, and late in the evening (the
# practice's quiet hours, 21:00 to 08:00 in London, which is on UTC then).
MORNING = datetime(2026, 2, 28, 10, 0, tzinfo=UTC)
EVENING = datetime(2026, 2, 28, 22, 0, tzinfo=UTC)


def open_check_in(run_worker, at: datetime = MORNING) -> None:
    with time_machine.travel(at, tick=False):
        open_due_follow_ups.enqueue()
        run_worker()


def report(gateway_id: str, status: str, run_worker) -> None:
    payload, headers = FakeGateway.report(gateway_id, status)
    Browser().post("/sms/status/", payload, content_type="application/json", headers=headers)
    with time_machine.travel(MORNING, tick=False):
        run_worker()


def test_a_client_who_chose_texts_is_texted_and_not_emailed(
    ended, verified, gateway, smtp, run_worker
):
    open_check_in(run_worker)
    [text] = gateway.to(MOBILE)
    assert text["body"] == (
        "Tandem: we would like to hear how you are; sign in to answer: "
        "http://127.0.0.1:8000/portal/ Reply STOP for no more texts."
    )
    assert smtp.to(EMAIL) == []
    message = TextMessage.objects.get()
    follow_up = FollowUp.objects.get()
    assert (message.purpose, message.about_id, message.status) == (
        "follow_up",
        follow_up.pk,
        "sent",
    )
    assert follow_up.reminded_at is not None
    assert AuditEvent.objects.get(action="followup.remind").detail["by"] == ["text"]
    assert AuditEvent.objects.get(action="sms.send").detail == {"purpose": "follow_up"}


def test_both_means_both_and_email_stays_the_default(ended, verified, gateway, smtp, run_worker):
    TextNumber.objects.filter(pk=verified.pk).update(reminders_by=TextNumber.BOTH)
    open_check_in(run_worker)
    open_check_in(run_worker)  # a second scan opens nothing, sends nothing
    assert len(gateway.to(MOBILE)) == 1 and len(smtp.to(EMAIL)) == 1
    assert AuditEvent.objects.get(action="followup.remind").detail["by"] == ["email", "text"]
    # The text then failing makes no second email: the notice went by email already.
    report(TextMessage.objects.get().gateway_id, "undelivered", run_worker)
    assert len(smtp.to(EMAIL)) == 1
    assert TextMessage.objects.get().emailed_instead_at is None


def test_a_client_who_did_not_choose_texts_is_emailed(ended, verified, gateway, smtp, run_worker):
    TextNumber.objects.filter(pk=verified.pk).update(reminders_by=TextNumber.EMAIL)
    open_check_in(run_worker)
    assert gateway.sent == [] and len(smtp.to(EMAIL)) == 1


def test_the_text_carries_a_personal_link_where_the_practice_sends_them(
    ended, verified, gateway, smtp, run_worker
):
    save_link_policy(ended.admin, {"valid_days": 7, "in_reminders": True})
    open_check_in(run_worker)
    [text] = gateway.to(MOBILE)
    link = QuestionnaireLink.objects.get()
    assert link.follow_up == FollowUp.objects.get() and link.via == QuestionnaireLink.TEXT_MESSAGE
    assert re.fullmatch(
        r"Tandem: we would like to hear how you are\. This link is yours alone, until 7 Mar: "
        r"http://127\.0\.0\.1:8000/l/\S+/ Reply STOP for no more texts\.",
        text["body"],
    )
    with time_machine.travel(MORNING, tick=False):
        page = Browser().get(re.search(r"(/l/\S+/)", text["body"]).group(1))
    assert page.status_code == 200 and "1 month after your therapy ended" in page.content.decode()


def test_the_link_of_a_text_that_did_not_arrive_is_withdrawn_with_the_email_instead(
    ended, verified, gateway, smtp, run_worker
):
    save_link_policy(ended.admin, {"valid_days": 7, "in_reminders": True})
    open_check_in(run_worker)
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    report(TextMessage.objects.get().gateway_id, "undelivered", run_worker)
    assert len(smtp.to(EMAIL)) == 1
    texted.refresh_from_db()
    assert texted.revoked_at is not None
    # One live link for the check-in: the email's.
    [live] = QuestionnaireLink.objects.filter(revoked_at=None)
    assert live.via != QuestionnaireLink.TEXT_MESSAGE and live.follow_up_id == texted.follow_up_id


def test_the_link_of_a_check_in_text_is_withdrawn_when_the_client_chose_both(
    ended, verified, gateway, smtp, run_worker
):
    """The notice went by email as well, with a link of its own: the text's, which did not reach
    the client, is not left working beside it (as for a session reminder)."""
    save_link_policy(ended.admin, {"valid_days": 7, "in_reminders": True})
    TextNumber.objects.filter(pk=verified.pk).update(reminders_by=TextNumber.BOTH)
    open_check_in(run_worker)
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    report(TextMessage.objects.get().gateway_id, "undelivered", run_worker)
    assert len(smtp.to(EMAIL)) == 1
    texted.refresh_from_db()
    assert texted.revoked_at is not None
    [live] = QuestionnaireLink.objects.filter(revoked_at=None)
    assert live.via == QuestionnaireLink.REMINDER


def test_an_undelivered_text_is_emailed_instead_once(ended, verified, gateway, smtp, run_worker):
    open_check_in(run_worker)
    message = TextMessage.objects.get()
    report(message.gateway_id, "undelivered", run_worker)
    [mail] = smtp.to(EMAIL)
    assert mail["Subject"] == "Checking in from Tandem"
    assert "We would like to hear how you are doing." in body(mail)
    message.refresh_from_db()
    assert message.status == TextMessage.FAILED and message.emailed_instead_at is not None
    event = AuditEvent.objects.get(action="sms.email_instead")
    assert event.detail == {"purpose": "follow_up", "text": "failed"}
    # The gateway's report again, another failure, a late "sent": nothing more.
    for status in ("undelivered", "failed", "sent"):
        report(message.gateway_id, status, run_worker)
    assert len(smtp.to(EMAIL)) == 1 and len(gateway.to(MOBILE)) == 1


def test_a_text_the_gateway_refuses_is_emailed_instead(ended, verified, gateway, smtp, run_worker):
    gateway.fail_next(status=400, error="invalid_number")
    open_check_in(run_worker)
    assert gateway.sent == []
    assert TextMessage.objects.get().status == TextMessage.FAILED
    [mail] = smtp.to(EMAIL)
    assert mail["Subject"] == "Checking in from Tandem"


def test_after_stop_the_notice_goes_by_email(ended, verified, gateway, smtp, run_worker):
    payload, headers = FakeGateway.reply(MOBILE, "STOP")
    Browser().post("/sms/replies/", payload, content_type="application/json", headers=headers)
    open_check_in(run_worker)
    assert gateway.sent == [] and len(smtp.to(EMAIL)) == 1
    assert not TextMessage.objects.exists()
    assert AuditEvent.objects.get(action="followup.remind").detail["by"] == ["email"]


def test_a_text_held_for_quiet_hours_then_stopped_is_emailed_instead(
    ended, verified, gateway, smtp, run_worker
):
    open_check_in(run_worker, at=EVENING)
    message = TextMessage.objects.get()
    assert message.status == TextMessage.QUEUED and message.send_after is not None
    assert gateway.sent == [] and smtp.to(EMAIL) == []
    payload, headers = FakeGateway.reply(MOBILE, "STOP")
    Browser().post("/sms/replies/", payload, content_type="application/json", headers=headers)
    with time_machine.travel(EVENING, tick=False):
        run_worker()
    message.refresh_from_db()
    assert message.status == TextMessage.CANCELLED and message.emailed_instead_at is not None
    assert gateway.sent == [] and len(smtp.to(EMAIL)) == 1


def test_a_check_in_answered_while_its_text_waited_is_not_texted_nor_emailed(
    ended, verified, gateway, smtp, run_worker
):
    from tandem.sms.tasks import send_waiting_texts

    open_check_in(run_worker, at=EVENING)
    FollowUp.objects.update(answered_at=EVENING)
    with time_machine.travel(datetime(2026, 3, 1, 8, 1, tzinfo=UTC), tick=False):
        send_waiting_texts.enqueue()
        run_worker()
    message = TextMessage.objects.get()
    assert message.status == TextMessage.CANCELLED
    assert message.reason == "the check-in is answered or closed"
    assert message.emailed_instead_at is None
    assert gateway.sent == [] and smtp.to(EMAIL) == []


def test_a_held_text_goes_when_the_quiet_hours_end(ended, verified, gateway, smtp, run_worker):
    from tandem.sms.tasks import send_waiting_texts

    open_check_in(run_worker, at=EVENING)
    with time_machine.travel(datetime(2026, 3, 1, 8, 1, tzinfo=UTC), tick=False):
        send_waiting_texts.enqueue()
        run_worker()
    assert len(gateway.to(MOBILE)) == 1 and smtp.to(EMAIL) == []


@pytest.mark.parametrize("link", [False, True])
@pytest.mark.parametrize("language", ["es", "en-gb"])
def test_in_the_clients_language_in_as_many_segments_as_the_english(
    ended, verified, gateway, smtp, run_worker, settings, link, language
):
    settings.TANDEM_SITE_URL = "https://tandem.harbour-therapy.org"  # a link as long as a real one
    if link:
        save_link_policy(ended.admin, {"valid_days": 7, "in_reminders": True})
    ended.client_user.language = language
    ended.client_user.save(update_fields=["language"])
    open_check_in(run_worker)
    [text] = gateway.to(MOBILE)
    if language == "es":
        assert text["body"].startswith("Tandem: queremos saber qué tal te va")
        assert text["body"].endswith("Responde STOP para dejar de recibir mensajes.")
        assert ("hasta el 7 mar:" in text["body"]) is link
    else:
        assert text["body"].startswith("Tandem: we would like to hear how you are")
    # Every letter in the GSM alphabet: 160 characters a segment (153 when split), not 70.
    assert set(text["body"]) <= set(GSM_ALPHABET)
    assert segments(text["body"]) == (2 if link else 1)
    # The email instead, when the text fails, is in the client's language too.
    report(TextMessage.objects.get().gateway_id, "undelivered", run_worker)
    [mail] = smtp.to(EMAIL)
    assert mail["Subject"] == (
        "Tandem: ¿cómo estás?" if language == "es" else "Checking in from Tandem"
    )


def test_a_second_email_instead_while_the_first_is_sending_sends_nothing(
    ended, verified, gateway, smtp, run_worker, monkeypatch
):
    """A retried job, or a second worker, starts while the first has the email with the mail
    server: the delivery key is claimed already, so it sends nothing (tandem.tasks.delivery)."""
    from tandem.links import emailing
    from tandem.sms.tasks import email_instead
    from tandem.tasks.delivery import StillSending

    save_link_policy(ended.admin, {"valid_days": 7, "in_reminders": True})
    open_check_in(run_worker)
    message = TextMessage.objects.get()
    real, second = emailing.send_mail, []

    def send(*args, **kwargs):
        if not second:
            with pytest.raises(StillSending):
                email_instead.call(message.pk)
            second.append("sent nothing")
        return real(*args, **kwargs)

    monkeypatch.setattr(emailing, "send_mail", send)
    report(message.gateway_id, "undelivered", run_worker)
    assert second == ["sent nothing"]
    assert email_instead.call(message.pk) == "already emailed"  # the second run, tried again
    assert len(smtp.to(EMAIL)) == 1
    [live] = QuestionnaireLink.objects.filter(revoked_at=None)
    assert live.via == QuestionnaireLink.REMINDER


def test_a_check_in_text_the_gateway_may_have_taken_carries_the_same_link_again(
    ended, verified, gateway, smtp, run_worker
):
    """No answer from the gateway: the retry, under the same idempotency key, carries the same
    link (as a session reminder's does), so whichever text the client has, its link is the one
    the text keeps on record, and no second link is left working beside it."""
    from datetime import timedelta

    from tandem.accounts.models import hash_token

    save_link_policy(ended.admin, {"valid_days": 7, "in_reminders": True})
    gateway.take_then_drop()
    open_check_in(run_worker)
    [taken] = gateway.to(MOBILE)
    open_check_in(run_worker, MORNING + timedelta(minutes=1))
    assert gateway.requests == 2 and gateway.to(MOBILE) == [taken]
    [link] = QuestionnaireLink.objects.all()
    assert link.revoked_at is None
    message = TextMessage.objects.get()
    assert message.status == TextMessage.SENT and message.link_id == link.pk
    token = re.search(r"/l/([\w-]+)/", taken["body"]).group(1)
    assert hash_token(token) == link.token_hash

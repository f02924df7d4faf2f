"""A text the gateway may have taken (it had the whole request, and no answer came back: a timeout,
the connection dropped) carries the same link on every try, and that link is never put down as
"not sent": the client may have it. When every try ends so, the text is failed after the last and
emailed instead, and its link is withdrawn as for any text that did not reach the client (unless
they opened it): one live link, the email's, and a tap on the text's says where it went."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine

from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.sms.models import TextMessage
from tandem.sms.tests.conftest import MOBILE
from tandem.sms.tests.test_email_when_a_text_fails import EMAIL
from tandem.sms.tests.test_reminders_by_text import london, remind
from tandem.tasks.worker import MAX_ATTEMPTS


def every_try(clock, run_worker) -> None:
    """The worker's later tries, each once its backoff has passed (30 s, 2, 8 and 32 minutes)."""
    for _ in range(MAX_ATTEMPTS - 1):
        clock.shift(timedelta(hours=1))
        run_worker()


def test_no_answer_on_every_try_fails_the_text_and_emails_instead(
    client, people, verified, gateway, smtp, db_tasks, run_worker
):
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    gateway.take_then_drop(times=MAX_ATTEMPTS)
    with time_machine.travel(london(people, 10), tick=False) as clock:
        remind(run_worker)
        every_try(clock, run_worker)

    # Tried under the same idempotency key and words every time: the gateway sent it once.
    assert gateway.requests == MAX_ATTEMPTS and len(gateway.to(MOBILE)) == 1
    message = TextMessage.objects.get()
    assert message.status == TextMessage.FAILED
    assert message.reason.startswith("gave up: no answer from the gateway")
    [texted] = QuestionnaireLink.objects.filter(via=QuestionnaireLink.TEXT_MESSAGE)
    assert message.link_id == texted.pk
    # Emailed instead, once; the text's link withdrawn because the email went, never as "not
    # sent" (the client may have the text).
    [mail] = smtp.to(EMAIL)
    message.refresh_from_db()
    assert message.emailed_instead_at is not None
    assert texted.revoked_reason == QuestionnaireLink.SENT_BY_EMAIL
    [live] = QuestionnaireLink.objects.filter(revoked_at=None)
    assert live.via == QuestionnaireLink.REMINDER
    [text] = gateway.to(MOBILE)
    page = client.get(re.search(r"(/l/\S+/)", text["body"]).group(1))
    assert page.status_code == 410 and "newer link to your email" in page.content.decode()


def test_a_link_the_client_opened_after_no_answer_keeps_working(
    client, people, verified, gateway, smtp, db_tasks, run_worker
):
    """The text reached them after all: they may be answering through it."""
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    gateway.take_then_drop(times=MAX_ATTEMPTS)
    with time_machine.travel(london(people, 10), tick=False) as clock:
        remind(run_worker)
        [text] = gateway.to(MOBILE)
        assert client.get(re.search(r"(/l/\S+/)", text["body"]).group(1)).status_code == 200
        every_try(clock, run_worker)
    assert TextMessage.objects.get().status == TextMessage.FAILED
    assert len(smtp.to(EMAIL)) == 1
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert texted.revoked_at is None


def test_a_gateway_down_after_no_answer_keeps_the_link_the_client_may_have(
    people, verified, gateway, db_tasks, run_worker
):
    """The first try may have reached the client; the second finds the gateway down (a 503: not
    taken). The link of the first stays, and the third try, under the same key, carries it:
    whichever text the client has, its link works."""
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    gateway.take_then_drop()
    with time_machine.travel(london(people, 10), tick=False) as clock:
        remind(run_worker)
        [first] = QuestionnaireLink.objects.all()
        gateway.fail_next(status=503)
        clock.shift(timedelta(minutes=1))
        run_worker()
        first.refresh_from_db()
        assert first.revoked_at is None and gateway.requests == 2
        clock.shift(timedelta(minutes=5))
        run_worker()
    assert gateway.requests == 3 and len(gateway.to(MOBILE)) == 1
    message = TextMessage.objects.get()
    assert message.status == TextMessage.SENT and message.link_id == first.pk
    assert list(QuestionnaireLink.objects.filter(revoked_at=None)) == [first]


def test_a_retry_cancelled_before_the_gateway_leaves_the_earlier_link_to_the_email(
    people, verified, gateway, smtp, db_tasks, run_worker, monkeypatch
):
    """The first try got no answer; the client removes their number just as the retry reads the
    text. The retry sends nothing, and the link the first try carried (the client may have it)
    is withdrawn because the email went, not put down as never sent."""
    from tandem.sms import tasks
    from tandem.sms.actions import remove_number

    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    gateway.take_then_drop()
    with time_machine.travel(london(people, 10), tick=False) as clock:
        remind(run_worker)
        real = tasks.body_of

        def then_removed(*args, **kwargs):
            words = real(*args, **kwargs)
            remove_number(people.client_user, people.client)
            return words

        monkeypatch.setattr(tasks, "body_of", then_removed)
        clock.shift(timedelta(minutes=1))
        run_worker()
    assert gateway.requests == 1
    assert TextMessage.objects.get().status == TextMessage.CANCELLED
    assert len(smtp.to(EMAIL)) == 1
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert texted.revoked_reason == QuestionnaireLink.SENT_BY_EMAIL

"""A text cancelled while the gateway is taking it (the client removed or changed their number, or
answered STOP, at that moment) went out all the same: it carried a personal link. The text keeps
that link on record, so that when what it said is emailed instead the text's link is withdrawn,
whichever of the two jobs finishes first, and the client has one live link, the email's."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest

from tandem.links.models import LinkPolicy, QuestionnaireLink
from tandem.reminders.tasks import send_due_reminders
from tandem.sms import tasks
from tandem.sms.actions import remove_number
from tandem.sms.models import TextMessage
from tandem.sms.tests.conftest import MOBILE
from tandem.sms.tests.test_email_when_a_text_fails import EMAIL, morning  # noqa: F401

pytestmark = pytest.mark.usefixtures("morning")


def while_sending(monkeypatch: pytest.MonkeyPatch, meanwhile: Callable[[], None]) -> None:
    """The gateway takes the text, and ``meanwhile`` happens before Tandem hears back."""
    real = tasks.backend

    class Slow:
        def send(self, outgoing: Any) -> str:
            gateway_id = real().send(outgoing)
            meanwhile()
            return gateway_id

    monkeypatch.setattr(tasks, "backend", Slow)


def test_a_text_cancelled_while_sending_keeps_its_link_and_it_is_withdrawn_with_the_email(
    client, people, verified, gateway, smtp, db_tasks, run_worker, monkeypatch
):
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    while_sending(monkeypatch, lambda: remove_number(people.client_user, people.client))
    send_due_reminders.enqueue()
    run_worker()

    message = TextMessage.objects.get()
    assert message.status == TextMessage.CANCELLED and len(gateway.to(MOBILE)) == 1
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert message.link_id == texted.pk and message.gateway_id
    assert len(smtp.to(EMAIL)) == 1
    texted.refresh_from_db()
    assert texted.revoked_at is not None
    assert texted.revoked_reason == QuestionnaireLink.SENT_BY_EMAIL
    [live] = QuestionnaireLink.objects.filter(revoked_at=None)
    assert live.via == QuestionnaireLink.REMINDER
    # The client taps the text's link: told the truth, and where the working one is.
    [text] = gateway.to(MOBILE)
    page = client.get(re.search(r"(/l/\S+/)", text["body"]).group(1))
    assert page.status_code == 410
    assert "newer link to your email" in page.content.decode()


def test_the_texts_link_is_withdrawn_when_the_email_went_before_the_gateway_answered(
    client, people, verified, gateway, smtp, db_tasks, run_worker, monkeypatch
):
    """Another worker emails instead while this one still waits on the gateway: the email job
    found no link on the text, so the send job, learning of it last, withdraws it."""
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)

    def removed_and_emailed() -> None:
        remove_number(people.client_user, people.client)
        message = TextMessage.objects.get()
        assert tasks.email_instead.call(message.pk) == "emailed"

    while_sending(monkeypatch, removed_and_emailed)
    send_due_reminders.enqueue()
    run_worker()

    assert len(smtp.to(EMAIL)) == 1
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert TextMessage.objects.get().link_id == texted.pk
    assert texted.revoked_reason == QuestionnaireLink.SENT_BY_EMAIL
    [live] = QuestionnaireLink.objects.filter(revoked_at=None)
    assert live.via == QuestionnaireLink.REMINDER


def test_a_cancelled_texts_link_the_client_already_opened_keeps_working(
    client, people, verified, gateway, smtp, db_tasks, run_worker, monkeypatch
):
    """As for a late failure report: an opened link reached the client, who may be answering."""
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)

    def opened_then_removed() -> None:
        link = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
        QuestionnaireLink.objects.filter(pk=link.pk).update(opened_at=link.created_at)
        remove_number(people.client_user, people.client)
        assert tasks.email_instead.call(TextMessage.objects.get().pk) == "emailed"

    while_sending(monkeypatch, opened_then_removed)
    send_due_reminders.enqueue()
    run_worker()

    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert texted.revoked_at is None and texted.revoked_reason == ""
    assert QuestionnaireLink.objects.filter(revoked_at=None).count() == 2


def test_a_text_cancelled_just_before_the_gateway_is_not_sent_and_its_link_is_withdrawn(
    client, people, verified, gateway, smtp, db_tasks, run_worker, monkeypatch
):
    """The cancel comes after the job read the text, before the gateway has it: nothing goes,
    and the link the job had made is withdrawn as never sent."""
    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    real = tasks.body_of

    def then_removed(*args: Any, **kwargs: Any) -> Any:
        words = real(*args, **kwargs)
        remove_number(people.client_user, people.client)
        return words

    monkeypatch.setattr(tasks, "body_of", then_removed)
    send_due_reminders.enqueue()
    run_worker()

    assert gateway.sent == [] and len(smtp.to(EMAIL)) == 1
    message = TextMessage.objects.get()
    assert message.status == TextMessage.CANCELLED and message.gateway_id == ""
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert texted.revoked_reason == QuestionnaireLink.NOT_SENT
    [live] = QuestionnaireLink.objects.filter(revoked_at=None)
    assert live.via == QuestionnaireLink.REMINDER


def test_the_email_job_reads_the_texts_link_afresh(people, verified):
    """The email job read the text before the send job put its link on record: it withdraws
    the link the text has now, not the none it first saw."""
    from tandem.links.actions import create_link

    link = create_link(None, people.session, via=QuestionnaireLink.TEXT_MESSAGE).link
    message = TextMessage.objects.create(
        practice=people.practice,
        client=people.client,
        purpose=TextMessage.REMINDER,
        to=MOBILE,
        status=TextMessage.CANCELLED,
    )
    TextMessage.objects.filter(pk=message.pk).update(link=link)
    assert message.link_id is None  # as the email job first read it
    tasks._withdraw_link_of(message)
    link.refresh_from_db()
    assert link.revoked_reason == QuestionnaireLink.SENT_BY_EMAIL


def test_a_late_delivered_after_the_email_leaves_the_texts_link_withdrawn(
    client, people, verified, gateway, smtp, db_tasks, run_worker, monkeypatch
):
    """The text cancelled while sending did reach the phone after all, and the gateway says so
    after the email went: the record believes it, no second email follows, and the text's link
    stays withdrawn (the email's is the one live link), its page saying where the newer one is."""
    from tandem.sms.tests.test_email_when_a_text_fails import report

    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    while_sending(monkeypatch, lambda: remove_number(people.client_user, people.client))
    send_due_reminders.enqueue()
    run_worker()
    message = TextMessage.objects.get()
    assert report(client, run_worker, message.gateway_id, "delivered").json() == {"known": True}
    message.refresh_from_db()
    assert message.status == TextMessage.DELIVERED and message.emailed_instead_at is not None
    assert len(smtp.to(EMAIL)) == 1
    texted = QuestionnaireLink.objects.get(via=QuestionnaireLink.TEXT_MESSAGE)
    assert texted.revoked_reason == QuestionnaireLink.SENT_BY_EMAIL
    [text] = gateway.to(MOBILE)
    page = client.get(re.search(r"(/l/\S+/)", text["body"]).group(1)).content.decode()
    assert "This link has been replaced" in page

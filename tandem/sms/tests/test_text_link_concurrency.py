"""The jobs that touch a text's link, at the same moment in real concurrent transactions
(PostgreSQL): the send job putting the link on record as a cancel comes in and the email job
withdraws the text's link; Tandem and a therapist withdrawing the same link. Whoever wins, the
link ends withdrawn once, with one reason, the one its audit record gives."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection, transaction
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.links.actions import create_link, revoke_link
from tandem.links.models import QuestionnaireLink
from tandem.sms import tasks
from tandem.sms.models import TextMessage
from tandem.sms.tests.conftest import MOBILE

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent transactions: run on PostgreSQL; SQLite lets one writer in at a time "
        "(test_text_cancelled_while_sending.py runs each order in turn there)",
    ),
]
ROUNDS = 8


def _at_once(jobs: list[Callable[[], object]]) -> list[object]:
    start = threading.Barrier(len(jobs))
    results: list[object] = []

    def run(job: Callable[[], object]) -> None:
        try:
            start.wait(10)
            results.append(job())
        except Exception as error:  # noqa: BLE001 — reported by the test's assertion
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    return results


def _a_queued_text(people: Any) -> TextMessage:
    return TextMessage.objects.create(
        practice=people.practice, client=people.client, purpose=TextMessage.REMINDER, to=MOBILE
    )


def _cancel_then_withdraw(message: TextMessage) -> str:
    """What a cancel and the email job after it do, as ``tandem.sms.actions._cancel`` and
    ``email_instead`` do it (the email itself left out)."""
    with transaction.atomic():
        texts = TextMessage.objects.filter(pk=message.pk, status=TextMessage.QUEUED)
        list(texts.select_for_update().values_list("pk", flat=True))
        texts.update(status=TextMessage.CANCELLED, status_at=timezone.now())
    tasks._withdraw_link_of(message)  # the text as the email job first read it: no link
    return "cancelled"


def test_the_link_is_withdrawn_whichever_of_the_send_and_the_cancel_comes_first(
    people: Any,
) -> None:
    for _ in range(ROUNDS):
        message = _a_queued_text(people)
        made = create_link(None, people.session, via=QuestionnaireLink.TEXT_MESSAGE)
        results = _at_once(
            [
                lambda m=message, d=made: tasks._carries(m, d),
                lambda m=message: _cancel_then_withdraw(m),
            ]
        )
        assert not [r for r in results if isinstance(r, Exception)], results
        link = QuestionnaireLink.objects.get(pk=made.link.pk)
        sent = True in results
        # The send job won: the text carries the link, and the email job withdrew it. The cancel
        # won: nothing is sent, and the send job withdrew the link as never sent.
        assert link.revoked_at is not None, results
        assert link.revoked_reason == (
            QuestionnaireLink.SENT_BY_EMAIL if sent else QuestionnaireLink.NOT_SENT
        )
        assert TextMessage.objects.get(pk=message.pk).link_id == (link.pk if sent else None)
        [event] = AuditEvent.objects.filter(action="link.revoke", object_id=str(link.pk))
        assert event.detail["why"] == link.revoked_reason
        TextMessage.objects.filter(pk=message.pk).delete()


def test_tandem_and_the_therapist_withdrawing_at_once_leave_one_reason(people: Any) -> None:
    for _ in range(ROUNDS):
        link = create_link(None, people.session, via=QuestionnaireLink.TEXT_MESSAGE).link
        results = _at_once(
            [
                lambda pk=link.pk: revoke_link(
                    None,
                    QuestionnaireLink.objects.get(pk=pk),
                    why=QuestionnaireLink.SENT_BY_EMAIL,
                ),
                lambda pk=link.pk: revoke_link(
                    people.therapist, QuestionnaireLink.objects.get(pk=pk)
                ),
            ]
        )
        assert sorted(results, key=str) == [False, True], results
        link.refresh_from_db()
        [event] = AuditEvent.objects.filter(action="link.revoke", object_id=str(link.pk))
        assert event.detail["why"] == link.revoked_reason
        if link.revoked_reason == QuestionnaireLink.BY_STAFF:
            assert link.revoked_by == people.therapist and event.actor_id == people.therapist.pk
        else:
            assert link.revoked_reason == QuestionnaireLink.SENT_BY_EMAIL
            assert link.revoked_by is None and event.actor_id is None

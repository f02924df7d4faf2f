"""The demo shows text messages and a device handed over in the room: the demo client has
reminders by text (a fictional number, with texts delivered, one undelivered and a STOP), and the
demo therapist handed her tablet to two clients, written as the product writes them."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.audit.models import AuditEvent
from tandem.care.models import Client
from tandem.demo import seed
from tandem.measures.models import Response
from tandem.room.models import Handover
from tandem.sms.display import client_summary, practice_counts
from tandem.sms.models import TextMessage, TextNumber

pytestmark = pytest.mark.django_db


def jordan() -> Client:
    return Client.objects.get(user__email="client@example.org")


def test_the_demo_client_has_reminders_by_text_to_a_drama_number() -> None:
    number = TextNumber.objects.get(client=jordan())
    # Ofcom's drama range: 07700 900000 to 900999 reach nobody.
    assert number.number.startswith("+447700900") and number.usable
    assert number.reminders_by == TextNumber.TEXT
    assert client_summary(jordan()) == ("Texts go to +44 7700 900461. Reminders: by text message.")
    assert TextNumber.objects.count() == 1  # no other client's number


def test_its_history_has_texts_delivered_one_undelivered_and_a_stop() -> None:
    texts = TextMessage.objects.filter(client=jordan()).order_by("created_at")
    assert [(t.purpose, t.status) for t in texts] == [
        ("code", "delivered"),
        ("reminder", "delivered"),
        ("reminder", "failed"),
        ("reminder", "cancelled"),
        ("code", "delivered"),
        ("reminder", "sent"),
    ]
    failed, cancelled = texts[2], texts[3]
    assert failed.reason == "the gateway reported it undelivered"
    assert cancelled.reason == "the number replied STOP" and cancelled.sent_at is None
    assert cancelled.send_after is not None and cancelled.send_after.hour == 8  # quiet hours
    assert all(t.created_at <= (t.status_at or t.created_at) for t in texts)
    stop = AuditEvent.objects.get(action="sms.stop")
    assert stop.client_id == jordan().pk and stop.actor_id is None
    assert stop.at == cancelled.status_at
    # The audit trail has the sends and reports the product writes, dated when they happened.
    assert AuditEvent.objects.filter(action="sms.send").count() == 5
    assert AuditEvent.objects.filter(action="sms.status").count() == 4
    assert AuditEvent.objects.filter(action="sms.number.verify").count() == 2


def test_the_admin_sees_counts_and_the_therapist_no_number(client: Any) -> None:
    counts = dict(practice_counts(jordan().practice_id))
    assert counts["Delivered"] >= 2 and counts["Failed"] == 1 and counts["Not sent"] == 1
    client.force_login(jordan().therapist)
    page = client.get(f"/clients/{jordan().pk}/").content.decode()
    assert "7700" not in page


def test_two_sessions_were_handed_over_one_done_one_left_idle() -> None:
    done, idle = (
        Handover.objects.get(lock_reason="done"),
        Handover.objects.get(lock_reason="idle"),
    )
    for handover in (done, idle):
        assert handover.therapist.email == "therapist@example.org"
        assert handover.ended_how == "password" and handover.client != jordan()
        assert handover.started_at < handover.locked_at < handover.ended_at  # type: ignore[operator]
        actions = list(
            AuditEvent.objects.filter(object_type="Handover", object_id=str(handover.pk))
            .order_by("at", "id")
            .values_list("action", flat=True)
        )
        assert actions[0] == "room.hand_over" and actions[-1] == "room.unlock"
    assert Response.objects.filter(entry_method="room", session=done.session).count() >= 2
    assert Response.objects.filter(entry_method="room", session=idle.session).count() == 1
    lock = AuditEvent.objects.get(action="room.idle_lock")
    assert lock.detail["noticed_by"] == "page" and lock.at == idle.locked_at


def test_the_session_page_shows_the_answers_given_in_the_room(client: Any) -> None:
    done = Handover.objects.get(lock_reason="done")
    client.force_login(done.therapist)
    page = client.get(f"/sessions/{done.session_id}/").content.decode()
    assert "Answered by the client in the room, on your device." in page
    idle = Handover.objects.get(lock_reason="idle")
    page = client.get(f"/sessions/{idle.session_id}/").content.decode()
    assert "Hand to client" in page  # the questionnaires the client did not reach still wait


def test_it_changes_nothing_when_run_again() -> None:
    models = [Handover, TextMessage, TextNumber, Response, AuditEvent]
    before = [model.objects.count() for model in models]
    assert seed() is False
    assert [model.objects.count() for model in models] == before

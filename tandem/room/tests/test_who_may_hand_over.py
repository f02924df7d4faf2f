"""Only the client's own therapist hands a session over; everyone else is told the session does
not exist (404), and nothing is handed over."""

from __future__ import annotations

from datetime import date

import pytest

from tandem.care.models import Session
from tandem.room.models import Handover
from tandem.room.state import HANDOVER

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("who", ["colleague", "supervisor", "admin", "outsider", "client_user"])
def test_anyone_but_the_clients_therapist_is_told_it_does_not_exist(client, people, who):
    client.force_login(getattr(people, who))
    response = client.post(f"/sessions/{people.session.pk}/hand-over/")
    assert response.status_code == 404
    assert not Handover.objects.exists()
    assert HANDOVER not in client.session


def test_a_supervisor_with_the_clients_consent_still_cannot_hand_over(client, people):
    people.client.share_with_supervisor = True
    people.client.save()
    client.force_login(people.supervisor)
    assert client.get(f"/sessions/{people.session.pk}/").status_code == 200
    page = client.get(f"/sessions/{people.session.pk}/").content
    assert b"Hand to client" not in page
    assert client.post(f"/sessions/{people.session.pk}/hand-over/").status_code == 404
    assert not Handover.objects.exists()


def test_a_session_of_another_therapists_client_is_not_found(client, people):
    other_session = Session.objects.create(
        episode=people.other_client.episodes.get(), number=1, date=date(2026, 1, 5)
    )
    client.force_login(people.therapist)
    assert client.post(f"/sessions/{other_session.pk}/hand-over/").status_code == 404
    assert client.post("/sessions/999999/hand-over/").status_code == 404
    assert client.get(f"/sessions/{people.session.pk}/hand-over/").status_code == 405
    assert not Handover.objects.exists()


def test_nothing_due_means_nothing_to_hand_over(client, people):
    later = Session.objects.create(episode=people.episode, number=2, date=date(2026, 1, 12))
    client.force_login(people.therapist)
    # Session 1 is not the latest any more: nothing is due for it.
    response = client.post(f"/sessions/{people.session.pk}/hand-over/", follow=True)
    assert b"Nothing is waiting for the client" in response.content
    assert not Handover.objects.exists()
    assert later.pk

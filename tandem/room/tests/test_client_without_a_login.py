"""A client without a login (never invited, or an invitation not taken up) can be handed the
device: their answers are kept as theirs (no respondent until they take up a login), given "in
the room, on the therapist's device", recorded by the therapist whose device it is; a risk answer
still shows the crisis information and raises the alert (issue 19)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tandem.accounts.actions import invite_person
from tandem.audit.models import AuditEvent
from tandem.care.models import Client, Episode, Session
from tandem.measures.models import Response
from tandem.room.models import Handover
from tandem.room.tests.conftest import PASSWORD, answers_for
from tandem.safety.models import RiskAlert

pytestmark = pytest.mark.django_db


@pytest.fixture
def dee(people: Any) -> tuple[Client, Session]:
    """Dee, the therapist's client with no login, and her first session."""
    dee = Client.objects.create(
        practice=people.practice, display_name="Dee N.", therapist=people.therapist
    )
    episode = Episode.objects.create(
        client=dee, therapist=people.therapist, number=1, started_on=date(2025, 1, 6)
    )
    session = Session.objects.create(episode=episode, number=1, date=date(2026, 1, 5))
    return dee, session


def hand_to(browser: Any, session: Session) -> None:
    response = browser.post(f"/sessions/{session.pk}/hand-over/")
    assert response.status_code == 302 and response.url == "/room/", response


@pytest.mark.parametrize("invited", [False, True])
def test_a_client_without_a_login_answers_in_the_room(
    client: Any, people: Any, dee: Any, invited: bool
) -> None:
    who, session = dee
    if invited:  # invited, but the invitation is not taken up
        sent = invite_person(people.therapist, people.practice, "dee@example.org", "client")
        who.user = sent.invitation.user
        who.save()
    client.force_login(people.therapist)
    hand_to(client, session)
    response = client.post("/room/answer/partnership/", answers_for("partnership"))
    assert response.status_code == 302 and response.url == "/room/?saved=1"
    kept = Response.objects.get(session=session)
    assert (kept.respondent_id, kept.respondent_role) == (None, Response.CLIENT)
    assert (kept.entry_method, kept.entered_by_id) == (Response.ROOM, people.therapist.pk)
    assert kept.episode.client == who
    answered = AuditEvent.objects.get(action="room.answer")
    assert (answered.actor_id, answered.client_id) == (people.therapist.pk, who.pk)
    saved = AuditEvent.objects.get(action="response.room")
    assert saved.object_id == str(kept.pk) and saved.detail["method"] == "room"


def test_a_risk_answer_on_the_device_raises_the_alert(client: Any, people: Any, dee: Any) -> None:
    who, session = dee
    client.force_login(people.therapist)
    hand_to(client, session)
    response = client.post("/room/answer/phq9/", answers_for("phq9", q9="3"))
    assert response.status_code == 302 and response.url == "/room/support/"
    assert client.get("/room/support/").status_code == 200
    alert = RiskAlert.objects.get()
    assert (alert.client, alert.therapist) == (who, people.therapist)
    assert alert.response.respondent_id is None
    assert AuditEvent.objects.get(action="room.support.view").client_id == who.pk


def test_the_session_page_says_the_client_answered_on_the_device(
    client: Any, people: Any, dee: Any
) -> None:
    who, session = dee
    client.force_login(people.therapist)
    hand_to(client, session)
    client.post("/room/answer/partnership/", answers_for("partnership"))
    client.post("/room/lock/", {"reason": "handed_back"})
    client.post("/room/unlock/", {"secret": PASSWORD})
    page = client.get(f"/sessions/{session.pk}/").content.decode()
    assert "Answered by the client in the room, on your device." in page
    assert client.get(f"/clients/{who.pk}/").status_code == 200


def test_a_handover_left_open_after_the_client_moved_stores_nothing(
    client: Any, people: Any, dee: Any
) -> None:
    # The policy is asked again at every answer: the device's therapist no longer holds Dee.
    who, session = dee
    client.force_login(people.therapist)
    hand_to(client, session)
    Client.objects.filter(pk=who.pk).update(therapist=people.colleague)
    Episode.objects.filter(client=who).update(therapist=people.colleague)
    response = client.post("/room/answer/partnership/", answers_for("partnership"))
    assert response.status_code == 400
    assert "Only the client&#x27;s therapist can enter answers" in response.content.decode()
    assert not Response.objects.filter(session=session).exists()
    assert Handover.objects.get().client == who

"""GET /sessions/{id}/handovers: each time a session was handed to the client on a device, by
whom, why it locked, how it ended and what was answered on it; read only, for the people who may
read the session in the practice."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.audit.models import AuditEvent
from tandem.room import actions
from tandem.room.due import due_in_room
from tandem.room.tests.conftest import PASSWORD, answers_for


@pytest.fixture
def handed(people: Any) -> Any:
    """Ada's session handed over twice: the first time she answered one questionnaire and handed
    it back; the second she answered what was left and the device locked itself, unlocked with
    the therapist's password after one wrong try."""
    first = actions.hand_over(people.therapist, people.session)
    due = [item.instrument.id for item in due_in_room(people.session)]
    assert len(due) >= 2, due
    actions.answer(first, due[0], answers_for(due[0]))
    actions.lock(first, "handed_back")
    actions.unlock(people.therapist, first, PASSWORD)
    second = actions.hand_over(people.therapist, people.session)
    for instrument_id in [item.instrument.id for item in due_in_room(people.session)]:
        actions.answer(second, instrument_id, answers_for(instrument_id))
    actions.lock(second, "done")
    actions.unlock(people.therapist, second, "not the password")
    actions.unlock(people.therapist, second, PASSWORD)
    people.handovers, people.due = (first, second), due
    return people


def test_the_therapist_reads_the_sessions_handovers(handed: Any, api_as: Any) -> None:
    body = api_as(handed.therapist).get(f"/sessions/{handed.session.pk}/handovers").json()
    assert body["count"] == 2
    first, second = body["items"]
    assert first["handed_over_by_id"] == handed.therapist.pk
    assert first["client_id"] == handed.client.pk
    assert (first["lock_reason"], first["ended_how"], first["unlock_attempts"]) == (
        "handed_back",
        "password",
        1,
    )
    assert [a["instrument"] for a in first["answered"]] == handed.due[:1]
    assert (second["lock_reason"], second["ended_how"], second["unlock_attempts"]) == (
        "done",
        "password",
        2,
    )
    assert [a["instrument"] for a in second["answered"]] == handed.due[1:]
    event = AuditEvent.objects.get(action="room.handovers")
    assert event.client_id == handed.client.pk and event.detail["count"] == 2


def test_pages_of_one(handed: Any, api_as: Any) -> None:
    api = api_as(handed.therapist)
    page = api.get(f"/sessions/{handed.session.pk}/handovers", limit=1, offset=1).json()
    assert page["count"] == 2 and [h["id"] for h in page["items"]] == [handed.handovers[1].pk]


def test_a_supervisor_reads_them_with_the_clients_consent_only(handed: Any, api_as: Any) -> None:
    api = api_as(handed.supervisor)
    path = f"/sessions/{handed.session.pk}/handovers"
    assert api.get(path).status_code == 404
    handed.client.share_with_supervisor = True
    handed.client.save(update_fields=["share_with_supervisor"])
    assert api.get(path).json()["count"] == 2


def test_the_client_is_told_it_is_for_the_practice(handed: Any, api_as: Any) -> None:
    response = api_as(handed.client_user).get(f"/sessions/{handed.session.pk}/handovers")
    assert response.status_code == 403


@pytest.mark.parametrize("who", ["admin", "colleague", "outsider", "other_client_user"])
def test_nobody_else_learns_the_session_exists(handed: Any, api_as: Any, who: str) -> None:
    response = api_as(getattr(handed, who)).get(f"/sessions/{handed.session.pk}/handovers")
    assert response.status_code in (403, 404)
    assert "handed_back" not in response.content.decode()

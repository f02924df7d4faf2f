"""Issue 16.2: a repeat submission answers only with what the caller may read, and is audited.

The attack: after a client is reassigned, the new therapist POSTs the private session
reflection for an old session and used to get 200 with the previous therapist's answers.
"""

from __future__ import annotations

from typing import Any

import pytest

from tandem.api.tests.test_permissions import _complete_answers
from tandem.audit.models import AuditEvent
from tandem.care.actions import assign_client
from tandem.measures.actions import submit_response


def _reassign_after_a_private_reflection(people: Any) -> Any:
    answers = _complete_answers("reflection")
    first = submit_response(
        people.therapist, people.episode, "reflection", answers, session=people.session
    ).response
    assert first.private
    assign_client(people.admin, people.client, people.colleague)
    return first


@pytest.mark.parametrize("key", [None, "retry-1"])
def test_the_new_therapist_does_not_get_the_previous_therapists_reflection(
    people: Any, api_as: Any, key: str | None
) -> None:
    first = _reassign_after_a_private_reflection(people)
    body = {
        "episode": people.episode.pk,
        "session": people.session.pk,
        "instrument": "reflection",
        "answers": _complete_answers("reflection"),
    }
    headers = {"Idempotency-Key": key} if key else None
    response = api_as(people.colleague).post("/responses", body, headers=headers)
    assert response.status_code == 409
    text = response.content.decode()
    assert str(first.pk) not in text and "answers" not in response.json()
    assert "not shown to you" in response.json()["detail"]
    # audited, and attributed to the client, even inside the Idempotency-Key transaction
    event = AuditEvent.objects.get(action="response.repeat", actor=people.colleague)
    assert event.client_id == people.client.pk
    assert event.detail["shown"] is False
    # nothing new was stored
    assert people.session.responses.filter(instrument_id="reflection").count() == 1


def test_a_repeat_the_caller_may_read_still_returns_the_stored_answer_and_is_audited(
    people: Any, api_as: Any
) -> None:
    api = api_as(people.therapist)
    body = {
        "episode": people.episode.pk,
        "session": people.session.pk,
        "instrument": "reflection",
        "answers": _complete_answers("reflection"),
    }
    created = api.post("/responses", body)
    assert created.status_code == 201
    again = api.post("/responses", body)
    assert again.status_code == 200
    assert again.json()["id"] == created.json()["id"]
    event = AuditEvent.objects.get(action="response.repeat", actor=people.therapist)
    assert event.detail["shown"] is True

"""GET /api/v1/alerts: every current alert on the caller's caseload, with kind, measure, session
and sentence; nothing of anyone else's clients, nothing for ended episodes."""

from typing import Any

import pytest

from tandem.audit.models import AuditEvent
from tandem.care.models import Episode
from tandem.measures.actions import submit_response

pytestmark = pytest.mark.django_db


def blank_question_9(people: Any) -> None:
    answers = {f"q{i}": 2 for i in range(1, 9)}
    submit_response(people.client_user, people.episode, "phq9", answers, session=people.session)


def test_it_lists_the_alerts_of_the_therapists_caseload(people: Any, api_as: Any) -> None:
    blank_question_9(people)
    body = api_as(people.therapist).get("/alerts").json()
    (alert,) = body["items"]
    assert alert == {
        "episode_id": people.episode.pk,
        "client_id": people.client.pk,
        "kind": "risk_item_blank",
        "priority": 1,
        "sentence": "PHQ-9 question 9 (thoughts of self-harm) was left blank at session 1: "
        "ask about safety",
        "session": 1,
        "measure": "phq9",
    }
    assert AuditEvent.objects.filter(action="alert.list").exists()


def test_nobody_else_sees_them(people: Any, api_as: Any) -> None:
    blank_question_9(people)
    for person in (people.colleague, people.outsider, people.admin, people.client_user):
        assert api_as(person).get("/alerts").json() == {"items": []}
    # the supervisor sees them only once the client agrees to share (policy.clinical_clients)
    assert api_as(people.supervisor).get("/alerts").json() == {"items": []}


def test_an_ended_episode_has_no_alerts(people: Any, api_as: Any) -> None:
    blank_question_9(people)
    Episode.objects.filter(pk=people.episode.pk).update(status=Episode.ENDED)
    assert api_as(people.therapist).get("/alerts").json() == {"items": []}

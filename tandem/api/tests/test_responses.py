"""POST /responses: validated against the instrument, scored by the core, idempotent."""

from __future__ import annotations

from typing import Any

from tandem.api.models import IdempotencyKey
from tandem.api.tests.conftest import MIRROR_ANSWERS, PHQ9_ANSWERS
from tandem.audit.models import AuditEvent
from tandem.measures.models import Response


def _phq9(people: Any, **extra: Any) -> dict[str, Any]:
    return {
        "instrument": "phq9",
        "episode": people.episode.pk,
        "session": people.session.pk,
        "answers": PHQ9_ANSWERS,
        **extra,
    }


def test_it_records_and_scores_a_questionnaire(people: Any, api_as: Any) -> None:
    response = api_as(people.client_user).post("/responses", _phq9(people))
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["total"] == 9
    assert body["severity"] == "Mild"
    assert body["respondent_role"] == "client"
    assert AuditEvent.objects.filter(action="response.create").count() == 1


def test_the_same_idempotency_key_and_body_give_the_same_answer(people: Any, api_as: Any) -> None:
    api = api_as(people.client_user)
    first = api.post("/responses", _phq9(people), headers={"Idempotency-Key": "abc-1"})
    again = api.post("/responses", _phq9(people), headers={"Idempotency-Key": "abc-1"})
    assert first.status_code == again.status_code == 201
    assert first.json() == again.json()
    assert Response.objects.count() == 1
    assert IdempotencyKey.objects.count() == 1


def test_the_same_key_with_a_different_body_is_a_409(people: Any, api_as: Any) -> None:
    api = api_as(people.client_user)
    api.post("/responses", _phq9(people), headers={"Idempotency-Key": "abc-2"})
    changed = _phq9(people, answers=PHQ9_ANSWERS | {"q1": 3})
    response = api.post("/responses", changed, headers={"Idempotency-Key": "abc-2"})
    assert response.status_code == 409
    assert response.json()["errors"][0]["field"] == "Idempotency-Key"


def test_without_a_key_a_second_send_returns_the_first_response(people: Any, api_as: Any) -> None:
    api = api_as(people.client_user)
    first = api.post("/responses", _phq9(people))
    second = api.post("/responses", _phq9(people, answers=PHQ9_ANSWERS | {"q1": 3}))
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert Response.objects.count() == 1


def test_a_therapist_records_their_own_side(people: Any, api_as: Any) -> None:
    body = {
        "instrument": "partnership_mirror",
        "episode": people.episode.pk,
        "session": people.session.pk,
        "answers": MIRROR_ANSWERS,
    }
    response = api_as(people.therapist).post("/responses", body)
    assert response.status_code == 201
    assert response.json()["respondent_role"] == "therapist"


def test_answers_that_do_not_fit_name_the_item(people: Any, api_as: Any) -> None:
    response = api_as(people.client_user).post(
        "/responses", _phq9(people, answers=PHQ9_ANSWERS | {"q3": 7})
    )
    assert response.status_code == 422
    fields = [e["field"] for e in response.json()["errors"]]
    assert "answers.q3" in fields
    assert Response.objects.count() == 0


def test_a_malformed_body_gets_the_standard_error_body(people: Any, api_as: Any) -> None:
    response = api_as(people.client_user).post("/responses", {"instrument": "phq9"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"]
    assert {"field": "episode", "message": "This is required."} in body["errors"]


def test_a_therapist_cannot_answer_the_clients_questionnaire(people: Any, api_as: Any) -> None:
    response = api_as(people.therapist).post("/responses", _phq9(people))
    assert response.status_code == 400
    assert "client" in response.json()["detail"]


def test_a_session_from_another_episode_is_refused(people: Any, api_as: Any) -> None:
    from tandem.care.models import Session

    elsewhere = Session.objects.create(
        episode=people.other_client.episodes.get(), number=1, date=people.session.date
    )
    response = api_as(people.client_user).post("/responses", _phq9(people, session=elsewhere.pk))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "session"


def test_another_clients_episode_is_a_404(people: Any, api_as: Any) -> None:
    response = api_as(people.other_client_user).post("/responses", _phq9(people))
    assert response.status_code == 404


def test_text_with_a_nul_character_is_refused_not_crashed_on(people: Any, api_as: Any) -> None:
    body = {
        "instrument": "partnership_mirror",
        "episode": people.episode.pk,
        "session": people.session.pk,
        "answers": MIRROR_ANSWERS | {"next_time": "a\x00b"},
    }
    response = api_as(people.therapist).post("/responses", body)
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"].startswith("answers")

"""Adversarial tests of idempotent API writes (docs/security.md, "Threat model: data flows").

A retried ``POST /responses`` with the same ``Idempotency-Key`` gets the first answer back. The
stored answer is a copy of clinical data, so handing it back is a read like any other.
"""

from __future__ import annotations

from typing import Any

import pytest

from tandem.api.models import IdempotencyKey
from tandem.api.tests.conftest import MIRROR_ANSWERS, Api, token_for
from tandem.audit.models import AuditEvent
from tandem.care.actions import assign_client, delete_session
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_as(people: Any) -> Any:
    return lambda user: Api(token_for(user))


def _mirror(people: Any) -> dict[str, Any]:
    return {
        "episode": people.episode.pk,
        "session": people.session.pk,
        "instrument": "partnership_mirror",
        "answers": MIRROR_ANSWERS,
    }


def test_a_retry_gets_the_first_answer_and_stores_nothing_twice(people: Any, api_as: Any) -> None:
    api = api_as(people.therapist)
    first = api.post("/responses", _mirror(people), headers={"Idempotency-Key": "a-1"})
    again = api.post("/responses", _mirror(people), headers={"Idempotency-Key": "a-1"})
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json()
    assert Response.objects.filter(instrument_id="partnership_mirror").count() == 1


def test_a_retry_after_losing_the_client_shows_nothing(people: Any, api_as: Any) -> None:
    # The stored answer was handed back without asking the policy again: a therapist whose
    # client moved to a colleague still read the session's answers by resending an old request.
    api = api_as(people.therapist)
    assert (
        api.post("/responses", _mirror(people), headers={"Idempotency-Key": "b-1"}).status_code
        < 300
    )
    assign_client(people.admin, people.client, people.colleague)
    again = api.post("/responses", _mirror(people), headers={"Idempotency-Key": "b-1"})
    assert again.status_code == 409
    assert "answers" not in again.json() and "heard" not in again.content.decode()
    event = AuditEvent.objects.get(action="response.repeat", actor=people.therapist)
    assert event.detail["shown"] is False and event.client_id == people.client.pk


def test_a_retry_is_audited_as_a_read_of_the_clients_record(people: Any, api_as: Any) -> None:
    api = api_as(people.therapist)
    api.post("/responses", _mirror(people), headers={"Idempotency-Key": "c-1"})
    assert not AuditEvent.objects.filter(action="response.repeat").exists()
    assert (
        api.post("/responses", _mirror(people), headers={"Idempotency-Key": "c-1"}).status_code
        < 300
    )
    event = AuditEvent.objects.get(action="response.repeat", actor=people.therapist)
    assert event.detail["shown"] is True and event.client_id == people.client.pk


def test_a_retry_of_an_answer_since_deleted_does_not_claim_it_is_stored(
    people: Any, api_as: Any
) -> None:
    api = api_as(people.therapist)
    assert (
        api.post("/responses", _mirror(people), headers={"Idempotency-Key": "d-1"}).status_code
        < 300
    )
    delete_session(people.therapist, people.session.pk, "recorded for the wrong client")
    again = api.post("/responses", _mirror(people), headers={"Idempotency-Key": "d-1"})
    assert again.status_code == 409
    assert not Response.objects.filter(instrument_id="partnership_mirror").exists()


def test_keys_belong_to_their_sender(people: Any, api_as: Any) -> None:
    # The client sends the key the therapist used: they get their own answer stored, never the
    # therapist's stored one, and no conflict with it.
    from tandem.api.tests.conftest import PHQ9_ANSWERS

    mine = api_as(people.therapist).post(
        "/responses", _mirror(people), headers={"Idempotency-Key": "shared"}
    )
    phq9 = {**_mirror(people), "instrument": "phq9", "answers": PHQ9_ANSWERS}
    theirs = api_as(people.client_user).post(
        "/responses", phq9, headers={"Idempotency-Key": "shared"}
    )
    assert mine.status_code == theirs.status_code == 201
    assert theirs.json()["instrument"] == "phq9" and theirs.json()["id"] != mine.json()["id"]
    assert IdempotencyKey.objects.filter(key="shared").count() == 2


def test_the_same_key_with_other_answers_is_refused(people: Any, api_as: Any) -> None:
    api = api_as(people.therapist)
    api.post("/responses", _mirror(people), headers={"Idempotency-Key": "e-1"})
    changed = {**_mirror(people), "answers": {**MIRROR_ANSWERS, "heard": 1}}
    refused = api.post("/responses", changed, headers={"Idempotency-Key": "e-1"})
    assert refused.status_code == 409
    assert Response.objects.get(instrument_id="partnership_mirror").answers["heard"] == 7


def test_an_error_is_not_remembered(people: Any, api_as: Any) -> None:
    api = api_as(people.therapist)
    wrong = {**_mirror(people), "answers": {"heard": 99}}
    assert api.post("/responses", wrong, headers={"Idempotency-Key": "f-1"}).status_code == 422
    assert not IdempotencyKey.objects.exists()

"""POST /responses as in production: no test transaction around the request.

Outside a transaction a submission without a risk answer is stored with its audit record in one
statement (on PostgreSQL); one with a risk answer in a transaction with its alerts. Both paths
keep the same promises: one response per session and side, an audit record naming it, the alert.
"""

from __future__ import annotations

from typing import Any

import pytest

from tandem.api.tests.conftest import PHQ9_ANSWERS
from tandem.audit.chain import seal, verify
from tandem.audit.models import AuditEvent
from tandem.measures.models import Response
from tandem.safety.models import RiskAlert

pytestmark = pytest.mark.django_db(transaction=True)

NO_RISK = PHQ9_ANSWERS | {"q9": 0}


def _send(api: Any, people: Any, answers: dict[str, int], **headers: str) -> Any:
    body = {
        "instrument": "phq9",
        "episode": people.episode.pk,
        "session": people.session.pk,
        "answers": answers,
    }
    return api.post("/responses", body, headers=headers)


def test_a_response_and_its_audit_record_are_stored_together(people: Any, api_as: Any) -> None:
    api = api_as(people.client_user)
    first = _send(api, people, NO_RISK)
    assert first.status_code == 201, first.json()
    stored = Response.objects.get()
    assert first.json()["id"] == stored.pk and stored.total == 8 and stored.answers == NO_RISK
    event = AuditEvent.objects.get(action="response.create")
    assert (event.object_type, event.object_id) == ("Response", str(stored.pk))
    assert (event.actor_id, event.client_id) == (people.client_user.pk, people.client.pk)
    assert event.practice_id == people.practice.pk and event.detail == {"instrument": "phq9"}
    assert not RiskAlert.objects.exists()
    # Sent again, even with other answers: the first one is the answer, nothing is added.
    again = _send(api, people, NO_RISK | {"q1": 3})
    assert (again.status_code, again.json()["id"]) == (200, stored.pk)
    assert Response.objects.count() == 1
    assert AuditEvent.objects.filter(action="response.create").count() == 1
    seal()
    assert verify().ok and verify().checked == AuditEvent.objects.count()


def test_a_risk_answer_raises_its_alert_in_the_same_transaction(people: Any, api_as: Any) -> None:
    api = api_as(people.client_user)
    sent = _send(api, people, PHQ9_ANSWERS | {"q9": 2}, **{"Idempotency-Key": "risk-1"})
    assert sent.status_code == 201, sent.json()
    alert = RiskAlert.objects.get()
    assert alert.response_id == sent.json()["id"] and alert.item_id == "q9"
    actions = sorted(
        AuditEvent.objects.exclude(action="token.create").values_list("action", flat=True)
    )
    assert actions == ["response.create", "risk.raise"]
    again = _send(api, people, PHQ9_ANSWERS | {"q9": 2}, **{"Idempotency-Key": "risk-1"})
    assert again.json() == sent.json() and RiskAlert.objects.count() == 1


def test_a_duplicate_inside_an_idempotent_request_is_answered_not_crashed_on(
    people: Any, api_as: Any
) -> None:
    # With a key the request runs in a transaction: the duplicate must roll back to a savepoint.
    api = api_as(people.client_user)
    first = _send(api, people, NO_RISK, **{"Idempotency-Key": "one"})
    second = _send(api, people, NO_RISK, **{"Idempotency-Key": "two"})
    assert (first.status_code, second.status_code) == (201, 200)
    assert second.json()["id"] == first.json()["id"]
    assert Response.objects.count() == 1
    assert AuditEvent.objects.filter(action="response.create").count() == 1

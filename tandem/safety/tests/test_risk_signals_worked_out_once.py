"""A submission works out its risk signals once: the same signals choose how it is stored and
raise its alerts (on either database, with or without a risky answer)."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.core.instruments import risk_signals
from tandem.measures import actions as measures_actions
from tandem.measures import registry
from tandem.measures.actions import submit_response
from tandem.measures.models import Response
from tandem.safety import actions as safety_actions
from tandem.safety.actions import raise_risk_alerts
from tandem.safety.models import RiskAlert

pytestmark = pytest.mark.django_db


def _phq9(item9: int) -> dict[str, Any]:
    return {**{f"q{i}": 1 for i in range(1, 9)}, "q9": item9}


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """How many times either action works out risk signals (the real function, counted)."""
    calls: list[int] = []

    def counting(instrument: Any, answers: Any) -> Any:
        calls.append(1)
        return risk_signals(instrument, answers)

    monkeypatch.setattr(measures_actions, "risk_signals", counting)
    monkeypatch.setattr(safety_actions, "risk_signals", counting)
    return calls


@pytest.mark.parametrize(("item9", "alerts"), [(0, 0), (2, 1)])
def test_it_works_out_the_risk_signals_once_per_submission(
    people: Any, counted: list[int], item9: int, alerts: int
) -> None:
    submitted = submit_response(
        people.client_user, people.episode, "phq9", _phq9(item9), session=people.session
    )
    assert submitted.created
    assert len(counted) == 1
    assert len(submitted.risk_alerts) == RiskAlert.objects.count() == alerts
    if alerts:
        assert RiskAlert.objects.get().value == item9


def _stored_phq9(people: Any, item9: int) -> tuple[Any, Any, dict[str, Any]]:
    instrument = registry.get("phq9")
    answers = _phq9(item9)
    response = Response.objects.create(
        episode=people.episode,
        session=people.session,
        instrument_id="phq9",
        instrument_version=str(instrument.version),
        respondent=people.client_user,
        respondent_role="client",
        answers=answers,
        total=sum(answers.values()),
    )
    return response, instrument, answers


def test_it_works_out_the_signals_itself_when_the_caller_has_not(people: Any) -> None:
    # How the demo's risk story calls it.
    response, instrument, answers = _stored_phq9(people, 3)
    alerts = raise_risk_alerts(response, instrument, answers)
    assert [alert.value for alert in alerts] == [3]
    assert RiskAlert.objects.get().response_id == response.pk


def test_it_raises_the_alerts_for_the_signals_it_is_given(people: Any) -> None:
    response, instrument, answers = _stored_phq9(people, 2)
    given = risk_signals(instrument, answers)
    alerts = raise_risk_alerts(response, instrument, answers, signals=given)
    assert [(a.item_id, a.value) for a in alerts] == [(s.item_id, s.value) for s in given]
    assert raise_risk_alerts(response, instrument, answers, signals=[]) == []
    assert RiskAlert.objects.count() == 1

"""Where a risk answer's meaning continues a sentence (after "Open risk alert since 30 Nov:" on
the caseload, in brackets in the progress report), it is the question's topic, written by whoever
marked the item to be read inside a sentence ("thoughts of self-harm", "pensamientos de hacerse
daño"), not the label with a capital letter ("…: Has had thoughts of …") nor the label
lower-cased by the page (which would lower a name or a translation's own capitals too). Where
it is a sentence of its own (the alert box), the label stays whole."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation

from tandem.safety.models import RiskAlert
from tandem.safety.tests.test_risk_answers import submit

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    yield
    translation.deactivate()


def _pages(client: Any, people: Any, **language: str) -> tuple[str, str, str]:
    client.force_login(people.therapist)
    caseload = client.get("/caseload/", **language).content.decode()
    report = client.get(f"/reports/episodes/{people.episode.pk}/", **language).content.decode()
    page = client.get(f"/clients/{people.client.pk}/", **language).content.decode()
    return caseload, report, page


def test_in_english_the_meaning_continues_the_sentence(client: Any, people: Any) -> None:
    submit(client, people, 2)
    caseload, report, page = _pages(client, people)
    assert re.search(r"Open risk alert since [^:<]+: thoughts of self-harm \(answered", caseload)
    assert "(thoughts of self-harm)." in report
    assert not re.search(r": Has had thoughts", caseload + report)
    assert "(has had thoughts" not in report
    # Its own sentence on the client's page: the label, whole and capitalised.
    assert "Has had thoughts of being better off dead or of self-harm." in page


def test_in_spanish_the_meaning_continues_the_sentence(client: Any, people: Any) -> None:
    submit(client, people, 2)
    caseload, report, page = _pages(client, people, **SPANISH)
    assert re.search(
        r"Alerta de riesgo abierta desde el [^:<]+: pensamientos de hacerse daño \(respondió",
        caseload,
    )
    assert "(pensamientos de hacerse daño)." in report
    assert not re.search(r": Ha tenido", caseload + report)
    assert "(ha tenido" not in report
    assert "Ha tenido pensamientos de que sería mejor morir o de hacerse daño." in page


def test_the_topic_is_in_the_readers_language_whatever_the_alert_was_raised_in(
    client: Any, people: Any
) -> None:
    submit(client, people, 2)
    alert = RiskAlert.objects.get()
    assert alert.shown_topic == "thoughts of self-harm"
    with translation.override("es"):
        assert alert.shown_topic == "pensamientos de hacerse daño"

"""The risk alerts page, acknowledging an alert and the crisis settings page, in Spanish."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tandem.safety.models import RiskAlert
from tandem.safety.tests.test_risk_answers import submit

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    """A Spanish request leaves Spanish active in this thread: the next test starts in English."""
    yield
    translation.deactivate()


def test_the_risk_alerts_page_reads_in_spanish(client: Any, people: Any) -> None:
    submit(client, people, 2)
    submit_second = RiskAlert.objects.get()
    client.force_login(people.admin)
    html = client.get("/practice/risk/", **SPANISH).content.decode()
    assert "<h1>Alertas de riesgo</h1>" in html and "Abiertas (1)" in html
    assert "Riesgo que revisar:" in html and "¿Qué se hizo?" in html
    assert f"respondió <strong>«{submit_second.answer_label}»</strong>" in html
    for english in ("Risk to review", "Acknowledge<", "No open risk alerts", "Response time"):
        assert english not in html


def test_an_acknowledgement_with_no_note_is_refused_in_spanish(client: Any, people: Any) -> None:
    submit(client, people, 2)
    alert = RiskAlert.objects.get()
    client.force_login(people.therapist)
    page = client.post(f"/risk/{alert.pk}/acknowledge/", {"note": ""}, **SPANISH)
    html = page.content.decode()
    assert page.status_code == 400
    assert "La alerta sigue abierta." in html and "Escribe una nota breve" in html
    assert "Confirmar una alerta de riesgo" in html
    done = client.post(
        f"/risk/{alert.pk}/acknowledge/", {"note": "Llamé por teléfono"}, follow=True, **SPANISH
    )
    assert "Alerta confirmada. Tu nota queda guardada con ella." in done.content.decode()
    client.force_login(people.admin)
    html = client.get("/practice/risk/", **SPANISH).content.decode()
    assert "Confirmadas" in html and "Llamé por teléfono" in html


def test_the_crisis_settings_page_reads_in_spanish(client: Any, people: Any) -> None:
    client.force_login(people.admin)
    html = client.get("/practice/safety/", **SPANISH).content.decode()
    assert "Información de crisis" in html and "Texto de crisis" in html
    assert "Si sientes que podrías actuar" in html  # the default text, in Spanish too
    wrong = client.post(
        "/practice/safety/",
        {"crisis_text": "", "crisis_contacts": "", "escalation_hours": "500"},
        **SPANISH,
    )
    assert wrong.status_code == 400
    assert "entre 1 y 168 horas" in wrong.content.decode()

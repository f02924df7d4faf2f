"""The schedules page, its confirmation and the page for entering a client's paper answers, in
Spanish: whole sentences, the "collected …" phrase built of whole phrases, nothing left English."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tandem.measures.display import when_collected
from tandem.measures.models import Schedule
from tandem.web.words import kept_together

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    """A Spanish request leaves Spanish active in this thread: the next test starts in English."""
    yield
    translation.deactivate()


URL = "/practice/instruments/"


def test_the_schedules_page_reads_in_spanish(client: Any, people: Any) -> None:
    client.force_login(people.admin)
    html = client.get(URL, **SPANISH).content.decode()
    assert "Instrumentos y cuándo se recogen" in html
    assert "Primera y después cada N sesiones" in html and "1 mes después del cierre" in html
    assert ">Recoger</label>" in html or "> Recoger</label>" in html
    for english in ("Every session", "Answered by", "after the ending", "Collect<"):
        assert english not in html
    # Each row's save button names its instrument for a screen reader, as the row shows it.
    assert '<span class="visually-hidden"> Colaboración en la sesión</span>' in html
    assert '<span class="visually-hidden"> Partnership</span>' not in html


def test_saving_a_schedule_says_when_in_one_spanish_sentence(client: Any, people: Any) -> None:
    client.force_login(people.admin)
    page = client.post(
        URL,
        {
            "instrument_id": "gad7",
            "timepoints": ["every_n", "follow_up_1m", "follow_up_3m"],
            "every_n": "3",
            "active": "on",
        },
        follow=True,
        **SPANISH,
    )
    assert (
        "Calendario de recogida guardado: el GAD-7 se recoge en la primera sesión y después "
        "cada 3 sesiones y 1 y 3 meses después del cierre."
    ) in page.content.decode()


def test_a_mistake_and_the_confirmation_read_in_spanish(client: Any, people: Any) -> None:
    client.force_login(people.admin)
    wrong = client.post(
        URL,
        {"instrument_id": "gad7", "timepoints": ["every_n"], "every_n": "x", "active": "on"},
        **SPANISH,
    ).content.decode()
    assert "El calendario del GAD-7 no se ha guardado." in wrong
    assert "El número de sesiones tiene que ser un número entero." in wrong
    ask = client.post(
        URL, {"instrument_id": "phq9", "timepoints": ["every_session"]}, **SPANISH
    ).content.decode()
    assert "¿Dejar de recoger el PHQ-9?" in ask and "Detección de riesgo: la pregunta 9" in ask
    assert "Sí, dejar de recoger el PHQ-9" in ask


def test_the_collected_phrase_is_whole_in_both_languages(people: Any) -> None:
    schedule = Schedule(
        practice=people.practice,
        instrument_id="phq9",
        timepoints=["assessment", "last_session", "follow_up_1m"],
    )
    assert when_collected(schedule) == (
        "at the assessment (first session), at the last session and 1 month after the ending"
    )
    with translation.override("es"):
        assert when_collected(schedule) == (
            "en la evaluación (primera sesión), en la última sesión y 1 mes después del cierre"
        )
        schedule.timepoints = ["every_n"]
        schedule.every_n = 1
        assert when_collected(schedule) == "en la primera sesión y después cada 1 sesión"
        assert schedule.timepoints_display == "Primera y después cada 1 sesión"


def test_the_entry_page_and_its_message_read_in_spanish(client: Any, people: Any) -> None:
    from tandem.measures.tests.test_entered_answers import form, phq9, url

    client.force_login(people.therapist)
    # The <title> keeps the name as stored; the page's text keeps it together.
    stored = people.episode.client.display_name
    name = kept_together(stored)
    html = client.get(url(people.session), **SPANISH).content.decode()
    assert f"introducir las respuestas de {stored}" in html
    assert f"Guardar las respuestas de {name}" in html
    assert "given on paper" not in html
    # The ways the client gave them, as answers to "¿Cómo dio … estas respuestas?", alike.
    for way in ("En un formulario en papel", "Por teléfono", "En voz alta en la sesión"):
        assert way in html
    saved = client.post(url(people.session), form(phq9(), "phone"), follow=True, **SPANISH)
    assert (
        f"Guardadas como respuestas de {name}, introducidas por ti tras dártelas por teléfono."
        in saved.content.decode()
    )

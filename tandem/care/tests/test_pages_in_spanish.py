"""A therapist whose browser asks for Spanish gets the caseload, the client's page and the
session's page in Spanish: headings, buttons, labels, messages, the transcript analysis and its
charts; what is data (names, PHQ-9) stays as it is. English stays the default."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.web.words import kept_together

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
TRANSCRIPT = (
    "T: What brings you here today?\n"
    "C: I keep drinking more than I want to, and I'd like to cut down.\n"
    "T: You want to cut down, and part of you is worried about where it is going.\n"
    "C: Yes. I don't want my kids to see me like that.\n"
)


@pytest.fixture
def spanish(client, people):
    client.force_login(people.therapist)
    client.defaults.update(SPANISH)
    return client


def test_the_caseload_is_in_spanish(spanish, people):
    page = spanish.get("/caseload/")
    text = page.content.decode()
    assert page["Content-Language"] == "es"
    for said in (
        "<h1>Tus casos</h1>",
        "Añadir un cliente",
        "Primero aparecen los que necesitan atención, cada uno con el motivo.",
        'data-label="Última sesión"',
        "PHQ-9 hasta ahora",
        "Ada\u00a0L.",
    ):
        assert said in text, said
    assert "Your caseload" not in text and "Due now" not in text


def test_the_session_page_is_in_spanish_with_its_analysis(spanish, people):
    upload = SimpleUploadedFile("sesion-1.txt", TRANSCRIPT.encode(), content_type="text/plain")
    sent = spanish.post(
        f"/sessions/{people.session.pk}/transcript/",
        {"file": upload, "format": "auto", "speakers": ""},
        follow=True,
    )
    text = sent.content.decode()
    assert "Transcripción analizada. El análisis está abajo" in text
    for said in (
        "Tu parte de esta sesión",
        "Responder",
        "La parte del cliente",
        "Dárselo al cliente",
        "Cómo hablaste con tu cliente: análisis de la transcripción",
        "Reflejos por pregunta",
        "Qué hizo el terapeuta",
        "El lenguaje del cliente a lo largo de la sesión",
        "Cada turno, tal como lo leyó el análisis",
        "Analizar una transcripción de esta sesión",
        # The questionnaires due, named in Spanish where the instrument has its own Spanish.
        "Colaboración en la sesión",
        "Pendiente de Ada\u00a0L.: Colaboración",
    ):
        assert said in text, said
    assert "Your side of this session" not in text and "What the therapist did" not in text


def test_a_form_with_errors_and_the_messages_are_in_spanish(spanish, people):
    page = spanish.post(f"/episodes/{people.episode.pk}/goals/", {"text": ""})
    text = page.content.decode()
    assert page.status_code == 400
    assert "El objetivo no se añadió." in text and "Objetivos, escritos juntos" in text
    assert "Objetivo, con las palabras del cliente" in text
    added = spanish.post(
        f"/episodes/{people.episode.pk}/goals/", {"text": "Dormir mejor"}, follow=True
    )
    assert "Objetivo añadido. Tu cliente lo ve en su portal." in added.content.decode()


def test_deleting_a_session_with_no_answers_says_so_without_a_count(spanish, people):
    """No "junto con sus 0 respuestas"; and later sessions take a number less, not "suben"."""
    deleted = spanish.post(
        f"/sessions/{people.session.pk}/delete/",
        {"reason": "registrada en el cliente equivocado", "confirm": "on"},
        follow=True,
    )
    text = deleted.content.decode()
    assert "se ha borrado; las sesiones posteriores se han renumerado" in text
    assert "0 respuestas" not in text


def test_an_ended_episode_is_finalizado_as_the_glossary_says(spanish, people):
    from tandem.care.actions import end_episode

    name = kept_together(people.client.display_name)
    confirm = spanish.post(
        f"/episodes/{people.episode.pk}/end/", {"reason": "graduated", "note": ""}
    ).content.decode()
    assert "El episodio finaliza por este motivo" in confirm
    # A name with an initial ("Ada L.") does not end the sentence, so no "L..".
    assert f"En el portal de {name} se quedan" in confirm and f"{name}." not in confirm

    end_episode(people.therapist, people.episode, "mutual")
    everyone = spanish.get("/caseload/?show=all").content.decode()
    assert "Todos, incluidos los finalizados" in everyone and "Finalizado" in everyone
    client = spanish.get(f"/clients/{people.client.pk}/").content.decode()
    assert ", finalizado el " in client and "terminado el" not in client


def test_english_stays_the_default(client, people):
    client.force_login(people.therapist)
    assert "<h1>Your caseload</h1>" in client.get("/caseload/").content.decode()

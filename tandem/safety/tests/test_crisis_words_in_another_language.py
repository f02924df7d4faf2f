"""The practice's own crisis text and contacts are its words, in its language: a crisis page read
in another language (a Spanish-speaking client of an English-speaking practice) marks them with
their language for a screen reader, as it marks a questionnaire shown in English. Tandem's own
text, and a practice writing in the reader's language, need no mark."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import translation

from tandem.links.actions import create_link
from tandem.links.tests.conftest import path_of
from tandem.safety.actions import practice_safety

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}
OWN_TEXT = "Call 999 or go to A&E now."


@pytest.fixture(autouse=True)
def _english_after() -> Any:
    yield
    translation.deactivate()


def _practice_writes(people: Any, text: str = OWN_TEXT) -> None:
    safety = practice_safety(people.practice.pk)
    safety.crisis_text = text
    safety.crisis_contacts = "Duty line: 0117 496 0000"
    safety.save()


def test_a_spanish_reader_sees_the_practice_s_english_words_marked(client, people) -> None:
    _practice_writes(people)
    client.force_login(people.client_user)
    html = client.get("/portal/support/", **SPANISH).content.decode()
    assert f'<p class="lead" lang="en-gb">{OWN_TEXT.replace("&", "&amp;")}</p>' in html
    assert '<ul class="contacts" lang="en-gb">' in html
    assert "Qué hacer ahora" in html


def test_through_a_link_too(client, people) -> None:
    _practice_writes(people)
    made = create_link(people.therapist, people.session, via="therapist")
    html = client.get(path_of(made) + "support/", **SPANISH).content.decode()
    assert '<p class="lead" lang="en-gb">' in html


def test_tandem_s_own_text_and_a_practice_in_the_reader_s_language_are_not_marked(
    client, people
) -> None:
    client.force_login(people.client_user)
    html = client.get("/portal/support/", **SPANISH).content.decode()
    assert '<p class="lead">Si sientes que podrías actuar' in html
    _practice_writes(people, "Llama al 112.")
    people.practice.language = "es"
    people.practice.save(update_fields=["language"])
    html = client.get("/portal/support/", **SPANISH).content.decode()
    assert '<p class="lead">Llama al 112.</p>' in html and 'lang="en' not in html.split("<main")[1]
    # An English reader of that Spanish-speaking practice gets its words marked as Spanish.
    html = client.get("/portal/support/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<p class="lead" lang="es">Llama al 112.</p>' in html

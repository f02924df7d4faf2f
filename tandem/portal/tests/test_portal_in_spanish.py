"""A client whose browser asks for Spanish reads the portal, a questionnaire and the crisis page
in Spanish; a questionnaire Tandem has no Spanish for says so, in Spanish."""

import pytest

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


def test_the_portal_s_home_is_in_spanish(client, people):
    client.force_login(people.client_user)
    text = client.get("/portal/", **SPANISH).content.decode()
    for words in (
        "Hola, Ada L.",
        "Pendiente ahora",
        "¿Qué tal tu última sesión?",
        "Qué hacer en una crisis",
    ):
        assert words in text
    assert "Due now" not in text


def test_the_phq9_says_in_spanish_that_it_is_shown_in_english(client, people):
    client.force_login(people.client_user)
    page = client.get(f"/portal/sessions/{people.session.pk}/phq9/", **SPANISH)
    text = page.content.decode()
    note = "Este cuestionario no está disponible en español; se muestra en inglés."
    assert f'<p class="card small" id="language-note">{note}</p>' in text
    assert "Enviar" in text


def test_the_crisis_page_s_fixed_words_are_in_spanish(client, people):
    client.force_login(people.client_user)
    text = client.get("/portal/support/", **SPANISH).content.decode()
    assert "Qué hacer ahora" in text
    assert "llama al número de emergencias de tu zona" in text
    assert "Tandem no es un servicio de emergencias" in text


def test_an_english_browser_sees_no_spanish(client, people):
    client.force_login(people.client_user)
    text = client.get("/portal/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Due now" in text
    assert "Pendiente" not in text

"""A client chooses the language Tandem speaks to them in from their portal settings, and comes
back to the settings page in it; a language Tandem does not offer is refused and changes
nothing."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

SETTINGS = "/portal/settings/"


@pytest.fixture
def ada(people: Any) -> Client:
    """Ada's browser, which asks for English."""
    browser = Client(headers={"accept-language": "en"})
    browser.force_login(people.client_user)
    return browser


def _choose(browser: Client, language: str, back: str = SETTINGS) -> Any:
    return browser.post("/accounts/language/", {"language": language, "next": back})


def test_the_settings_page_offers_each_language_in_its_own_name(ada: Client) -> None:
    page = ada.get(SETTINGS).content.decode()
    assert 'action="/accounts/language/"' in page
    assert f'name="next" value="{SETTINGS}"' in page
    assert '<option value="browser" selected>My browser&#x27;s language</option>' in page
    assert '<option value="es">Español</option>' in page


def test_after_choosing_spanish_the_client_is_back_on_settings_in_spanish(
    ada: Client, people: Any
) -> None:
    done = _choose(ada, "es")
    assert done.status_code == 302 and done.url == SETTINGS
    people.client_user.refresh_from_db()
    assert people.client_user.language == "es"
    page = ada.get(SETTINGS)
    html = page.content.decode()
    # In Spanish although the browser asks for English: the choice comes first.
    assert page["Content-Language"] == "es" and '<html lang="es"' in html
    assert "Tandem ya te habla en este idioma." in html
    assert "Tus decisiones" in html and "Your choices" not in html
    assert '<option value="es" selected>Español</option>' in html
    [event] = AuditEvent.objects.filter(action="account.language", actor=people.client_user)
    assert event.detail == {"language": "es"}


def test_the_rest_of_the_portal_follows_the_choice(ada: Client) -> None:
    _choose(ada, "es")
    assert "Pendiente ahora" in ada.get("/portal/").content.decode()
    assert "¿Me está funcionando la terapia?" in ada.get("/portal/progress/").content.decode()


@pytest.mark.parametrize("forged", ["xx", "en-xa", "ES; DROP", "", "de"])
def test_a_language_that_is_not_offered_is_refused_and_changes_nothing(
    ada: Client, people: Any, forged: str
) -> None:
    _choose(ada, "es")
    refused = _choose(ada, forged)
    assert refused.status_code == 302 and refused.url == SETTINGS
    people.client_user.refresh_from_db()
    assert people.client_user.language == "es"
    html = ada.get(SETTINGS).content.decode()
    assert "Elige uno de los idiomas disponibles." in html
    assert AuditEvent.objects.filter(action="account.language").count() == 1


def test_going_back_to_the_browser_s_language(ada: Client, people: Any) -> None:
    _choose(ada, "es")
    _choose(ada, "browser")
    people.client_user.refresh_from_db()
    assert people.client_user.language == ""
    html = ada.get(SETTINGS).content.decode()
    assert '<html lang="en' in html and "Tandem now speaks to you in this language." in html
    assert AuditEvent.objects.filter(action="account.language").count() == 2


def test_a_choice_cannot_send_the_client_to_another_site(ada: Client, people: Any) -> None:
    done = _choose(ada, "es", back="https://elsewhere.test/portal/settings/")
    assert done.url == "/accounts/sessions/"
    people.client_user.refresh_from_db()
    assert people.client_user.language == "es"


def test_choosing_needs_a_signed_in_person_and_a_post(people: Any) -> None:
    nobody = Client()
    sent = nobody.post("/accounts/language/", {"language": "es", "next": SETTINGS})
    assert sent.status_code == 302 and "/accounts/login/" in sent.url
    ada = Client()
    ada.force_login(people.client_user)
    assert ada.get("/accounts/language/?language=es").status_code == 405
    people.client_user.refresh_from_db()
    assert people.client_user.language == ""
    assert not AuditEvent.objects.filter(action="account.language").exists()

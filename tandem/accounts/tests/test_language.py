"""Each person reads Tandem in their language: the one they chose, else the first their browser
asks for that Tandem has, else their practice's, else English (docs/i18n.md)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tandem.accounts.language import recipient_language, writing_to

pytestmark = pytest.mark.django_db

SPANISH_SIGN_IN = "Inicia sesión en Tandem"


def test_someone_whose_browser_asks_for_spanish_gets_the_sign_in_page_in_spanish(db):
    response = Client(headers={"accept-language": "es-MX,es;q=0.9,en;q=0.5"}).get(
        "/accounts/login/"
    )
    html = response.content.decode()
    assert '<html lang="es" dir="ltr">' in html
    assert SPANISH_SIGN_IN in html and "Correo electrónico" in html
    assert response["Content-Language"] == "es"
    assert "Accept-Language" in response["Vary"]


def test_a_browser_asking_for_a_language_tandem_lacks_gets_english(db):
    response = Client(headers={"accept-language": "de-DE,fr;q=0.8"}).get("/accounts/login/")
    html = response.content.decode()
    assert '<html lang="en-gb" dir="ltr">' in html and "Sign in to Tandem" in html


def test_another_english_gets_the_english_tandem_has(db):
    response = Client(headers={"accept-language": "en-US"}).get("/accounts/login/")
    assert '<html lang="en-gb"' in response.content.decode()


def test_the_person_s_choice_wins_over_their_browser(people):
    people.therapist.language = "es"
    people.therapist.save()
    browser = Client(headers={"accept-language": "en-GB"})
    browser.force_login(people.therapist)
    html = browser.get("/accounts/sessions/").content.decode()
    assert '<html lang="es"' in html and "Cerrar sesión" in html
    # Nobody else is affected: the next person, in the same server thread, reads English.
    browser.force_login(people.colleague)
    assert '<html lang="en-gb"' in browser.get("/accounts/sessions/").content.decode()


def test_the_practice_s_language_when_the_browser_asks_for_none_tandem_has(people):
    people.practice.language = "es"
    people.practice.save()
    browser = Client(headers={"accept-language": "de"})
    browser.force_login(people.therapist)
    assert '<html lang="es"' in browser.get("/accounts/sessions/").content.decode()
    # The browser's own language, when Tandem has it, comes before the practice's.
    english = Client(headers={"accept-language": "en"})
    english.force_login(people.therapist)
    assert '<html lang="en-gb"' in english.get("/accounts/sessions/").content.decode()
    # Someone not signed in belongs to no practice yet.
    assert (
        '<html lang="en-gb"'
        in Client(headers={"accept-language": "de"}).get("/accounts/login/").content.decode()
    )


def test_a_language_no_longer_offered_falls_back(people, settings):
    people.therapist.language = "fr"  # chosen once, the language since taken away
    people.therapist.save()
    browser = Client()
    browser.force_login(people.therapist)
    assert '<html lang="en-gb"' in browser.get("/accounts/sessions/").content.decode()


def test_the_page_s_language_does_not_outlive_the_request(people):
    Client(headers={"accept-language": "es"}).get("/accounts/login/")
    assert translation.get_language() != "es"


def test_an_email_is_written_in_the_recipient_s_language(people):
    assert recipient_language(people.client_user) == "en-gb"
    people.practice.language = "es"
    assert recipient_language(people.client_user) == "es"
    people.client_user.language = "en-gb"
    assert recipient_language(people.client_user) == "en-gb"
    # With no choice of their own, the page they asked from comes before the practice's.
    people.client_user.language = ""
    assert recipient_language(people.client_user, reading="en-gb") == "en-gb"
    with translation.override("en-gb"), writing_to(people.therapist) as language:
        assert language == "es" and translation.get_language() == "es"
    assert translation.get_language() != "es"

"""Each person reads Tandem in their language: the one they chose, else the first their browser
asks for that Tandem has, else their practice's, else English (docs/i18n.md)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import translation

from tandem.accounts.language import recipient_language, writing_to

pytestmark = pytest.mark.django_db

SPANISH_SIGN_IN = "Entra en Tandem"


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
    assert '<html lang="es"' in html and ">Salir</button>" in html
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


def test_a_password_reset_email_is_in_the_language_of_the_page_it_was_asked_from(
    people, mailoutbox
):
    Client(headers={"accept-language": "es"}).post(
        "/accounts/password/forgotten/", {"email": people.therapist.email}
    )
    [mail] = mailoutbox
    assert mail.subject == "Elegir una contraseña nueva para Tandem"
    assert "Abre este enlace para hacerlo" in mail.body
    # Someone who chose a language gets it, whatever the page asking was in.
    people.colleague.language = "es"
    people.colleague.save()
    Client(headers={"accept-language": "en"}).post(
        "/accounts/password/forgotten/", {"email": people.colleague.email}
    )
    assert mailoutbox[1].subject == "Elegir una contraseña nueva para Tandem"


def test_a_person_chooses_their_language_on_the_account_page(people):
    browser = Client(headers={"accept-language": "en"})
    browser.force_login(people.therapist)
    page = browser.get("/accounts/sessions/").content.decode()
    assert '<option value="es">Español</option>' in page
    done = browser.post("/accounts/language/", {"language": "es", "next": "/accounts/sessions/"})
    assert done.url == "/accounts/sessions/"
    people.therapist.refresh_from_db()
    assert people.therapist.language == "es"
    after = browser.get("/accounts/sessions/").content.decode()
    assert '<html lang="es"' in after and "Tandem ya te habla en este idioma." in after
    # Back to the browser's language; a language Tandem does not offer is refused.
    browser.post("/accounts/language/", {"language": "browser"})
    people.therapist.refresh_from_db()
    assert people.therapist.language == ""
    refused = browser.post("/accounts/language/", {"language": "xx", "next": "https://evil.test/"})
    assert refused.url == "/accounts/sessions/"
    people.therapist.refresh_from_db()
    assert people.therapist.language == ""
    from tandem.audit.models import AuditEvent

    assert AuditEvent.objects.filter(action="account.language", actor=people.therapist).count() == 2


def test_the_practice_admin_sets_the_practice_s_language(people):
    admin = Client()
    admin.force_login(people.admin)
    assert admin.get("/practice/language/").status_code == 200
    assert admin.post("/practice/language/", {"language": "es"}).status_code == 302
    people.practice.refresh_from_db()
    assert people.practice.language == "es"
    assert admin.post("/practice/language/", {"language": "xx"}).status_code == 400
    people.practice.refresh_from_db()
    assert people.practice.language == "es"
    # Only the admin: a therapist of the practice does not get the page.
    therapist = Client()
    therapist.force_login(people.therapist)
    assert therapist.get("/practice/language/").status_code == 404


def test_a_new_account_chooses_its_language_with_its_password(people):
    from urllib.parse import urlsplit

    from tandem.accounts.actions import invite_person

    sent = invite_person(people.therapist, people.practice, "nuevo@harbour.test", "client")
    browser = Client(headers={"accept-language": "es"})
    path = urlsplit(sent.link).path
    page = browser.get(path).content.decode()
    # Offered in the language the page is in.
    assert '<option value="es" selected>Español</option>' in page
    browser.post(
        path,
        {
            "password1": "una-contraseña-larga",
            "password2": "una-contraseña-larga",
            "language": "es",
        },
    )
    from tandem.accounts.models import User

    assert User.objects.get(email="nuevo@harbour.test").language == "es"

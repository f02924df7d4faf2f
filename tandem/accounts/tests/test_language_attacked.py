"""The language machinery under attack (docs/i18n.md): headers a browser or a script may send, a
choice forged or sent from elsewhere, a language that must not outlive its request or its email,
and data that looks like a translation's placeholders."""

from __future__ import annotations

import re
import threading
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest, HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone, translation
from django.utils.translation import gettext

from tandem.accounts.forms import LanguageForm, PracticeLanguageForm
from tandem.accounts.middleware import LanguageMiddleware
from tandem.accounts.models import User
from tandem.errors import ActionError

pytestmark = pytest.mark.django_db

OFFERED = {"en-gb", "es"}


def _lang(response: Any) -> str:
    found = re.search(r'<html lang="([^"]+)" dir="([a-z]+)">', response.content.decode())
    assert found, response.content[:300]
    return f"{found[1]} {found[2]}"


# --- Accept-Language ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("es", "es"),
        ("ES-mx", "es"),
        ("es-419", "es"),  # Latin American Spanish
        ("zh-Hant-TW, es;q=0.5", "es"),
        ("zh-Hant", "en-gb"),
        ("en;q=0.8, es", "es"),  # the highest quality first, wherever it stands
        ("es;q=0.5, en;q=0.8", "en-gb"),
        ("de, es;q=0", "en-gb"),  # q=0 is "not Spanish"
        ("es;q=0.000", "en-gb"),
        ("*", "en-gb"),
        ("de, *;q=0.5, es;q=0.1", "en-gb"),  # any other language: Tandem's own
        ("es;q=abc", "en-gb"),  # malformed: as if none was asked for
        ("es;q=2", "en-gb"),
        (";;;,,,", "en-gb"),
        ("español", "en-gb"),
        ("es_ES", "en-gb"),
        ("es-" + "x" * 10_000, "en-gb"),  # one huge code: not parsed
        ("es," + "de," * 4_000 + "fr", "es"),  # huge: what fits is parsed
        ("de," * 4_000 + "es", "en-gb"),
        ("en-xa", "en-gb"),  # the test suite's pseudo-languages are nobody's language
        ("ar-xb, en-xa", "en-gb"),
        ("ar", "en-gb"),
    ],
)
def test_a_browser_header_never_breaks_the_page_or_picks_a_language_not_asked_for(
    header: str, expected: str
) -> None:
    response = Client(headers={"accept-language": header}).get("/accounts/login/")
    assert response.status_code == 200
    assert _lang(response) == f"{expected} ltr"
    assert response["Content-Language"] == expected
    assert "Accept-Language" in response["Vary"]


# --- The pseudo-languages are for the test suite ----------------------------------------------------


def test_the_pseudo_languages_are_never_offered_or_accepted(people: Any) -> None:
    offered = {code for code, _ in LanguageForm().fields["language"].choices}
    assert offered == OFFERED | {LanguageForm.BROWSER}
    assert {code for code, _ in PracticeLanguageForm().fields["language"].choices} == OFFERED
    browser = Client()
    browser.force_login(people.therapist)
    for code in ("en-xa", "ar-xb", "EN-GB", "es ", "es-mx", "fr", ""):
        browser.post("/accounts/language/", {"language": code})
        people.therapist.refresh_from_db()
        assert people.therapist.language == "", code
    admin = Client()
    admin.force_login(people.admin)
    for code in ("en-xa", "ar-xb", "browser", ""):
        assert admin.post("/practice/language/", {"language": code}).status_code == 400
    people.practice.refresh_from_db()
    assert people.practice.language == ""
    from tandem.accounts.actions import set_language, set_practice_language

    with pytest.raises(ActionError):
        set_language(people.therapist, "ar-xb")
    with pytest.raises(ActionError):
        set_practice_language(people.admin, "en-xa")


def test_a_stored_code_tandem_does_not_have_falls_back_everywhere(people: Any) -> None:
    """A code put in the database by hand (or left from a language since taken away)."""
    from tandem.accounts.language import recipient_language

    User.objects.filter(pk=people.client_user.pk).update(language="en-xa")
    people.practice.language = "ar-xb"
    people.practice.save(update_fields=["language"])
    people.client_user.refresh_from_db()
    assert recipient_language(people.client_user) == "en-gb"
    browser = Client()
    browser.force_login(people.client_user)
    assert _lang(browser.get("/accounts/sessions/")) == "en-gb ltr"


# --- The language form ----------------------------------------------------------------------------


def test_a_language_sent_from_another_site_is_refused(people: Any) -> None:
    browser = Client(enforce_csrf_checks=True, headers={"accept-language": "es"})
    browser.force_login(people.therapist)
    # No token: a form on another site cannot have it.
    refused = browser.post("/accounts/language/", {"language": "es"})
    assert refused.status_code == 403
    assert _lang(refused) == "es ltr"  # the refusal in the reader's language
    # The token, stolen or not, sent from another origin.
    page = browser.get("/accounts/sessions/").content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
    assert token
    elsewhere = browser.post(
        "/accounts/language/",
        {"language": "es", "csrfmiddlewaretoken": token[1]},
        headers={"origin": "https://evil.test"},
    )
    assert elsewhere.status_code == 403
    people.therapist.refresh_from_db()
    assert people.therapist.language == ""
    # From the page itself it works.
    done = browser.post("/accounts/language/", {"language": "es", "csrfmiddlewaretoken": token[1]})
    assert done.status_code == 302
    people.therapist.refresh_from_db()
    assert people.therapist.language == "es"


@pytest.mark.parametrize(
    "back",
    [
        "https://evil.test/",
        "//evil.test/",
        "/\\evil.test",
        "\\\\evil.test",
        "http:evil.test",
        "https:/evil.test",
        "javascript:alert(1)",
        " //evil.test",
        "\t//evil.test",
        "//testserver@evil.test/",
        "http://testserver/accounts/sessions/",  # the same site, but no longer encrypted
    ],
)
def test_the_way_back_never_leaves_the_site(people: Any, back: str) -> None:
    browser = Client()
    browser.force_login(people.therapist)
    done = browser.post("/accounts/language/", {"language": "es", "next": back}, secure=True)
    assert done.status_code == 302
    assert done["Location"] == "/accounts/sessions/", back


def test_the_way_back_to_a_page_of_the_site_is_kept(people: Any) -> None:
    browser = Client()
    browser.force_login(people.client_user)
    done = browser.post("/accounts/language/", {"language": "es", "next": "/portal/?tab=1"})
    assert done["Location"] == "/portal/?tab=1"


def test_nobody_chooses_for_someone_else(people: Any) -> None:
    browser = Client()
    browser.force_login(people.therapist)
    browser.post(
        "/accounts/language/",
        {"language": "es", "user": people.colleague.pk, "pk": people.colleague.pk},
    )
    people.colleague.refresh_from_db()
    people.therapist.refresh_from_db()
    assert (people.colleague.language, people.therapist.language) == ("", "es")
    # Nor a practice for another: the admin's own practice is the only one there is to set.
    admin = Client()
    admin.force_login(people.admin)
    admin.post("/practice/language/", {"language": "es", "practice": people.other_practice.pk})
    people.other_practice.refresh_from_db()
    people.practice.refresh_from_db()
    assert (people.other_practice.language, people.practice.language) == ("", "es")
    # Someone signed out has no language to choose: the sign-in page, and nothing stored.
    anonymous = Client().post("/accounts/language/", {"language": "es"})
    assert anonymous.status_code == 302 and "/accounts/login/" in anonymous["Location"]


# --- Headers, error pages, files ------------------------------------------------------------------


def test_error_pages_say_their_language_and_vary_with_the_browser(settings: Any) -> None:
    settings.DEBUG = False
    settings.ROOT_URLCONF = "tests.i18n.urls"
    browser = Client(headers={"accept-language": "es"}, raise_request_exception=False)
    for path, status in (("/no-such-page/", 404), ("/test-errors/500/", 500)):
        response = browser.get(path)
        assert response.status_code == status
        assert _lang(response) == "es ltr"
        assert response["Content-Language"] == "es"
        assert "Accept-Language" in response["Vary"]
    # The failed request left no language behind in this thread.
    assert translation.get_language() == "en-gb"


def test_a_request_that_raises_leaves_no_language_behind(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.i18n.urls"
    with pytest.raises(RuntimeError):
        Client(headers={"accept-language": "es"}).get("/test-errors/500/")
    assert translation.get_language() == "en-gb"
    assert gettext("Sign out") == "Sign out"


def test_a_static_file_is_the_same_in_every_language() -> None:
    response = Client(headers={"accept-language": "es"}).get("/static/tandem/tandem.css")
    assert response.status_code == 200
    assert "Content-Language" not in response
    assert "Accept-Language" not in response.get("Vary", "")


# --- Threads --------------------------------------------------------------------------------------


def test_two_requests_at_once_in_two_threads_keep_their_own_language() -> None:
    """gunicorn --threads: each thread serves a request of its own at the same time. Both are
    held inside their page until both have started, then each says "Sign out" in its own
    language."""
    both_in = threading.Barrier(2, timeout=30)
    said: dict[str, str] = {}

    def view(request: HttpRequest) -> HttpResponse:
        both_in.wait()
        said[request.headers["Accept-Language"]] = gettext("Sign out")
        both_in.wait()
        return HttpResponse()

    middleware = LanguageMiddleware(view)
    factory = RequestFactory()

    def serve(language: str) -> None:
        request = factory.get("/accounts/login/", headers={"accept-language": language})
        request.user = AnonymousUser()
        middleware(request)

    threads = [threading.Thread(target=serve, args=(code,)) for code in ("es", "en")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert said == {"es": "Salir", "en": "Sign out"}
    assert translation.get_language() == "en-gb"


# --- Data that looks like a placeholder or like HTML -------------------------------------------------


def test_a_name_with_html_and_placeholders_is_shown_as_written_in_spanish(people: Any) -> None:
    name = "<script>alert(1)</script> 100% %(on)s {count} %s"
    people.client.display_name = name
    people.client.save(update_fields=["display_name"])
    people.episode.pause_requested_at = timezone.now()
    people.episode.save(update_fields=["pause_requested_at"])
    browser = Client(headers={"accept-language": "es"})
    browser.force_login(people.therapist)
    html = browser.get(f"/clients/{people.client.pk}/").content.decode()
    assert "<script>alert(1)</script>" not in html
    shown = "&lt;script&gt;alert(1)&lt;/script&gt; 100% %(on)s {count} %s"
    # The sentence around it is the translation's, with the name as it was typed.
    assert f"<strong>{shown} pidió una pausa</strong>" in html


def test_the_core_s_sentences_take_data_as_it_is() -> None:
    from tandem.core.words import Listed, Said
    from tandem.web.words import say

    said = Said("{first} and {second}", {"first": "{second} %(x)s", "second": Listed((1.5, 2))})
    with translation.override("es"):
        assert say(said) == "{second} %(x)s y 1,5 y 2"
    assert str(said) == "{second} %(x)s and 1.5 and 2"


def test_an_email_to_a_practice_whose_name_looks_like_a_placeholder(
    people: Any, mailoutbox: Any, django_capture_on_commit_callbacks: Any
) -> None:
    from tandem.accounts.actions import invite_person

    people.practice.name = "Salud 100% %(practice)s {link} <b>"
    people.practice.language = "es"
    people.practice.save(update_fields=["name", "language"])
    with django_capture_on_commit_callbacks(execute=True):
        invite_person(people.admin, people.practice, "nueva@harbour.test", "client")
    [mail] = mailoutbox
    assert mail.subject == "Salud 100% %(practice)s {link} <b> te invita a Tandem"


# --- A worker that writes to people in different languages -------------------------------------


def test_a_worker_writes_each_email_in_its_recipient_s_language_one_after_another(
    people: Any, db_tasks: None, run_worker: Any, mailoutbox: Any
) -> None:
    from tandem.accounts.actions import invite_person

    people.practice.language = "es"
    people.practice.save(update_fields=["language"])
    # Queued in this order, sent by one worker in one thread: Spanish, English, Spanish.
    invite_person(people.admin, people.practice, "uno@harbour.test", "client")
    invite_person(people.outsider, people.other_practice, "two@elsewhere.test", "client")
    invite_person(people.admin, people.practice, "tres@harbour.test", "client")
    assert mailoutbox == []
    assert run_worker() == 3
    subjects = {mail.to[0]: mail.subject for mail in mailoutbox}
    assert subjects == {
        "uno@harbour.test": "Harbour te invita a Tandem",
        "two@elsewhere.test": "You are invited to Elsewhere on Tandem",
        "tres@harbour.test": "Harbour te invita a Tandem",
    }
    assert translation.get_language() == "en-gb"

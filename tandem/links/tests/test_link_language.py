"""A personal link's pages are the client's: in the language they chose, else their browser's,
else their practice's, whoever holds the link and whatever its browser asks for. A questionnaire
that has no words in that language says so, on the start page and on its own page."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.utils import translation
from django.utils.translation import gettext

from tandem.links.actions import MadeLink
from tandem.links.tests.conftest import calm_answers, path_of
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db

NOT_IN_SPANISH = "Este cuestionario no está disponible en español; se muestra en inglés."


def _choose(user: Any, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def _open(made: MadeLink, accept: str | None, suffix: str = "") -> Any:
    headers = {"accept-language": accept} if accept else {}
    return Client(headers=headers).get(path_of(made) + suffix)


def test_a_client_who_chose_spanish_gets_it_whatever_the_browser_asks(
    people: Any, made: MadeLink
) -> None:
    _choose(people.client_user, "es")
    page = _open(made, "en-GB,en;q=0.9")
    html = page.content.decode()
    assert page.status_code == 200
    assert page["Content-Language"] == "es" and '<html lang="es"' in html
    assert "Tus cuestionarios" in html and "Empezar" in html
    assert "Your questionnaires" not in html


def test_without_a_choice_the_browser_s_language_then_the_practice_s(
    people: Any, made: MadeLink
) -> None:
    assert "Tus cuestionarios" in _open(made, "es-MX").content.decode()
    assert "Your questionnaires" in _open(made, None).content.decode()
    people.practice.language = "es"
    people.practice.save(update_fields=["language"])
    assert "Tus cuestionarios" in _open(made, None).content.decode()
    # A browser asking for a language Tandem has comes before the practice's.
    assert "Your questionnaires" in _open(made, "en").content.decode()


def test_a_client_who_chose_english_gets_english_from_a_spanish_browser(
    people: Any, made: MadeLink
) -> None:
    _choose(people.client_user, "en-gb")
    html = _open(made, "es").content.decode()
    assert "Your questionnaires" in html and NOT_IN_SPANISH not in html


def test_whoever_is_signed_in_the_link_speaks_the_client_s_language(
    people: Any, made: MadeLink
) -> None:
    _choose(people.client_user, "es")
    _choose(people.therapist, "en-gb")
    browser = Client(headers={"accept-language": "en"})
    browser.force_login(people.therapist)
    assert "Tus cuestionarios" in browser.get(path_of(made)).content.decode()


def test_the_start_page_says_which_questionnaires_are_not_in_spanish(
    people: Any, made: MadeLink
) -> None:
    _choose(people.client_user, "es")
    html = _open(made, "en").content.decode()
    rows = html.split('<ul class="due-list card">', 1)[1].split("</ul>", 1)[0].split("<li>")[1:]
    by_title = {row.split("</span>", 1)[0]: row for row in rows}
    # PHQ-9 and GAD-7 have no Spanish Tandem may use (only official translations): said so, and
    # their English title is marked as English for a screen reader.
    phq9 = by_title['<span><span lang="en">Patient Health Questionnaire (PHQ-9)']
    assert NOT_IN_SPANISH in phq9
    assert (
        NOT_IN_SPANISH
        in by_title['<span><span lang="en">Generalised Anxiety Disorder scale (GAD-7)']
    )
    # Tandem's own scale is in Spanish, with nothing to say.
    partnership = by_title["<span><span>Colaboración en la sesión"]
    assert NOT_IN_SPANISH not in partnership


def test_the_questionnaire_page_says_so_too_and_the_answers_keep_their_language(
    people: Any, made: MadeLink
) -> None:
    _choose(people.client_user, "es")
    browser = Client(headers={"accept-language": "en"})
    html = browser.get(path_of(made) + "phq9/").content.decode()
    assert f'<p class="card small" id="language-note">{NOT_IN_SPANISH}</p>' in html
    assert '<h1 lang="en">Patient Health Questionnaire (PHQ-9)</h1>' in html
    assert "Para tu sesión del" in html and "Enviar" in html
    sent = browser.post(path_of(made) + "phq9/", calm_answers("phq9"), follow=True)
    # Whatever the Spanish catalogues say for it (one text across them all), it is said in Spanish.
    with translation.override("es"):
        thanks = gettext("Thank you — your answers are saved.")
    assert thanks != "Thank you — your answers are saved." and thanks in sent.content.decode()
    partnership = browser.get(path_of(made) + "partnership/").content.decode()
    assert "language-note" not in partnership
    browser.post(path_of(made) + "partnership/", calm_answers("partnership"))
    languages = dict(
        Response.objects.filter(session=people.session).values_list("instrument_id", "language")
    )
    assert languages == {"phq9": "en", "partnership": "es"}


def test_a_used_up_link_thanks_the_client_in_their_language(people: Any, made: MadeLink) -> None:
    from tandem.links.actions import waiting
    from tandem.links.models import QuestionnaireLink

    _choose(people.client_user, "es")
    browser = Client(headers={"accept-language": "en"})
    for instrument in waiting(QuestionnaireLink.objects.get()):
        browser.post(path_of(made) + f"{instrument.id}/", calm_answers(instrument.id))
    page = browser.get(path_of(made))
    assert page.status_code == 410
    assert "Ya has respondido todo aquello para lo que servía este enlace" in page.content.decode()


def test_the_last_answer_is_thanked_once(people: Any, made: MadeLink) -> None:
    """After the last answer the page that says the link has done its job thanks the client; the
    usual "your answers are saved" above it would say the same twice."""
    from tandem.links.actions import waiting
    from tandem.links.models import QuestionnaireLink

    _choose(people.client_user, "es")
    browser = Client(headers={"accept-language": "en"})
    *first, last = waiting(QuestionnaireLink.objects.get())
    for instrument in first:
        browser.post(path_of(made) + f"{instrument.id}/", calm_answers(instrument.id))
    page = browser.post(path_of(made) + f"{last.id}/", calm_answers(last.id), follow=True)
    html = page.content.decode()
    assert page.status_code == 410 and "<h1>Gracias</h1>" in html
    assert html.count("Tus respuestas están guardadas") == 1
    assert 'class="messages"' not in html


def test_a_closed_link_says_entra_never_inicia_sesion(people: Any, made: MadeLink) -> None:
    from tandem.links.actions import revoke_link
    from tandem.links.models import QuestionnaireLink

    revoke_link(people.therapist, QuestionnaireLink.objects.get())
    html = _open(made, "es").content.decode()
    assert "El centro lo retiró." in html and "entra en Tandem" in html
    assert "sesión" not in html.split("<main", 1)[1]


def test_a_link_that_is_not_known_is_in_the_browser_s_language(people: Any) -> None:
    page = Client(headers={"accept-language": "es"}).get("/l/not-a-link/")
    assert page.status_code == 404 and "Este enlace no funciona" in page.content.decode()


def test_a_link_withdrawn_while_the_client_answers_says_so_in_their_language(
    people: Any, made: MadeLink, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page was open when the link was withdrawn: the refusal the answer meets is the
    client's language, not English, and nothing is saved."""
    from django.utils import timezone

    from tandem.links import actions
    from tandem.links.models import QuestionnaireLink

    _choose(people.client_user, "es")
    answer = actions.answer_through_link

    def withdrawn_meanwhile(link: Any, *args: Any, **kwargs: Any) -> Any:
        QuestionnaireLink.objects.filter(pk=link.pk).update(revoked_at=timezone.now())
        return answer(link, *args, **kwargs)

    monkeypatch.setattr(actions, "answer_through_link", withdrawn_meanwhile)
    page = Client(headers={"accept-language": "en"}).post(
        path_of(made) + "phq9/", calm_answers("phq9")
    )
    html = page.content.decode()
    assert page.status_code == 400
    assert "Este enlace ya no funciona; no se ha guardado nada." in html
    assert "no longer works" not in html
    assert not Response.objects.filter(session=people.session).exists()

"""A handed-over device speaks the client's language, not the therapist's it is signed in with:
the client's own choice, else the practice's default, else Tandem's (English). The locked
screen's unlock form, and what the therapist reads once it is unlocked, are the therapist's."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages

from tandem.room.tests.conftest import PASSWORD, hand_over

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es"}


@pytest.fixture
def spanish_therapist_handed(client, people):
    """The therapist reads Tandem in Spanish (their browser asks for it); Ada has chosen no
    language and the practice has no default, so she reads Tandem's default, English."""
    client.force_login(people.therapist)
    client.defaults.update(SPANISH)
    assert (
        "Tu parte de esta sesión" in client.get(f"/sessions/{people.session.pk}/").content.decode()
    )
    hand_over(client, people)
    return client


def test_the_questionnaire_is_in_the_clients_language_not_the_therapists(
    spanish_therapist_handed,
):
    page = spanish_therapist_handed.get("/room/")
    text = page.content.decode()
    assert page.status_code == 200
    assert '<html lang="en-gb"' in text and page["Content-Language"] == "en-gb"
    assert "Stop here and hand back" in text and "Send" in text
    assert "Parar aquí" not in text


def test_the_locked_screen_speaks_to_the_client_and_its_unlock_form_to_the_therapist(
    spanish_therapist_handed,
):
    spanish_therapist_handed.post("/room/lock/", {"reason": "handed_back"})
    text = spanish_therapist_handed.get("/room/").content.decode()
    assert "Please hand this device back to your therapist" in text
    form = text.split('class="card room-unlock"', 1)[1].split("</form>", 1)[0]
    assert 'lang="es"' in form
    assert "Contraseña del terapeuta o PIN del centro" in form and "Desbloquear" in form
    assert "Unlock" not in form


def test_a_wrong_try_is_told_to_the_therapist_in_their_language(spanish_therapist_handed):
    spanish_therapist_handed.post("/room/lock/", {"reason": "handed_back"})
    response = spanish_therapist_handed.post("/room/unlock/", {"secret": "not-it"})
    text = response.content.decode()
    assert response.status_code == 400
    assert "Esa no es la contraseña ni el PIN." in text
    assert "Please hand this device back to your therapist" in text
    empty = spanish_therapist_handed.post("/room/unlock/", {"secret": ""}).content.decode()
    assert "Escribe la contraseña o el PIN para desbloquear." in empty


def test_once_unlocked_the_device_is_the_therapists_again_in_their_language(
    spanish_therapist_handed, people
):
    spanish_therapist_handed.post("/room/lock/", {"reason": "handed_back"})
    response = spanish_therapist_handed.post("/room/unlock/", {"secret": PASSWORD})
    assert response.status_code == 302
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == ["Desbloqueado: el dispositivo vuelve a ser tuyo."]
    page = spanish_therapist_handed.get(f"/sessions/{people.session.pk}/")
    assert page["Content-Language"] == "es"


@pytest.fixture
def spanish_client_handed(client, people):
    """Ada chose Spanish; her therapist reads Tandem in English."""
    people.client_user.language = "es"
    people.client_user.save(update_fields=["language"])
    client.force_login(people.therapist)
    hand_over(client, people)
    return client


def test_a_client_who_chose_spanish_answers_in_spanish(spanish_client_handed):
    page = spanish_client_handed.get("/room/")
    text = page.content.decode()
    assert '<html lang="es" dir="ltr">' in text and page["Content-Language"] == "es"
    assert "Colaboración en la sesión" in text and "Parar aquí y devolverlo" in text
    assert "Stop here and hand back" not in text


def test_the_therapist_unlocks_in_english_from_a_spanish_locked_screen(
    spanish_client_handed, people
):
    spanish_client_handed.post("/room/lock/", {"reason": "handed_back"})
    text = spanish_client_handed.get("/room/").content.decode()
    assert "Devuelve este dispositivo a tu terapeuta, por favor" in text
    form = text.split('class="card room-unlock"', 1)[1].split("</form>", 1)[0]
    assert (
        'lang="en-gb"' in form and "password or practice PIN" in form and "Unlock</button>" in form
    )
    response = spanish_client_handed.post("/room/unlock/", {"secret": PASSWORD})
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Unlocked: the device is yours again."
    ]
    page = spanish_client_handed.get(f"/sessions/{people.session.pk}/")
    assert page["Content-Language"] == "en-gb"


def test_a_client_without_a_choice_reads_the_practices_language(client, people):
    people.practice.language = "es"
    people.practice.save(update_fields=["language"])
    people.therapist.language = "en-gb"
    people.therapist.save(update_fields=["language"])
    client.force_login(people.therapist)
    hand_over(client, people)
    assert "Parar aquí y devolverlo" in client.get("/room/").content.decode()

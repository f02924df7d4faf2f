"""The staff's link pages in Spanish: the link just made, the practice's list and settings, and
what they are told when they save or withdraw."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from tandem.links.actions import create_link
from tandem.links.models import QuestionnaireLink

pytestmark = pytest.mark.django_db


def _spanish(user: Any) -> Client:
    browser = Client(headers={"accept-language": "es"})
    browser.force_login(user)
    return browser


def test_the_link_just_made_is_explained_in_spanish(people: Any) -> None:
    page = _spanish(people.therapist).post(f"/sessions/{people.session.pk}/links/")
    html = page.content.decode()
    assert page.status_code == 201
    assert "Un enlace para Ada\u00a0L." in html
    assert "Abre los cuestionarios de la sesión 1 de Ada\u00a0L. sin entrar en Tandem" in html
    assert "Copiar el enlace" in html and "Volver a la sesión" in html


def test_the_practice_s_links_say_how_each_was_made(people: Any) -> None:
    create_link(people.therapist, people.session, via=QuestionnaireLink.THERAPIST)
    create_link(None, people.session, via=QuestionnaireLink.COMMAND_LINE)
    html = _spanish(people.admin).get("/practice/links/").content.decode()
    assert "Enlaces a cuestionarios" in html
    assert "Un enlace funciona durante … días" in html
    assert "Ada\u00a0L., sesión 1: creado el" in html
    assert "(por el terapeuta)" in html and "(desde la línea de comandos)" in html
    assert "(creado " not in html  # "Creado el … (creado por …)" said it twice
    # In English too, the way it was made reads in the sentence ("API" stays in capitals).
    english = Client(headers={"accept-language": "en"})
    english.force_login(people.admin)
    create_link(None, people.session, via=QuestionnaireLink.API)
    assert "(made through the API)" in english.get("/practice/links/").content.decode()


def test_saving_and_withdrawing_are_said_in_spanish(people: Any) -> None:
    admin = _spanish(people.admin)
    wrong = admin.post("/practice/links/", {"valid_days": "99"})
    assert wrong.status_code == 400
    assert "Los ajustes de los enlaces no se han guardado." in wrong.content.decode()
    assert "Elige un número entero de días entre 1 y 30." in wrong.content.decode()
    saved = admin.post("/practice/links/", {"valid_days": "5"}, follow=True)
    assert "Se han guardado los ajustes de los enlaces a cuestionarios." in saved.content.decode()
    made = create_link(people.therapist, people.session, via=QuestionnaireLink.THERAPIST)
    gone = admin.post(f"/links/{made.link.pk}/withdraw/", {"back": "practice"}, follow=True)
    assert "Enlace retirado: ya no abre nada." in gone.content.decode()
    again = admin.post(f"/links/{made.link.pk}/withdraw/", {"back": "practice"}, follow=True)
    assert "Este enlace ya había dejado de funcionar." in again.content.decode()

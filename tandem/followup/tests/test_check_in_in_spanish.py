"""A follow-up check-in in Spanish, in the portal and through its link: the list of its
questionnaires says which are not in Spanish, and their pages say so too."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import pytest
import time_machine
from django.test import Client

from tandem.followup.actions import open_follow_up
from tandem.links.actions import create_follow_up_link

pytestmark = pytest.mark.django_db

DUE = date(2026, 2, 28)
NOT_IN_SPANISH = "Este cuestionario no está disponible en español; se muestra en inglés."


@pytest.fixture
def check_in(ended):
    with time_machine.travel(DUE, tick=False):
        yield open_follow_up(ended.episode.pk, 1, DUE)


def test_the_check_in_page_says_which_questionnaires_are_not_in_spanish(ended, check_in):
    browser = Client(headers={"accept-language": "es"})
    browser.force_login(ended.client_user)
    html = browser.get(f"/portal/follow-up/{check_in.pk}/").content.decode()
    assert "Tu seguimiento" in html
    steps = html.split('<ol class="due-list">', 1)[1].split("</ol>", 1)[0].split("<li>")[1:]
    assert len(steps) == 3
    phq9, gad7, talk = steps
    assert '<span lang="en">Patient Health Questionnaire (PHQ-9)</span>' in phq9
    assert NOT_IN_SPANISH in phq9 and NOT_IN_SPANISH in gad7
    assert "¿Te gustaría volver a hablar con tu terapeuta?" in talk and NOT_IN_SPANISH not in talk
    page = browser.get(f"/portal/follow-up/{check_in.pk}/phq9/").content.decode()
    assert NOT_IN_SPANISH in page
    assert "Cómo estás ahora, un tiempo después de terminar tu terapia." in page


def test_the_check_in_s_link_is_in_the_client_s_language_and_says_so(ended, check_in):
    ended.client_user.language = "es"
    ended.client_user.save(update_fields=["language"])
    with time_machine.travel(DUE, tick=False):
        made = create_follow_up_link(None, check_in, via="reminder")
        path = urlsplit(made.url).path
        browser = Client(headers={"accept-language": "en"})
        html = browser.get(path).content.decode()
        assert "Unas preguntas breves sobre cómo estás ahora, 1 mes después" in html
        assert html.count(NOT_IN_SPANISH) == 2
        assert NOT_IN_SPANISH in browser.get(path + "gad7/").content.decode()

"""The care pages' smaller forms under attack, read in Spanish: values the page never offers and
garbled posts are refused with nothing changed, each refusal said in the therapist's language.
(Who may post to which address is tests/security/test_authorization_matrix.py's.)"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from tandem.care.actions import add_goal, save_plan
from tandem.care.models import Episode, Goal, PracticePlan, Session

pytestmark = pytest.mark.django_db


@pytest.fixture
def therapist(people: Any) -> Client:
    browser = Client(headers={"accept-language": "es"})
    browser.force_login(people.therapist)
    return browser


def _said(response: Any) -> str:
    html = response.content.decode()
    found = re.findall(r'<li class="(?:error|success|info)">(.*?)</li>', html)
    found += re.findall(r'<ul class="errorlist"[^>]*>\s*<li>(.*?)</li>', html)
    return " ".join(found)


@pytest.mark.parametrize("active", ["yes", "", "2", "1 "])
def test_a_garbled_post_neither_finishes_nor_restarts_a_practice_plan(
    therapist: Client, people: Any, active: str
) -> None:
    plan = save_plan(people.therapist, people.episode, "Walk after lunch")
    sent = therapist.post(f"/plans/{plan.pk}/active/", {"active": active})
    assert sent.status_code == 400
    assert PracticePlan.objects.get(pk=plan.pk).active


def test_a_plan_is_finished_and_started_again_by_its_buttons(
    therapist: Client, people: Any
) -> None:
    plan = save_plan(people.therapist, people.episode, "Walk after lunch")
    assert therapist.post(f"/plans/{plan.pk}/active/", {"active": "0"}).status_code == 302
    assert not PracticePlan.objects.get(pk=plan.pk).active
    assert therapist.post(f"/plans/{plan.pk}/active/", {"active": "1"}).status_code == 302
    assert PracticePlan.objects.get(pk=plan.pk).active


@pytest.mark.parametrize(
    ("form", "said"),
    [
        (
            {"version": "abc", "text": "Dormir", "status": "active", "progress": "4"},
            "El formulario llegó sin su versión",
        ),
        (
            {"version": "1", "text": "Dormir", "status": "done", "progress": "4"},
            "Estado: Elige una de las opciones que se ofrecen",
        ),
        (
            {"version": "1", "text": "Dormir", "status": "active", "progress": "-1"},
            "Progreso (0–10): Elige un número del 0 al 10.",
        ),
        (
            {"version": "1", "text": "   ", "status": "active", "progress": ""},
            "Objetivo: Este campo es obligatorio.",
        ),
    ],
)
def test_a_goal_edit_the_page_never_sends_is_refused_in_spanish(
    therapist: Client, people: Any, form: dict[str, str], said: str
) -> None:
    goal = add_goal(people.therapist, people.episode, "Sleep through the night")
    sent = therapist.post(f"/goals/{goal.pk}/", form)
    assert sent.status_code == 400
    assert "El objetivo no se cambió." in _said(sent) and said in _said(sent)
    goal.refresh_from_db()
    assert (goal.text, goal.status, goal.version) == ("Sleep through the night", "active", 1)


def test_an_old_version_of_a_goal_keeps_what_was_typed_beside_the_latest(
    therapist: Client, people: Any
) -> None:
    goal = add_goal(people.therapist, people.episode, "Sleep through the night")
    Goal.objects.filter(pk=goal.pk).update(version=2, text="Sleep six hours")
    page = therapist.post(
        f"/goals/{goal.pk}/",
        {"version": "1", "text": "Dormir ocho horas", "status": "active", "progress": "3"},
    )
    assert page.status_code == 200
    assert "Otra persona cambió este objetivo mientras lo editabas." in _said(page)
    assert "Dormir ocho horas" in page.content.decode()
    assert Goal.objects.get(pk=goal.pk).text == "Sleep six hours"


def test_a_session_the_page_never_offers_is_refused_in_spanish(
    therapist: Client, people: Any
) -> None:
    episode = people.episode
    tomorrow = timezone.localdate() + timedelta(days=1)
    for form, said in (
        ({"date": str(tomorrow), "attendance": "attended"}, "no puede ser futura"),
        ({"date": "2024-12-31", "attendance": "attended"}, "Este episodio empezó el"),
        ({"date": str(timezone.localdate()), "attendance": "late"}, "Asistencia: Elige una"),
        ({"date": "mañana", "attendance": "attended"}, "Fecha: "),
    ):
        sent = therapist.post(f"/episodes/{episode.pk}/sessions/new/", form)
        assert sent.status_code == 400, form
        assert "La sesión no se registró." in _said(sent) and said in _said(sent), form
    assert Session.objects.filter(episode=episode).count() == 1


def test_pausing_twice_or_resuming_an_active_episode_says_why_not(
    therapist: Client, people: Any
) -> None:
    episode = people.episode
    resumed = therapist.post(f"/episodes/{episode.pk}/resume/", {"note": ""}, follow=True)
    assert "Solo se puede reanudar un episodio en pausa." in _said(resumed)
    therapist.post(f"/episodes/{episode.pk}/pause/", {"note": ""})
    again = therapist.post(f"/episodes/{episode.pk}/pause/", {"note": ""}, follow=True)
    assert "Solo se puede pausar un episodio activo." in _said(again)
    assert Episode.objects.get(pk=episode.pk).status == Episode.PAUSED


def test_a_session_deleted_elsewhere_is_said_once_and_another_practices_episode_is_not_found(
    therapist: Client, people: Any
) -> None:
    session = people.session
    gone = {"reason": "Recorded twice", "confirm": "on", "episode": str(people.episode.pk)}
    assert therapist.post(f"/sessions/{session.pk}/delete/", gone).status_code == 302
    again = therapist.post(f"/sessions/{session.pk}/delete/", gone, follow=True)
    assert "Esa sesión ya se había borrado (quizá en otra ventana)" in _said(again)
    # The form's episode is only a way back: another practice's is not found, not revealed.
    theirs = Episode.objects.get(client=people.outsider_client)
    elsewhere = therapist.post(
        f"/sessions/{session.pk}/delete/", {**gone, "episode": str(theirs.pk)}
    )
    assert elsewhere.status_code == 404

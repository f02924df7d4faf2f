"""Answers a client gave on paper, by phone or aloud, entered by their therapist (issue 19.5):
scored like any answers, kept as the client's, with who entered them and how; refused to anyone
but the client's therapist, and refused (nothing lost) where the session already has them."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.audit.models import AuditEvent
from tandem.care.models import Client, Episode, Session
from tandem.errors import ActionError
from tandem.measures.actions import AlreadyAnswered, submit_response
from tandem.measures.models import Response
from tandem.safety.models import RiskAlert

pytestmark = pytest.mark.django_db


def phq9(**answers: int) -> dict[str, int]:
    out = {f"q{i}": 1 for i in range(1, 10)}
    out.update(answers)
    out["q9"] = answers.get("q9", 0)
    return out


def form(answers: dict[str, int], method: str = "paper") -> dict[str, Any]:
    return {"method": method, **{k: str(v) for k, v in answers.items()}}


def url(session: Any, instrument: str = "phq9") -> str:
    return f"/sessions/{session.pk}/enter/{instrument}/"


def test_entered_answers_score_as_the_clients_own_and_say_who_entered_them(people: Any) -> None:
    answers = phq9(q1=3, q2=2)
    later = Session.objects.create(episode=people.episode, number=2, date=people.session.date)
    own = submit_response(people.client_user, people.episode, "phq9", answers, session=later)
    entered = submit_response(
        people.therapist,
        people.episode,
        "phq9",
        answers,
        session=people.session,
        method=Response.PAPER,
    )
    a, b = own.response, entered.response
    b.refresh_from_db()
    assert (b.total, b.severity, b.subscales, b.answers, b.complete) == (
        a.total,
        a.severity,
        a.subscales,
        a.answers,
        a.complete,
    )
    assert b.respondent == people.client_user and b.respondent_role == Response.CLIENT
    assert (b.entered_by, b.entry_method) == (people.therapist, Response.PAPER)
    assert (a.entered_by, a.entry_method) == (None, Response.SELF)
    event = AuditEvent.objects.get(action="response.enter")
    assert event.actor_id == people.therapist.pk and event.client_id == people.client.pk
    assert event.object_id == str(b.pk)
    assert event.detail == {"instrument": "phq9", "method": "paper"}


def test_a_client_without_a_portal_login_can_have_answers_entered(people: Any) -> None:
    client = Client.objects.create(
        practice=people.practice, display_name="Dee P.", therapist=people.therapist
    )
    episode = Episode.objects.create(client=client, therapist=people.therapist, number=1)
    session = Session.objects.create(episode=episode, number=1, date=people.session.date)
    done = submit_response(
        people.therapist,
        episode,
        "gad7",
        {f"q{i}": 2 for i in range(1, 8)},
        session=session,
        method=Response.PHONE,
    )
    assert done.response.respondent is None and done.response.total == 14
    assert done.response.entered_by == people.therapist


@pytest.mark.parametrize("who", ["colleague", "supervisor", "admin", "outsider", "client_user"])
def test_only_the_clients_therapist_can_enter_their_answers(people: Any, who: str) -> None:
    with pytest.raises(ActionError):
        submit_response(
            getattr(people, who),
            people.episode,
            "phq9",
            phq9(),
            session=people.session,
            method=Response.PAPER,
        )
    assert not Response.objects.exists()


@pytest.mark.parametrize("instrument", ["partnership_mirror", "reflection", "practice_log"])
def test_only_the_clients_session_questionnaires_can_be_entered(
    people: Any, instrument: str
) -> None:
    with pytest.raises(ActionError, match="not one of the client's questionnaires"):
        submit_response(
            people.therapist,
            people.episode,
            instrument,
            {},
            session=people.session,
            method=Response.PAPER,
        )


def test_an_unknown_way_or_no_session_is_refused(people: Any) -> None:
    with pytest.raises(ActionError, match="how the client gave"):
        submit_response(
            people.therapist,
            people.episode,
            "phq9",
            phq9(),
            session=people.session,
            method="carrier-pigeon",
        )
    with pytest.raises(ActionError, match="which session"):
        submit_response(people.therapist, people.episode, "phq9", phq9(), method="phone")


def test_a_questionnaire_the_client_answered_already_is_refused_and_kept(people: Any) -> None:
    own = submit_response(
        people.client_user, people.episode, "phq9", phq9(q1=3), session=people.session
    ).response
    with pytest.raises(AlreadyAnswered, match="already has a PHQ-9 from the client") as refused:
        submit_response(
            people.therapist,
            people.episode,
            "phq9",
            phq9(q1=0),
            session=people.session,
            method=Response.PAPER,
        )
    assert "they answered it in Tandem" in str(refused.value)
    (kept,) = Response.objects.all()
    assert kept.pk == own.pk and kept.answers == own.answers and kept.entered_by is None


def test_the_same_entry_sent_twice_is_saved_once(people: Any) -> None:
    first = submit_response(
        people.therapist,
        people.episode,
        "phq9",
        phq9(),
        session=people.session,
        method=Response.PHONE,
    )
    again = submit_response(
        people.therapist,
        people.episode,
        "phq9",
        phq9(),
        session=people.session,
        method=Response.PHONE,
    )
    assert first.created and not again.created and again.response.pk == first.response.pk
    with pytest.raises(AlreadyAnswered, match="entered by phone"):
        submit_response(
            people.therapist,
            people.episode,
            "phq9",
            phq9(q2=3),
            session=people.session,
            method=Response.PHONE,
        )


# -- the page ------------------------------------------------------------------------------------


def test_the_session_page_offers_the_clients_questionnaires_and_notes_who_entered(
    client: Any, people: Any
) -> None:
    client.force_login(people.therapist)
    page = client.get(f"/sessions/{people.session.pk}/").content.decode()
    assert "answers given on paper or by phone" in page and url(people.session) in page
    response = client.post(url(people.session), form(phq9(q1=2)), follow=True)
    text = response.content.decode()
    assert "Saved as Ada\u00a0L.&#x27;s answers, entered by you from paper." in text
    assert "Entered by you from paper." in text
    assert url(people.session) not in text  # answered now: no longer offered
    client.force_login(people.supervisor)
    people.client.share_with_supervisor = True
    people.client.save()
    page = client.get(f"/sessions/{people.session.pk}/").content.decode()
    assert "Entered by Therapist from paper." in page
    assert url(people.session) not in page  # a supervisor reads, never enters


def test_a_risk_answer_tells_the_therapist_at_once(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    response = client.post(url(people.session), form(phq9(q9=2), "read_aloud"), follow=True)
    (alert,) = RiskAlert.objects.all()
    assert response.redirect_chain[-1][0].startswith(f"/clients/{people.client.pk}/")
    text = response.content.decode()
    assert "a risk alert is raised" in text and "Acknowledge" in text
    assert alert.response.entered_by == people.therapist
    raised = AuditEvent.objects.get(action="risk.raise")
    assert raised.actor_id == people.therapist.pk


def test_the_form_speaks_as_the_portal_does_and_keeps_what_was_typed(
    client: Any, people: Any
) -> None:
    client.force_login(people.therapist)
    answers = {k: str(v) for k, v in phq9().items() if k != "q4"}
    response = client.post(url(people.session), answers)
    text = response.content.decode()
    assert response.status_code == 400
    assert "Please choose how the answers were given." in text
    assert "Please choose an answer." in text
    assert 'value="1" id="id_q1_1" checked' in text  # what was typed is still there
    assert not Response.objects.exists()


def test_a_duplicate_on_the_page_says_so_and_keeps_both_sides(client: Any, people: Any) -> None:
    submit_response(people.client_user, people.episode, "phq9", phq9(q1=3), session=people.session)
    client.force_login(people.therapist)
    response = client.post(url(people.session), form(phq9(q1=0)))
    text = response.content.decode()
    assert response.status_code == 400
    assert "Session 1 already has a PHQ-9 from the client" in text
    assert 'value="0" id="id_q1_0" checked' in text  # what was typed is still there
    assert Response.objects.get().answers["q1"] == 3


@pytest.mark.parametrize("who", ["colleague", "supervisor", "admin", "outsider", "client_user"])
def test_nobody_else_reaches_the_entry_page(client: Any, people: Any, who: str) -> None:
    client.force_login(getattr(people, who))
    assert client.get(url(people.session)).status_code == 404
    assert client.post(url(people.session), form(phq9())).status_code == 404
    assert not Response.objects.exists()


def test_another_practices_client_is_not_found(client: Any, people: Any) -> None:
    theirs = Session.objects.create(
        episode=people.outsider_client.episodes.get(), number=1, date=people.session.date
    )
    client.force_login(people.therapist)
    assert client.post(url(theirs), form(phq9())).status_code == 404
    client.force_login(people.outsider)
    assert client.get(url(people.session)).status_code == 404
    assert not Response.objects.exists()


@pytest.mark.parametrize("instrument", ["partnership_mirror", "reflection", "practice_log", "nope"])
def test_only_the_clients_questionnaires_have_an_entry_page(
    client: Any, people: Any, instrument: str
) -> None:
    client.force_login(people.therapist)
    assert client.get(url(people.session, instrument)).status_code == 404


def test_the_client_sees_entered_answers_as_their_own(client: Any, people: Any) -> None:
    submit_response(
        people.therapist,
        people.episode,
        "phq9",
        phq9(q1=3),
        session=people.session,
        method=Response.PAPER,
    )
    client.force_login(people.client_user)
    page = client.get("/portal/progress/").content.decode()
    assert "My low mood (PHQ-9)" in page
    assert "entered by your therapist from paper" in page


def test_the_client_picture_offers_entry_and_marks_entered_scores(client: Any, people: Any) -> None:
    client.force_login(people.therapist)
    page = client.get(f"/clients/{people.client.pk}/").content.decode()
    assert "Given on paper or by phone?" in page and url(people.session) in page
    submit_response(
        people.therapist,
        people.episode,
        "phq9",
        phq9(q1=3),
        session=people.session,
        method=Response.PHONE,
    )
    page = client.get(f"/clients/{people.client.pk}/").content.decode()
    assert "(by phone)</span>" in page and url(people.session) not in page

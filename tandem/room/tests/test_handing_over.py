"""From a session, the therapist hands their device to the client: the client answers their side,
one questionnaire at a time, kept as theirs, and the device locks when they are done."""

from __future__ import annotations

import pytest

from tandem.audit.models import AuditEvent
from tandem.measures.models import Response
from tandem.room.models import Handover
from tandem.room.state import HANDOVER
from tandem.room.tests.conftest import PASSWORD, answers_for, due_now
from tandem.web.words import plain_spaces

pytestmark = pytest.mark.django_db


def test_the_session_page_offers_to_hand_the_device_to_the_client(client, people):
    client.force_login(people.therapist)
    page = client.get(f"/sessions/{people.session.pk}/").content.decode()
    assert "Hand to client" in page
    assert f'action="/sessions/{people.session.pk}/hand-over/"' in page


def test_the_client_answers_each_questionnaire_in_turn_and_the_device_locks(handed, people):
    first = due_now(handed)
    assert first == "partnership"  # the session scale always comes first
    page = plain_spaces(handed.get("/room/").content.decode())
    # Nothing of any record, no menu, no way back into the therapist's pages.
    for absent in (
        "Ada L.",
        "Ben K.",
        "Harbour",
        "therapist@",
        "Caseload",
        "Sign out",
        "/sessions/",
        "/clients/",
    ):
        assert absent not in page, absent
    answered = []
    for _ in range(10):
        page = handed.get("/room/")
        if b"Please hand this device back" in page.content:
            break
        instrument_id = due_now(handed)
        response = handed.post(f"/room/answer/{instrument_id}/", answers_for(instrument_id))
        assert response.status_code == 302 and response.url == "/room/?saved=1"
        answered.append(instrument_id)
    assert b"that is everything for today" in page.content
    assert len(answered) >= 2
    kept = Response.objects.filter(session=people.session, respondent_role="client")
    assert sorted(kept.values_list("instrument_id", flat=True)) == sorted(answered)
    # The client's answers, given in the room on the therapist's device (its account recorded
    # them: the client did not sign in).
    assert {r.respondent_id for r in kept} == {people.client_user.pk}
    assert {(r.entry_method, r.entered_by_id) for r in kept} == {
        (Response.ROOM, people.therapist.pk)
    }
    handover = Handover.objects.get()
    assert handover.lock_reason == "done" and handover.ended_at is None
    codes = list(
        AuditEvent.objects.filter(action__startswith="room.").values_list("action", flat=True)
    )
    assert codes == ["room.hand_over"] + ["room.answer"] * len(answered) + ["room.lock"]
    answer_records = AuditEvent.objects.filter(action="room.answer")
    assert {e.actor_id for e in answer_records} == {people.therapist.pk}
    assert {e.client_id for e in answer_records} == {people.client.pk}


def test_unlocking_with_the_password_returns_to_the_session_page(handed, people):
    handed.post("/room/lock/", {"reason": "handed_back"})
    assert b"Please hand this device back" in handed.get("/room/").content
    response = handed.post("/room/unlock/", {"secret": PASSWORD})
    assert response.status_code == 302 and response.url == f"/sessions/{people.session.pk}/"
    assert HANDOVER not in handed.session
    assert handed.get(f"/sessions/{people.session.pk}/").status_code == 200
    assert handed.get("/room/").status_code == 404  # nothing handed over any more
    handover = Handover.objects.get()
    assert handover.ended_how == "password" and handover.lock_reason == "handed_back"
    unlocked = AuditEvent.objects.get(action="room.unlock")
    assert unlocked.actor_id == people.therapist.pk and unlocked.detail["how"] == "password"


def test_a_form_sent_twice_keeps_one_response(handed, people):
    answers = answers_for("partnership")
    handed.post("/room/answer/partnership/", answers)
    again = handed.post("/room/answer/partnership/", answers)
    assert again.status_code == 302 and again.url == "/room/"
    assert Response.objects.filter(instrument_id="partnership").count() == 1


def test_answers_that_do_not_fit_are_shown_again_with_the_reason(handed):
    response = handed.post("/room/answer/partnership/", {"heard": "11"})
    assert response.status_code == 400
    assert b"Some answers need another look" in response.content
    assert not Response.objects.exists()


def test_a_questionnaire_not_due_here_is_not_shown(handed):
    response = handed.get("/room/answer/partnership_mirror/")  # the therapist's side
    assert response.status_code == 302 and response.url == "/room/"
    response = handed.post("/room/answer/selfcare/", {})
    assert response.status_code == 302
    assert not Response.objects.exists()

"""The last session: known when the therapist ends the episode, due for two weeks after it."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine

from tandem.care.actions import end_episode
from tandem.care.models import Session
from tandem.measures.due import due_for_episodes
from tandem.measures.models import Schedule

pytestmark = pytest.mark.django_db


def _client_due(people):
    people.episode.refresh_from_db()
    entry = due_for_episodes([people.episode], respondent="client")[people.episode.pk]
    return entry.last_session, sorted(d.instrument.id for d in entry.client)


def test_a_last_session_questionnaire_is_due_only_once_the_episode_has_ended(people):
    Schedule.objects.filter(practice=people.practice, instrument_id="gad7").update(
        timepoints=["assessment", "last_session"]
    )
    with time_machine.travel(date(2026, 3, 10), tick=False):
        for number in (2, 3):
            Session.objects.create(
                episode=people.episode, number=number, date=date(2026, 3, number)
            )
        Session.objects.create(
            episode=people.episode, number=4, date=date(2026, 3, 9), attendance="no_show"
        )
        last, due = _client_due(people)
        assert last.number == 3 and "gad7" not in due and "phq9" in due
        end_episode(people.therapist, people.episode, "graduated", when=date(2026, 3, 10))
        # The last attended session (3, not the missed 4) has the last-session questionnaire;
        # nothing collected every session is due once the episode has ended.
        last, due = _client_due(people)
        assert last.number == 3 and due == ["gad7"]
    with time_machine.travel(date(2026, 3, 23), tick=False):
        assert _client_due(people)[1] == ["gad7"]
    with time_machine.travel(date(2026, 3, 24), tick=False):
        assert _client_due(people)[1] == []


def test_without_a_last_session_timepoint_nothing_is_due_after_the_ending(people):
    end_episode(people.therapist, people.episode, "mutual", when=date.today() - timedelta(days=1))
    assert _client_due(people)[1] == []


def test_the_client_answers_a_last_session_questionnaire_after_the_ending(client, people):
    Schedule.objects.filter(practice=people.practice, instrument_id="gad7").update(
        timepoints=["last_session"]
    )
    end_episode(people.therapist, people.episode, "graduated")
    client.force_login(people.client_user)
    home = client.get("/portal/").content.decode()
    url = f"/portal/sessions/{people.session.pk}/gad7/"
    assert "One last look at where you are" in home and url in home
    answers = {f"q{i}": "1" for i in range(1, 8)} | {"difficulty": "1"}
    assert client.post(url, answers).status_code == 302
    assert people.episode.responses.filter(instrument_id="gad7").count() == 1
    # Nothing else can be answered after the ending.
    page = client.post(f"/portal/sessions/{people.session.pk}/phq9/", {}, follow=True)
    assert "nothing is due" in page.content.decode()

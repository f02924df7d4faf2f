"""A "yes" to talking again, or a reliable worsening against the episode's last scores, makes
one returning-client request for the check-in; a re-run or a second send makes no second."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine

from tandem.audit.models import AuditEvent
from tandem.care.models import Episode, Session
from tandem.errors import ActionError
from tandem.followup import checkin
from tandem.followup.actions import answer_follow_up, open_follow_up, raise_returning_request
from tandem.followup.models import FollowUp, ReturningRequest
from tandem.followup.tests.conftest import gad7, phq9
from tandem.measures.actions import submit_response

pytestmark = pytest.mark.django_db

DUE = date(2026, 2, 28)


@pytest.fixture
def follow_up(ended):
    with time_machine.travel(DUE, tick=False):
        made = open_follow_up(ended.episode.pk, 1, DUE)
    assert made is not None
    return made


def _answer(people, follow_up, p: int, g: int, talk: int, instrument: str = "gad7"):
    with time_machine.travel(DUE, tick=False):
        answer_follow_up(people.client_user, follow_up, "phq9", phq9(p))
        answer_follow_up(people.client_user, follow_up, instrument, gad7(g))
        answer_follow_up(people.client_user, follow_up, "talk_again", {"talk": talk})
    follow_up.refresh_from_db()
    return ReturningRequest.objects.filter(follow_up=follow_up).first()


def test_the_check_in_asks_phq9_the_anxiety_measure_and_the_question_last(follow_up):
    assert [i.id for i in checkin.instruments_for(follow_up)] == ["phq9", "gad7", "talk_again"]


def test_yes_makes_one_request_and_a_rerun_makes_no_second(ended, follow_up):
    made = _answer(ended, follow_up, 4, 3, talk=1)
    assert made is not None and made.wants_to_talk and made.worsened == []
    assert follow_up.answered_at is not None
    assert raise_returning_request(follow_up).pk == made.pk
    with time_machine.travel(DUE, tick=False):
        again = answer_follow_up(ended.client_user, follow_up, "talk_again", {"talk": 1})
    assert not again.created
    assert ReturningRequest.objects.count() == 1
    assert AuditEvent.objects.filter(action="returning.request").count() == 1
    assert "said they would like to talk to you again" in made.sentence


def test_a_reliable_worsening_makes_one_request_without_a_yes(ended, follow_up):
    # PHQ-9 was 4 at the last session: 10 is 6 more, the NHS reliable-change threshold.
    made = _answer(ended, follow_up, 10, 3, talk=0)
    assert made is not None and not made.wants_to_talk and made.worsened == ["phq9"]
    assert "reliably worse on PHQ-9" in made.sentence
    assert raise_returning_request(follow_up).pk == made.pk
    assert ReturningRequest.objects.count() == 1


def test_gad7_up_by_four_is_reliably_worse(ended, follow_up):
    made = _answer(ended, follow_up, 4, 7, talk=0)
    assert made is not None and made.worsened == ["gad7"]


def test_no_and_a_change_below_the_threshold_make_no_request(ended, follow_up):
    assert _answer(ended, follow_up, 9, 6, talk=0) is None  # +5 and +3: not reliable
    assert follow_up.answered_at is not None
    assert raise_returning_request(follow_up) is None
    assert ReturningRequest.objects.count() == 0


def test_the_episodes_own_anxiety_measure_is_asked_instead_of_gad7(ended):
    Episode.objects.filter(pk=ended.episode.pk).update(problem="social_anxiety")
    spin = {f"q{i}": 0 for i in range(1, 18)}
    for number, session in enumerate(Session.objects.filter(episode=ended.episode), start=1):
        spin["q1"] = 4 if number == 1 else 1
        submit_response(ended.client_user, ended.episode, "spin", spin, session=session)
    with time_machine.travel(DUE, tick=False):
        follow_up = open_follow_up(ended.episode.pk, 1, DUE)
        assert [i.id for i in checkin.instruments_for(follow_up)] == ["phq9", "spin", "talk_again"]
        with pytest.raises(ActionError, match="not part of this check-in"):
            answer_follow_up(ended.client_user, follow_up, "gad7", gad7(3))


def test_only_the_client_answers_and_only_while_it_is_open(ended, follow_up):
    with time_machine.travel(DUE, tick=False):
        for someone in (ended.other_client_user, ended.therapist):
            with pytest.raises(ActionError, match="Only the client"):
                answer_follow_up(someone, follow_up, "phq9", phq9(4))
        with pytest.raises(ActionError, match="not part of this check-in"):
            answer_follow_up(ended.client_user, follow_up, "growth", {})
    with time_machine.travel(date(2026, 3, 28), tick=False), pytest.raises(ActionError):
        answer_follow_up(ended.client_user, follow_up, "phq9", phq9(4))
    assert follow_up.responses.count() == 0


def test_opening_twice_is_one_check_in(ended, follow_up):
    assert open_follow_up(ended.episode.pk, 1, DUE) is None
    assert FollowUp.objects.count() == 1


def test_follow_up_scores_stay_out_of_the_episodes_session_scores(ended, follow_up):
    _answer(ended, follow_up, 10, 3, talk=0)
    # The episode's last scores are still those of its last session, and a second request
    # computed now compares with them, not with the follow-up itself.
    assert checkin.last_scores(ended.episode, ["phq9", "gad7"]) == {"phq9": 4.0, "gad7": 3.0}

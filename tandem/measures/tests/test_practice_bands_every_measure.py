"""The practice's bands are learned for every symptom measure in use, not PHQ-9 alone."""

from typing import Any

import pytest

from tandem.care.models import Episode, Session
from tandem.measures import analytics
from tandem.measures.actions import submit_response

pytestmark = pytest.mark.django_db


def test_it_learns_bands_for_phq9_and_gad7_from_ended_episodes(people: Any) -> None:
    later = Session.objects.create(episode=people.episode, number=2, date=people.session.date)
    for session, value in ((people.session, 2), (later, 1)):
        answers = {f"q{i}": value for i in range(1, 10)}
        submit_response(people.client_user, people.episode, "phq9", answers, session=session)
        answers = {f"q{i}": value for i in range(1, 8)}
        submit_response(people.client_user, people.episode, "gad7", answers, session=session)
    Episode.objects.filter(pk=people.episode.pk).update(status=Episode.ENDED)
    payload = analytics.compute_bands_payload(people.practice.pk)
    assert set(payload["by_instrument"]) == {"phq9", "gad7"}
    learned = analytics.all_practice_bands(people.practice.pk)
    assert (
        learned["gad7"].instrument == "gad7" and learned["gad7"].groups[-1][1] == "severe (15-21)"
    )
    assert learned["phq9"].n[3, 2] == 1  # PHQ-9 18 at session 2: one episode in that cell

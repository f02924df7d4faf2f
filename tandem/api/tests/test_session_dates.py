"""The API refuses a session dated before its episode began, naming the field."""

import pytest

pytestmark = pytest.mark.django_db


def test_it_refuses_a_session_before_the_episode_began(api_as, people):
    response = api_as(people.therapist).post(
        "/sessions", {"episode": people.episode.pk, "date": "2024-12-31"}
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["field"] == "date"
    assert "began on 6 Jan 2025" in error["message"]
    assert people.episode.sessions.count() == 1


def test_it_refuses_a_session_after_the_episode_ended(api_as, people):
    from datetime import date

    people.episode.status, people.episode.ended_on = "paused", date(2025, 6, 1)
    people.episode.save()
    response = api_as(people.therapist).post(
        "/sessions", {"episode": people.episode.pk, "date": "2025-07-01"}
    )
    assert response.status_code == 422
    assert "ended on 1 Jun 2025" in response.json()["errors"][0]["message"]

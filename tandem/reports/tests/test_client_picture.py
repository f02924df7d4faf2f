"""The client picture's charts on the therapist's client page, with the alerts and their reasons."""

from __future__ import annotations

from typing import Any

from tandem.care.models import Client, Episode
from tandem.reports.tests.conftest import add_scores, partnership


def test_the_client_page_shows_the_charts_and_their_text_alternatives(
    client: Any, people: Any
) -> None:
    add_scores(
        people.episode,
        {
            "phq9": [14, 16, 21],
            "partnership": [partnership(8), partnership(8), partnership(8), partnership(4)],
            "growth": [2.0],
            "reliance": [1.0],
        },
        respondent=people.client_user,
    )
    add_scores(
        people.episode,
        {"partnership_mirror": [partnership(9)] * 4},
        respondent=people.therapist,
        role="therapist",
    )
    client.force_login(people.therapist)
    html = client.get(f"/clients/{people.client.pk}/").content.decode()
    for chart in ("chart-phq9", "chart-partnership", "chart-growth"):
        assert f'data-chart="{chart}"' in html
    assert "The numbers behind this chart" in html
    # Alerts from the core, each a sentence with its reason.
    assert "PHQ-9 went from 14 to 21" in html
    assert "Progress report (print or PDF)" in html
    # The existing parts of the page are still there.
    assert 'id="sessions"' in html and "Record a session" in html


def test_the_expected_band_appears_once_the_practice_has_enough_finished_episodes(
    client: Any, people: Any
) -> None:
    for i in range(32):
        other = Client.objects.create(
            practice=people.practice, display_name=f"Past {i}", therapist=people.therapist
        )
        past = Episode.objects.create(
            client=other, therapist=people.therapist, number=1, status=Episode.ENDED
        )
        add_scores(past, {"phq9": [16, 14 - i % 4, 12 - i % 5, 10 - i % 3]})
    add_scores(people.episode, {"phq9": [16, 15]}, respondent=people.client_user)
    client.force_login(people.therapist)
    html = client.get(f"/clients/{people.client.pk}/").content.decode()
    assert 'class="band-outer"' in html and 'class="band-inner"' in html
    assert "moderately severe (15-19) range" in html
    assert "The expected range of similar clients is drawn once" not in html


def test_without_enough_history_it_says_how_the_band_will_come(client: Any, people: Any) -> None:
    add_scores(people.episode, {"phq9": [16, 15]}, respondent=people.client_user)
    client.force_login(people.therapist)
    html = client.get(f"/clients/{people.client.pk}/").content.decode()
    assert 'class="band-outer"' not in html
    assert "The expected range of similar clients is drawn once" in html

"""Relapse at follow-up on the practice report, counted again by hand here: of the episodes
recovered at the end and followed up on the paired measures, those a case again."""

from __future__ import annotations

from datetime import datetime, time
from typing import Any

from django.utils import timezone

from tandem.care.models import Client, Episode
from tandem.followup.models import FollowUp
from tandem.measures.models import Response
from tandem.reports import practice
from tandem.reports.tests.conftest import add_scores, closed_month_end


def _episode(people: Any, label: str, phq9: list[float], gad7: list[float]) -> Episode:
    client = Client.objects.create(
        practice=people.practice, display_name=label, therapist=people.therapist
    )
    episode = Episode.objects.create(
        client=client,
        therapist=people.therapist,
        number=1,
        status=Episode.ENDED,
        ended_on=closed_month_end(),
        end_reason="graduated",
    )
    add_scores(episode, {"phq9": phq9, "gad7": gad7})
    return episode


def _follow_up(episode: Episode, months: int, **scores: float) -> None:
    answered = timezone.make_aware(datetime.combine(closed_month_end(), time(12)))
    follow_up = FollowUp.objects.create(
        episode=episode, months=months, due_on=closed_month_end(), answered_at=answered
    )
    for instrument_id, total in scores.items():
        follow_up.responses.add(
            Response.objects.create(
                episode=episode,
                instrument_id=instrument_id,
                instrument_version="1",
                respondent_role="client",
                total=total,
            )
        )


def test_relapse_at_follow_up_counted_by_hand(client: Any, people: Any) -> None:
    recovered = [_episode(people, f"r{i}", [16, 4], [12, 3]) for i in range(12)]
    # Well at follow-up: PHQ-9 under 10 and GAD-7 under 8.
    for episode in recovered[:7]:
        _follow_up(episode, 1, phq9=5, gad7=4)
    _follow_up(recovered[7], 1, phq9=12, gad7=3)  # PHQ-9 a case: relapsed
    _follow_up(recovered[8], 1, phq9=4, gad7=8)  # GAD-7 at caseness, 8: relapsed
    _follow_up(recovered[9], 1, phq9=4, gad7=3)  # well at 1 month ...
    _follow_up(recovered[9], 3, phq9=15, gad7=10)  # ... a case at 3: relapsed, once
    _follow_up(recovered[10], 1, phq9=12)  # no anxiety score: not followed on the pair
    # recovered[11]: never followed up. Not counted.
    not_recovered = _episode(people, "n", [16, 12], [12, 9])  # a case at the end
    _follow_up(not_recovered, 1, phq9=20, gad7=15)
    # By hand: followed = 7 + 3 = 10 recovered episodes, relapsed = 3.
    payload = practice.compute_report_payload(people.practice.pk)
    assert payload["relapse"] == {
        "count": 3,
        "denominator": 10,
        "value": 0.3,
        "suppressed": False,
    }
    client.force_login(people.admin)
    html = client.get("/reports/practice/").content.decode()
    assert "Relapse at follow-up" in html
    assert "3 of 10 recovered episodes were a case again at a follow-up check-in" in html


def test_relapse_is_not_shown_under_ten_followed_episodes(client: Any, people: Any) -> None:
    for i in range(9):
        episode = _episode(people, f"r{i}", [16, 4], [12, 3])
        _follow_up(episode, 1, phq9=12 if i == 0 else 4, gad7=3)
    payload = practice.compute_report_payload(people.practice.pk)
    assert payload["relapse"] == {
        "count": None,
        "denominator": None,
        "value": None,
        "suppressed": True,
    }


def test_a_follow_up_answered_after_the_report_closes_waits_for_the_next(people: Any) -> None:
    episodes = [_episode(people, f"r{i}", [16, 4], [12, 3]) for i in range(10)]
    for episode in episodes:
        _follow_up(episode, 1, phq9=4, gad7=3)
    FollowUp.objects.filter(episode=episodes[0]).update(answered_at=timezone.now())
    payload = practice.compute_report_payload(people.practice.pk)
    assert payload["relapse"]["suppressed"]  # 9 within the month: under the limit

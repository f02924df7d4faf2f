"""The practice report's trend by month of ending: shown only once months have enough ended
episodes, and computed with the headline's definition (issue 15.2)."""

from __future__ import annotations

from typing import Any

from tandem.care.models import Client, Episode
from tandem.reports import practice
from tandem.reports.tests.conftest import add_scores, closed_month_end


def _ended(people: Any, label: str, scores: dict[str, Any], problem: str = "none") -> None:
    """An episode of the therapist's that ended last month (the report's last closed month)."""
    c = Client.objects.create(
        practice=people.practice, display_name=label, therapist=people.therapist
    )
    e = Episode.objects.create(
        client=c,
        therapist=people.therapist,
        number=1,
        status=Episode.ENDED,
        ended_on=closed_month_end(),
        end_reason="mutual",
        problem=problem,
    )
    add_scores(e, scores)


def test_the_trend_waits_for_enough_ended_episodes(client: Any, people: Any) -> None:
    for i in range(4):
        _ended(people, f"e-{i}", {"phq9": [16, 12, 8 + i % 6], "gad7": [12, 9, 6 + i % 5]})
    client.force_login(people.admin)
    html = client.get("/reports/practice/").content.decode()
    assert 'data-chart="chart-months"' not in html
    assert "Trends by month appear once months have at least 10 ended episodes" in html


def test_the_monthly_trend_and_the_headline_use_the_same_definition(people: Any) -> None:
    # Ten OCD episodes that ended this month: the OCI (the problem's measure) shows recovery
    # while the GAD-7 stays high. Judged on the GAD-7, nobody would recover; on the OCI all do.
    for i in range(10):
        _ended(people, f"ocd-{i}", {"phq9": [8, 6], "gad7": [15, 15], "oci": [60, 20]}, "ocd")
    payload = practice.compute_report_payload(people.practice.pk)
    headline = payload["report"]["practice"]["recovery"]
    assert headline["count"] == 10 and headline["value"] == 1.0
    trend = payload["trend"]
    month_values = [v for _, v in trend["recovery"] if v is not None]
    assert month_values == [100.0]
    improvement = payload["report"]["practice"]["reliable_improvement"]["value"] * 100
    assert [v for _, v in trend["improvement"] if v is not None] == [improvement]

"""The practice report: NHS Talking Therapies rates, therapist comparison, small numbers hidden."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from tandem.care.models import Client, Episode
from tandem.reports.tests.conftest import add_scores


def _episodes(people: Any, therapist: Any, count: int, withdrew: int = 0) -> None:
    for i in range(count):
        c = Client.objects.create(
            practice=people.practice, display_name=f"{therapist.pk}-{i}", therapist=therapist
        )
        e = Episode.objects.create(
            client=c,
            therapist=therapist,
            number=1,
            status=Episode.ENDED,
            ended_on=timezone.localdate(),
            end_reason="withdrew" if i < withdrew else "mutual",
        )
        add_scores(e, {"phq9": [16, 12, 8 + i % 6], "gad7": [12, 9, 6 + i % 5]})


def test_it_shows_the_practice_its_outcomes_and_hides_small_numbers(
    client: Any, people: Any
) -> None:
    _episodes(people, people.therapist, 12)
    _episodes(people, people.colleague, 3)
    client.force_login(people.admin)
    page = client.get("/reports/practice/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Recovery" in html and "Reliable improvement" in html and "Drop-out" in html
    assert 'data-chart="chart-therapists"' in html and 'data-chart="chart-months"' in html
    assert "Fewer than 10 episodes: not shown" in html  # the colleague's three


def test_it_counts_clients_who_withdrew_as_drop_out(client: Any, people: Any) -> None:
    # 3 of 12 ended episodes ended with the client withdrawing, though each finished a course.
    _episodes(people, people.therapist, 12, withdrew=3)
    client.force_login(people.admin)
    html = client.get("/reports/practice/").content.decode()
    assert "3 of 12 ended episodes ended by the client withdrawing" in html


def test_the_supervisor_sees_it_too(client: Any, people: Any) -> None:
    client.force_login(people.supervisor)
    assert client.get("/reports/practice/").status_code == 200


def test_therapists_and_clients_do_not(client: Any, people: Any) -> None:
    for user in (people.therapist, people.client_user):
        client.force_login(user)
        assert client.get("/reports/practice/").status_code == 404


def test_nothing_crosses_practices(client: Any, people: Any) -> None:
    _episodes(people, people.therapist, 12)
    from tandem.accounts.models import User

    other_admin = User.objects.create_user(
        "admin@elsewhere.test",
        "a-long-test-password",
        practice=people.other_practice,
        is_practice_admin=True,
    )
    client.force_login(other_admin)
    html = client.get("/reports/practice/").content.decode()
    assert "No outcome scores yet" in html


def test_the_trend_waits_for_enough_ended_episodes(client: Any, people: Any) -> None:
    _episodes(people, people.therapist, 4)
    client.force_login(people.admin)
    html = client.get("/reports/practice/").content.decode()
    assert 'data-chart="chart-months"' not in html
    assert "Trends by month appear once months have at least 10 ended episodes" in html


def test_it_says_when_its_rates_rest_on_a_threshold_not_yet_checked(
    client: Any, people: Any
) -> None:
    # Issue 15.1: OCD episodes are judged on the OCI, whose NHS thresholds are unverified.
    _episodes(people, people.therapist, 3)
    client.force_login(people.admin)
    html = client.get("/reports/practice/").content.decode()
    assert "unverified-thresholds" not in html  # PHQ-9 and GAD-7 only: nothing to flag
    c = Client.objects.create(
        practice=people.practice, display_name="ocd", therapist=people.therapist
    )
    e = Episode.objects.create(
        client=c,
        therapist=people.therapist,
        number=1,
        status=Episode.ENDED,
        ended_on=timezone.localdate(),
        end_reason="mutual",
        problem="ocd",
    )
    add_scores(e, {"phq9": [12, 8], "oci": [60, 20]})
    from django.core.cache import cache

    from tandem.reports import practice

    payload = practice.compute_report_payload(people.practice.pk)
    assert payload["measures"] == ["gad7", "oci"]
    cache.clear()
    context = practice.report_context(payload, people.practice.pk)
    assert context["threshold_notes"] == [
        "OCI: the caseness 40 and reliable change 32 thresholds are not yet checked "
        "against the NHS text"
    ]
    body = practice.render_to_string("reports/practice_report_body.html", context)
    assert 'id="unverified-thresholds"' in body and "OCI: the caseness 40" in body

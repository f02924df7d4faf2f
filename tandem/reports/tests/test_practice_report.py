"""The practice report: NHS Talking Therapies rates, therapist comparison, small numbers hidden."""

from __future__ import annotations

from typing import Any

from tandem.care.models import Client, Episode
from tandem.reports.tests.conftest import add_scores, closed_month_end


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
            ended_on=closed_month_end(),
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
        ended_on=closed_month_end(),
        end_reason="mutual",
        problem="ocd",
    )
    add_scores(e, {"phq9": [12, 8], "oci": [60, 20]})
    from django.core.cache import cache
    from django.template.loader import render_to_string

    from tandem.reports import practice
    from tandem.reports.practice_context import report_context

    payload = practice.compute_report_payload(people.practice.pk)
    assert payload["measures"] == ["gad7", "oci"]
    cache.clear()
    context = report_context(payload, people.practice.pk)
    assert context["threshold_notes"] == [
        "OCI: the caseness 40 and reliable change 32 thresholds are not yet checked "
        "against the NHS text"
    ]
    body = render_to_string("reports/practice_report_body.html", context)
    assert 'id="unverified-thresholds"' in body and "OCI: the caseness 40" in body


def test_two_reports_a_day_apart_cannot_be_subtracted_to_read_one_clients_outcome(
    client: Any, people: Any
) -> None:
    """The attack: read the report, wait for one client to end, read it again; the difference
    is that client's outcome. The report closes at month ends, so an ending this month changes
    nothing until the month is over, and then arrives with the rest of the month's endings."""
    from datetime import timedelta

    from django.utils import timezone

    from tandem.reports import practice

    _episodes(people, people.therapist, 12)
    # A client in therapy since last month (first session then, episode open)...
    c = Client.objects.create(
        practice=people.practice, display_name="new", therapist=people.therapist
    )
    e = Episode.objects.create(client=c, therapist=people.therapist, number=1)
    add_scores(e, {"phq9": [18], "gad7": [14]})
    today = timezone.localdate()
    # Two days of the same month: on a month's last day, the day before and today (the next
    # day's report is already closed at today, and rightly counts today's ending).
    first_day = today if (today + timedelta(days=1)).day > 1 else today - timedelta(days=1)
    before = practice.compute_report_payload(people.practice.pk, first_day)
    # ... ends today, recovered: on its own, the difference of two reports would say so.
    e.status, e.ended_on, e.end_reason = Episode.ENDED, today, "mutual"
    e.save()
    add_scores(e, {"phq9": [6], "gad7": [4]}, start=2)
    e.sessions.filter(number=2).update(date=today)
    after = practice.compute_report_payload(people.practice.pk, first_day + timedelta(days=1))
    assert before["through"] == after["through"] == closed_month_end().isoformat()
    assert {k: v for k, v in before.items() if k != "today"} == {
        k: v for k, v in after.items() if k != "today"
    }
    # From the 1st of the next month the ending is in.
    first_of_next = (today.replace(day=28) + timedelta(days=4)).replace(day=1)
    later = practice.compute_report_payload(people.practice.pk, first_of_next)
    assert later["through"] == (first_of_next - timedelta(days=1)).isoformat()
    assert later["ended"] == before["ended"] + 1
    client.force_login(people.admin)
    assert "Figures to the end of" in client.get("/reports/practice/").content.decode()


def test_it_says_plainly_when_no_therapist_can_be_compared_and_what_the_effect_size_is(
    client: Any, people: Any
) -> None:
    # Six each: the practice's figures show, no therapist has ten (walk of the staff pages).
    _episodes(people, people.therapist, 6)
    _episodes(people, people.colleague, 6)
    client.force_login(people.admin)
    html = client.get("/reports/practice/").content.decode()
    assert "has 10 or more finished episodes yet, so none is compared" in html
    assert "0 had an interval" not in html
    assert "How far PHQ-9 scores fell, in units of their spread at intake" in html

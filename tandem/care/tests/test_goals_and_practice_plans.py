"""Goals written together, and between-session practice with the client's log."""

import pytest
from django.utils import timezone

from tandem.care.models import Episode, Goal, PracticePlan
from tandem.measures.models import Response

pytestmark = pytest.mark.django_db


def test_it_adds_a_goal_that_the_client_then_sees(client, people):
    client.force_login(people.therapist)
    client.post(f"/episodes/{people.episode.pk}/goals/", {"text": "Sleep through most nights"})
    client.force_login(people.client_user)
    assert b"Sleep through most nights" in client.get("/portal/").content


def test_it_lets_the_client_rate_progress_on_a_goal(client, people):
    goal = Goal.objects.create(episode=people.episode, text="Walk daily")
    client.force_login(people.client_user)
    client.post(f"/portal/goals/{goal.pk}/progress/", {"progress": "6", "version": "1"})
    goal.refresh_from_db()
    assert goal.progress == 6 and goal.version == 2


def test_it_refuses_an_edit_made_from_a_stale_copy_of_the_goal(client, people):
    goal = Goal.objects.create(episode=people.episode, text="Walk daily")
    client.force_login(people.client_user)
    client.post(f"/portal/goals/{goal.pk}/progress/", {"progress": "6", "version": "1"})
    client.force_login(people.therapist)
    page = client.post(
        f"/goals/{goal.pk}/",
        {"version": "1", "text": "Walk twice a day", "status": "active", "progress": ""},
        follow=True,
    )
    assert b"Someone else changed this goal" in page.content
    goal.refresh_from_db()
    assert goal.text == "Walk daily" and goal.progress == 6


def test_it_hides_another_clients_goal(client, people):
    goal = Goal.objects.create(episode=people.episode, text="Walk daily")
    client.force_login(people.other_client_user)
    assert (
        client.post(
            f"/portal/goals/{goal.pk}/progress/", {"progress": "1", "version": "1"}
        ).status_code
        == 404
    )


def test_it_logs_practice_against_the_plan(client, people):
    client.force_login(people.therapist)
    client.post(
        f"/episodes/{people.episode.pk}/plans/",
        {"title": "Three-minute breathing space", "how_often": "twice a day"},
    )
    plan = PracticePlan.objects.get()
    client.force_login(people.client_user)
    assert b"Three-minute breathing space" in client.get("/portal/practice-plan/").content
    client.post(
        f"/portal/practice-plan/{plan.pk}/log/",
        {
            "log_date": timezone.localdate().isoformat(),
            "practised": "1",
            "how_it_went": "7",
            "note": "Easier in the morning",
        },
    )
    entry = Response.objects.get(plan=plan)
    assert entry.instrument_id == "practice_log" and entry.total == 7
    assert entry.answers["practised"] == 1


def test_it_explains_a_bad_practice_log_and_stores_nothing(client, people):
    plan = PracticePlan.objects.create(episode=people.episode, title="Walk")
    client.force_login(people.client_user)
    page = client.post(
        f"/portal/practice-plan/{plan.pk}/log/",
        {"log_date": "not a date", "practised": "", "how_it_went": "12"},
    )
    assert page.status_code == 400
    assert b"Enter a valid date" in page.content
    assert not Response.objects.exists()


def test_it_lets_the_client_ask_to_pause_and_tells_the_therapist(client, people):
    client.force_login(people.client_user)
    client.post("/portal/pause/", {"note": "Exams this month"})
    people.episode.refresh_from_db()
    assert people.episode.pause_requested_at is not None
    assert people.episode.status == Episode.ACTIVE  # the therapist decides with the client
    client.force_login(people.therapist)
    assert b"Asked to pause" in client.get("/caseload/").content
    assert b"Exams this month" in client.get(f"/clients/{people.client.pk}/").content


def test_it_lets_the_client_choose_to_share_with_the_supervisor(client, people):
    client.force_login(people.supervisor)
    assert client.get(f"/clients/{people.client.pk}/").status_code == 404
    client.force_login(people.client_user)
    client.post("/portal/settings/", {"share_with_supervisor": "on", "reminders": "on"})
    client.force_login(people.supervisor)
    assert "Ada\u00a0L." in client.get("/supervision/").content.decode()
    assert client.get(f"/clients/{people.client.pk}/").status_code == 200
    # Read only: the supervisor cannot record a session.
    assert (
        client.post(
            f"/episodes/{people.episode.pk}/sessions/new/",
            {"date": "2026-01-01", "attendance": "attended"},
        ).status_code
        == 404
    )

"""A therapist's form sent with a mistake comes back as it was sent (issue 17.9).

Every form on the client's page, the new-client page and the session correction page: the answer
is 400, what was typed is back in its field, the error is beside its field and tied to it for a
screen reader (aria-describedby), and the message at the top names the field.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from tandem.care.models import Client, Goal, PracticePlan
from tandem.web.testing import form_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def therapist(client: Any, people: Any) -> Any:
    client.force_login(people.therapist)
    return client


def test_a_new_client_keeps_the_email_typed_and_says_what_is_missing(
    therapist: Any, people: Any
) -> None:
    response = therapist.post("/clients/new/", {"display_name": "", "email": "sam.example.org"})
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("id_email") == "sam.example.org"
    assert page.error("id_email") == "Enter a valid email address."
    assert page.error("id_display_name") == "This field is required."
    assert Client.objects.count() == 3


def test_a_portal_invitation_with_a_bad_address_keeps_it(therapist: Any, people: Any) -> None:
    walk_in = Client.objects.create(
        practice=people.practice, display_name="Dee W.", therapist=people.therapist
    )
    walk_in.episodes.create(therapist=people.therapist, number=1)
    response = therapist.post(f"/clients/{walk_in.pk}/invite/", {"email": "dee@"})
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("invite-email") == "dee@"
    assert page.error("invite-email") == "Enter a valid email address."
    assert page.messages == [
        "The invitation was not sent. Client's email address: Enter a valid email address."
    ]


def test_a_session_in_the_future_keeps_the_date_and_attendance(therapist: Any, people: Any) -> None:
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = therapist.post(
        f"/episodes/{people.episode.pk}/sessions/new/",
        {"date": tomorrow, "attendance": "cancelled"},
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("session-date") == tomorrow
    assert page.value("session-attendance") == "cancelled"
    assert page.error("session-date") == "The session date cannot be in the future."
    assert page.messages == [
        "The session was not recorded. Date: The session date cannot be in the future."
    ]


def test_a_session_without_attendance_says_so_beside_the_choices(
    therapist: Any, people: Any
) -> None:
    today = timezone.localdate().isoformat()
    response = therapist.post(f"/episodes/{people.episode.pk}/sessions/new/", {"date": today})
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("session-date") == today
    assert page.error("session-attendance") == "This field is required."


def test_ending_without_a_reason_keeps_the_note(therapist: Any, people: Any) -> None:
    response = therapist.post(
        f"/episodes/{people.episode.pk}/end/", {"note": "We agreed to stop for the summer"}
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("end-note") == "We agreed to stop for the summer"
    assert page.error("end-reason") == "Choose how the episode ended."
    assert "open><summary>End this episode" in response.content.decode()
    people.episode.refresh_from_db()
    assert people.episode.status == "active"


def test_an_unknown_main_problem_is_refused_beside_the_field(therapist: Any, people: Any) -> None:
    response = therapist.post(f"/episodes/{people.episode.pk}/problem/", {"problem": "boredom"})
    assert response.status_code == 400
    page = form_page(response)
    assert page.error("problem-problem").startswith("Select a valid choice.")
    assert page.messages[0].startswith("The main problem was not changed. Main problem: ")


def test_a_goal_too_long_comes_back_as_typed(therapist: Any, people: Any) -> None:
    typed = "Sleep through the night " * 25  # 600 characters
    response = therapist.post(f"/episodes/{people.episode.pk}/goals/", {"text": typed})
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("new-goal-text") == typed
    assert "at most 500 characters" in page.error("new-goal-text")
    assert not Goal.objects.exists()


def test_a_goal_edit_with_progress_out_of_range_keeps_every_field(
    therapist: Any, people: Any
) -> None:
    goal = Goal.objects.create(episode=people.episode, text="Walk daily")
    other = Goal.objects.create(episode=people.episode, text="Call a friend")
    response = therapist.post(
        f"/goals/{goal.pk}/",
        {"version": "1", "text": "Walk twice a day", "status": "achieved", "progress": "11"},
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value(f"goal-{goal.pk}-text") == "Walk twice a day"
    assert page.value(f"goal-{goal.pk}-status") == "achieved"
    assert page.value(f"goal-{goal.pk}-progress") == "11"
    assert page.error(f"goal-{goal.pk}-progress") == "Choose a number from 0 to 10."
    # The other goal's form is as it was, with ids of its own.
    assert page.value(f"goal-{other.pk}-text") == "Call a friend"
    assert page.error(f"goal-{other.pk}-progress") == ""
    goal.refresh_from_db()
    assert goal.text == "Walk daily" and goal.version == 1


def test_a_practice_plan_without_a_title_keeps_the_rest(therapist: Any, people: Any) -> None:
    response = therapist.post(
        f"/episodes/{people.episode.pk}/plans/",
        {"title": "", "description": "Notice three things", "how_often": "most days"},
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("new-plan-description") == "Notice three things"
    assert page.value("new-plan-how_often") == "most days"
    assert page.error("new-plan-title") == "This field is required."
    assert not PracticePlan.objects.exists()


def test_a_session_correction_without_a_reason_keeps_the_date(therapist: Any, people: Any) -> None:
    day = (people.session.date - timedelta(days=2)).isoformat()
    response = therapist.post(
        f"/sessions/{people.session.pk}/correct/",
        {"date": day, "reason": "", "episode": people.episode.pk},
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("correct_date") == day
    assert page.error("correct_reason") == "This field is required."


def test_a_deletion_without_the_box_ticked_keeps_the_reason(therapist: Any, people: Any) -> None:
    response = therapist.post(
        f"/sessions/{people.session.pk}/delete/",
        {"reason": "Recorded for the wrong client", "episode": people.episode.pk},
    )
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("delete_reason") == "Recorded for the wrong client"
    assert page.value("delete_confirm") is False
    assert page.error("delete_confirm") == (
        "Tick the box to confirm: the deletion cannot be undone."
    )
    assert people.episode.sessions.count() == 1


def test_the_client_page_uses_each_id_once(therapist: Any, people: Any) -> None:
    Goal.objects.create(episode=people.episode, text="Walk daily")
    Goal.objects.create(episode=people.episode, text="Call a friend")
    PracticePlan.objects.create(episode=people.episode, title="Breathing space")
    page = form_page(therapist.get(f"/clients/{people.client.pk}/"))
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))

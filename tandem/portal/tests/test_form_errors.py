"""A client's form sent with a mistake comes back as they sent it (issue 17.9): goal progress,
the practice log (each plan's form with ids of its own), and the questionnaires."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.care.models import Goal, PracticePlan
from tandem.measures.models import Response
from tandem.web.testing import form_page

pytestmark = pytest.mark.django_db


@pytest.fixture
def ada(client: Any, people: Any) -> Any:
    client.force_login(people.client_user)
    return client


def test_goal_progress_out_of_range_is_kept_beside_that_goal(ada: Any, people: Any) -> None:
    goal = Goal.objects.create(episode=people.episode, text="Walk daily")
    other = Goal.objects.create(episode=people.episode, text="Call a friend", progress=3)
    response = ada.post(f"/portal/goals/{goal.pk}/progress/", {"progress": "12", "version": "1"})
    assert response.status_code == 400
    page = form_page(response)
    assert page.value(f"goal-{goal.pk}-progress") == "12"
    assert page.error(f"goal-{goal.pk}-progress") == "Please choose a number from 0 to 10."
    assert page.value(f"goal-{other.pk}-progress") == "3"
    assert page.error(f"goal-{other.pk}-progress") == ""
    assert page.messages == [
        "Your progress was not saved yet. How far along are you? (0–10): "
        "Please choose a number from 0 to 10."
    ]
    goal.refresh_from_db()
    assert goal.progress is None


def test_a_practice_log_with_mistakes_keeps_the_rest_of_what_was_typed(
    ada: Any, people: Any
) -> None:
    walk = PracticePlan.objects.create(episode=people.episode, title="Walk")
    breathe = PracticePlan.objects.create(episode=people.episode, title="Breathing space")
    response = ada.post(
        f"/portal/practice-plan/{walk.pk}/log/",
        {"log_date": "", "practised": "1", "how_it_went": "12", "note": "Rained, went anyway"},
    )
    assert response.status_code == 400
    page = form_page(response)
    mine = f"plan-{walk.pk}-"
    assert page.value(mine + "practised") == "1"
    assert page.value(mine + "note") == "Rained, went anyway"
    assert page.value(mine + "how_it_went") == "12"
    assert page.error(mine + "log_date") == "This field is required."
    assert page.error(mine + "how_it_went") == "Please choose a number from 0 to 10."
    assert page.messages == [
        "Your practice was not logged yet. When: This field is required. "
        "How did it go? (0 = badly, 10 = very well): Please choose a number from 0 to 10."
    ]
    # The other plan's form is empty, with no errors and ids of its own.
    assert page.value(f"plan-{breathe.pk}-note") == ""
    assert page.error(f"plan-{breathe.pk}-log_date") == ""
    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    assert not Response.objects.exists()


def test_a_questionnaire_with_an_answer_missing_keeps_the_others(ada: Any, people: Any) -> None:
    answers = {f"q{i}": "2" for i in range(1, 9)}  # q9 left out
    response = ada.post(f"/portal/sessions/{people.session.pk}/phq9/", answers)
    assert response.status_code == 400
    page = form_page(response)
    assert page.value("id_q1") == "2"
    assert page.error("id_q9") == "Please choose an answer."
    summary = response.content.decode().split('class="attention" role="alert"', 1)[1]
    assert '<a href="#id_q9">' in summary.split("</div>", 1)[0]
    assert not Response.objects.exists()

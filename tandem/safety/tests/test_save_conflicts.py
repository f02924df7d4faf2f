"""A save conflict (someone else saved first) keeps what the person typed beside the newer
version: the safety plan (therapist and client), and goals."""

import pytest

from tandem.care.models import Goal
from tandem.safety.models import SafetyPlan

pytestmark = pytest.mark.django_db

PLAN = {
    "warning_signs": "Not sleeping",
    "coping_steps": "A walk by the sea",
    "people_and_places": "",
    "professional_contacts": "",
}


def test_a_safety_plan_conflict_keeps_the_typed_text_beside_the_newer_version(client, people):
    plan = SafetyPlan.objects.create(client=people.client, warning_signs="Old signs", version=1)
    # The client saves first, from their portal.
    client.force_login(people.client_user)
    client.post("/portal/safety-plan/", PLAN | {"warning_signs": "Staying in bed", "version": 1})
    plan.refresh_from_db()
    assert plan.version == 2
    # The therapist, who opened version 1, saves their own text.
    client.force_login(people.therapist)
    page = client.post(
        f"/clients/{people.client.pk}/safety-plan/",
        PLAN | {"warning_signs": "Cancelling plans with friends", "version": 1},
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert "Someone else saved the safety plan while you were writing" in html
    assert "Staying in bed" in html  # the newer version, in the form
    assert "What you typed here (not saved yet)" in html
    assert "Cancelling plans with friends" in html  # nothing typed is lost
    assert (
        'name="version" value="2"' in html.replace("\n", " ") or 'value="2" id="id_version"' in html
    )
    plan.refresh_from_db()
    assert plan.warning_signs == "Staying in bed"


def test_a_goal_conflict_keeps_the_therapists_typed_text(client, people):
    goal = Goal.objects.create(episode=people.episode, text="Sleep better", version=1)
    Goal.objects.filter(pk=goal.pk).update(text="Sleep seven hours", version=2)
    client.force_login(people.therapist)
    page = client.post(
        f"/goals/{goal.pk}/",
        {"version": 1, "text": "Sleep through most nights", "status": "active", "progress": "4"},
    )
    html = page.content.decode()
    assert "What you typed (not saved yet):" in html
    assert "“Sleep through most nights”, working on it, progress 4/10" in html
    assert 'value="Sleep seven hours"' in html


def test_a_clients_goal_progress_conflict_says_the_number_back(client, people):
    goal = Goal.objects.create(episode=people.episode, text="Sleep better", version=2)
    client.force_login(people.client_user)
    page = client.post(
        f"/portal/goals/{goal.pk}/progress/", {"progress": "7", "version": "1"}, follow=True
    )
    assert "so your 7/10 was not saved yet" in page.content.decode()

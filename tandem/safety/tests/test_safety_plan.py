"""The safety plan: kept together, open to the client at any time, including from the support page."""

import pytest

from tandem.safety.models import SafetyPlan

pytestmark = pytest.mark.django_db

PLAN = {
    "warning_signs": "Not sleeping; cancelling plans",
    "coping_steps": "Walk by the river",
    "people_and_places": "My sister Jo",
    "professional_contacts": "GP surgery",
}


def test_the_therapist_and_client_keep_one_plan(client, people):
    client.force_login(people.therapist)
    client.post(f"/clients/{people.client.pk}/safety-plan/", {**PLAN, "version": "1"})
    client.force_login(people.client_user)
    page = client.get("/portal/safety-plan/")
    assert b"Walk by the river" in page.content
    client.post("/portal/safety-plan/", {**PLAN, "coping_steps": "Walk; call Jo", "version": "2"})
    assert SafetyPlan.objects.get().coping_steps == "Walk; call Jo"
    assert b"Walk; call Jo" in client.get("/portal/support/").content


def test_it_refuses_an_edit_from_a_stale_copy(client, people):
    client.force_login(people.therapist)
    client.post(f"/clients/{people.client.pk}/safety-plan/", {**PLAN, "version": "1"})
    page = client.post(
        f"/clients/{people.client.pk}/safety-plan/",
        {**PLAN, "coping_steps": "x", "version": "1"},
        follow=True,
    )
    assert b"Someone else saved the safety plan while you were writing" in page.content
    assert SafetyPlan.objects.get().coping_steps == "Walk by the river"


def test_a_colleague_cannot_open_the_plan(client, people):
    client.force_login(people.colleague)
    assert client.get(f"/clients/{people.client.pk}/safety-plan/").status_code == 404

"""On a phone, a client whose therapist saved the safety plan first keeps what they typed."""

import pytest
from playwright.sync_api import expect

from tandem.safety.models import SafetyPlan
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_clients_typed_text_stays_beside_the_therapists_newer_plan(live_server, people, phone):
    SafetyPlan.objects.create(client=people.client, warning_signs="Not sleeping", version=1)
    sign_in(phone, live_server.url, "client@harbour.test")
    phone.goto(f"{live_server.url}/portal/safety-plan/")
    phone.get_by_label("Things I can do on my own to feel safer").fill("Call my sister")
    # Meanwhile the therapist saves a newer version.
    SafetyPlan.objects.filter(client=people.client).update(
        coping_steps="Breathing exercise", version=2
    )
    phone.get_by_role("button", name="Save my plan").click()
    expect(phone.get_by_text("Someone else saved the safety plan")).to_be_visible()
    assert phone.get_by_label("Things I can do on my own to feel safer").input_value() == (
        "Breathing exercise"
    )
    typed = phone.get_by_label("What you typed here (not saved yet)")
    assert typed.input_value() == "Call my sister"
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1

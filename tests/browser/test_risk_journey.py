"""A client answers PHQ-9 item 9 on a phone: the support page comes first; the therapist acknowledges."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_risk_answer_leads_to_support_and_to_the_therapists_alert(
    live_server, people, phone, desktop
):
    sign_in(phone, live_server.url, "client@harbour.test")
    phone.goto(f"{live_server.url}/portal/sessions/{people.session.pk}/phq9/")
    groups = phone.locator("fieldset").all()
    for group in groups[:8]:
        group.get_by_text("Several days").click()
    groups[8].get_by_text("More than half the days").click()
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_role("heading", name="What to do now")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    phone.get_by_role("link", name="Continue").click()
    expect(phone.get_by_role("heading", name="Due now")).to_be_visible()

    sign_in(desktop, live_server.url, "therapist@harbour.test")
    alert = desktop.get_by_role("alert").filter(has_text="Risk to review")
    assert "More than half the days" in alert.inner_text()
    alert.get_by_label("What was done?").fill("Phoned Ada; we reviewed her safety plan")
    alert.get_by_role("button", name="Acknowledge").click()
    expect(desktop.get_by_text("Alert acknowledged")).to_be_visible()
    assert desktop.get_by_text("Risk to review").count() == 0

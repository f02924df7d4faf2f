"""A former client answers a follow-up check-in on a 375 px phone: the portal offers it, each
questionnaire fits, a risk answer shows the crisis information first, and a "yes" to talking
again thanks them and reaches the therapist."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tandem.followup.models import ReturningRequest
from tandem.safety.models import RiskAlert
from tests.browser.conftest import sign_in
from tests.browser.demo_server import fits_the_screen, serious_violations
from tests.browser.follow_up import SMALL_TARGETS, ended_with_a_check_in, tap_first_choices

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def small_phone(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_a_former_client_answers_a_follow_up_on_a_phone(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    follow_up = ended_with_a_check_in(people)

    page = small_phone
    sign_in(page, live_server.url, "client@harbour.test")
    page.goto(live_server.url + "/portal/")
    expect(page.get_by_role("heading", name="How are you doing?")).to_be_visible()
    assert fits_the_screen(page)
    page.get_by_role("link", name="Check in").click()
    expect(page.get_by_role("heading", name="Checking in")).to_be_visible()
    expect(page.get_by_text("We hope things are going well")).to_be_visible()
    assert fits_the_screen(page) and page.evaluate(SMALL_TARGETS) == []
    assert serious_violations(page) == []

    # The PHQ-9 first, with a risk answer: the crisis information comes before anything else.
    page.get_by_role("link", name="Start PHQ-9").click()
    # The form has loaded (the list page has no questions) before its size is measured.
    expect(page.locator("fieldset").first).to_be_visible()
    assert fits_the_screen(page) and page.evaluate(SMALL_TARGETS) == []
    tap_first_choices(page, risky=True)
    expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
    assert RiskAlert.objects.filter(client=people.client).exists()
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("link", name="Check in").click()

    page.get_by_role("link", name="Start GAD-7").click()
    expect(page.locator("fieldset").first).to_be_visible()
    assert fits_the_screen(page)
    tap_first_choices(page)
    page.get_by_role("link", name="Start Talk again").click()
    expect(page.get_by_text("Would you like to talk to your therapist again?")).to_be_visible()
    assert fits_the_screen(page) and page.evaluate(SMALL_TARGETS) == []
    page.locator("label:has(input[name=talk][value='1'])").click()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_text("will be in touch")).to_be_visible()
    assert fits_the_screen(page) and serious_violations(page) == []
    request = ReturningRequest.objects.get(follow_up=follow_up)
    assert request.wants_to_talk

"""A former client answers their follow-up check-in through the personal link in its email, on a
375 px phone and on a tablet both ways up, signed in nowhere: what is waiting, each
questionnaire, the crisis information after a risk answer, and the thanks with what happens next;
the "yes" reaches the therapist, and the link then opens nothing."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tandem.followup.models import ReturningRequest
from tandem.links.actions import create_follow_up_link
from tandem.safety.models import RiskAlert
from tests.browser.demo_server import fits_the_screen, serious_violations
from tests.browser.follow_up import SMALL_TARGETS, ended_with_a_check_in, tap_first_choices

pytestmark = pytest.mark.django_db(transaction=True)

SCREENS = {
    "phone": {"width": 375, "height": 812},
    "tablet-portrait": {"width": 768, "height": 1024},
    "tablet-landscape": {"width": 1024, "height": 768},
}


@pytest.mark.parametrize("screen", SCREENS)
def test_a_former_client_answers_the_check_in_through_its_link(
    live_server: Any, people: Any, browser: Any, screen: str
) -> None:
    follow_up = ended_with_a_check_in(people)
    made = create_follow_up_link(None, follow_up, via="reminder")
    link = live_server.url + "/l/" + made.url.rstrip("/").rsplit("/", 1)[-1] + "/"
    context = browser.new_context(
        viewport=SCREENS[screen], device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)

    page.goto(link)
    expect(page.get_by_role("heading", name="Your questionnaires")).to_be_visible()
    expect(page.get_by_text("1 month after your therapy ended")).to_be_visible()
    expect(page.get_by_text("Harbour")).to_be_visible()
    # Nothing of the record: not the client's name, not the therapist's.
    assert page.get_by_text("Ada").count() == 0
    assert page.get_by_text(people.therapist.full_name).count() == 0
    assert fits_the_screen(page) and page.evaluate(SMALL_TARGETS) == []
    assert serious_violations(page) == []

    # The PHQ-9 first, with a risk answer: the crisis information comes before anything else.
    page.get_by_role("link", name=re.compile(r"^Start .*PHQ-9")).click()
    # The form has loaded (the list page has no questions) before its size is measured.
    expect(page.locator("fieldset").first).to_be_visible()
    assert fits_the_screen(page) and page.evaluate(SMALL_TARGETS) == []
    tap_first_choices(page, risky=True)
    expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
    assert RiskAlert.objects.filter(client=people.client).exists()
    assert fits_the_screen(page)
    page.get_by_role("link", name="Continue").click()

    page.get_by_role("link", name=re.compile(r"^Start .*GAD-7")).click()
    tap_first_choices(page)
    page.get_by_role("link", name="Start Staying in touch").click()
    expect(page.get_by_text("Would you like to talk to your therapist again?")).to_be_visible()
    assert fits_the_screen(page) and page.evaluate(SMALL_TARGETS) == []
    page.locator("label:has(input[name=talk][value='1'])").click()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    expect(page.get_by_text("the practice will be in touch")).to_be_visible()
    assert fits_the_screen(page) and serious_violations(page) == []
    assert ReturningRequest.objects.get(follow_up=follow_up).wants_to_talk

    # Used up, and it signed nobody in.
    page.goto(link)
    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    page.goto(live_server.url + "/portal/")
    assert "/accounts/login/" in page.url
    context.close()

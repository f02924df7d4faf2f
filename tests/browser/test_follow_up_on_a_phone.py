"""A former client answers a follow-up check-in on a 375 px phone: the portal offers it, each
questionnaire fits, a risk answer shows the crisis information first, and a "yes" to talking
again thanks them and reaches the therapist."""

from __future__ import annotations

import calendar
from datetime import date, timedelta
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tandem.care.actions import end_episode
from tandem.care.models import Session
from tandem.core.schedule import follow_up_due_on
from tandem.followup.actions import open_follow_up
from tandem.followup.models import ReturningRequest
from tandem.measures.actions import submit_response
from tandem.safety.models import RiskAlert
from tests.browser.conftest import sign_in
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_TARGETS = """() => [...document.querySelectorAll('main a.button, main button, main .choices label')]
  .filter(e => e.getClientRects().length && e.getBoundingClientRect().height < 44)
  .map(e => e.textContent.trim().slice(0, 40) + ' (' + Math.round(e.getBoundingClientRect().height) + ' px)')"""


@pytest.fixture
def small_phone(browser: Any) -> Any:
    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _month_before(day: date) -> date:
    year, month = (day.year, day.month - 1) if day.month > 1 else (day.year - 1, 12)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _tap_first_choices(page: Any, risky: bool = False) -> None:
    for group in page.locator("fieldset").all():
        labels = group.locator("label:has(input[type=radio])")
        if labels.count():
            labels.first.click()
    if risky:
        page.locator("label:has(input[name=q9][value='2'])").click()
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()


def test_a_former_client_answers_a_follow_up_on_a_phone(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    today = timezone.localdate()
    ended_on = _month_before(today)
    episode = people.episode
    Session.objects.filter(pk=people.session.pk).update(date=ended_on - timedelta(days=21))
    people.session.refresh_from_db()
    last = Session.objects.create(episode=episode, number=2, date=ended_on - timedelta(days=7))
    for session, level in ((people.session, 2), (last, 0)):
        submit_response(
            people.client_user,
            episode,
            "phq9",
            {f"q{i}": level for i in range(1, 9)} | {"q9": 0},
            session=session,
        )
    end_episode(people.therapist, episode, "graduated", when=ended_on)
    follow_up = open_follow_up(episode.pk, 1, follow_up_due_on(ended_on, 1))
    assert follow_up is not None

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
    assert fits_the_screen(page) and page.evaluate(SMALL_TARGETS) == []
    _tap_first_choices(page, risky=True)
    expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
    assert RiskAlert.objects.filter(client=people.client).exists()
    page.get_by_role("link", name="Continue").click()
    page.get_by_role("link", name="Check in").click()

    page.get_by_role("link", name="Start GAD-7").click()
    assert fits_the_screen(page)
    _tap_first_choices(page)
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

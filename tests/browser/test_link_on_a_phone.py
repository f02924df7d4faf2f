"""A client answers through a personal questionnaire link on a 375 px phone, signed in nowhere:
the list of what is waiting, each questionnaire, the crisis page after a risk answer, and the
thank-you once everything is answered; the portal still asks them to sign in."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tandem.links.actions import create_link, due_through
from tandem.measures.models import Response
from tandem.safety.models import RiskAlert
from tests.browser.conftest import sign_in
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

# Controls that stand alone (not a link inside a sentence), shorter than 44 px.
SMALL_TARGETS = """() => [...document.querySelectorAll('main a, main button, main .choices label')]
  .filter(e => !(e.tagName === 'A' && e.parentElement.matches('p, li, dd, span')
                 && e.parentElement.textContent.trim() !== e.textContent.trim()))
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
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _answer_calmly(page: Any, risky: bool = False) -> None:
    """Tap the first choice of every question (and, when ``risky``, "nearly every day" to the
    PHQ-9's question about thoughts of self-harm)."""
    for group in page.locator("fieldset").all():
        labels = group.locator("label:has(input[type=radio])")
        if labels.count():
            labels.first.click()
    if risky:
        page.locator("label:has(input[name=q9][value='3'])").click()
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()


def test_a_client_answers_everything_through_a_link_on_a_phone(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    made = create_link(people.therapist, people.session, via="therapist")
    link = "/l/" + made.url.rstrip("/").rsplit("/", 1)[-1] + "/"
    due = [d.instrument for d in due_through(made.link)]
    page = small_phone
    page.goto(live_server.url + link)
    expect(page.get_by_role("heading", name="Your questionnaires")).to_be_visible()
    expect(page.get_by_text("Harbour")).to_be_visible()
    assert page.get_by_text("Ada").count() == 0
    assert fits_the_screen(page) and page.evaluate(SMALL_TARGETS) == []
    assert serious_violations(page) == []

    for instrument in due:
        page.goto(live_server.url + link)
        page.get_by_role("link", name=f"Start {instrument.title}").click()
        expect(page.get_by_role("heading", name=instrument.title)).to_be_visible()
        assert fits_the_screen(page), instrument.id
        assert page.evaluate(SMALL_TARGETS) == [], instrument.id
        _answer_calmly(page, risky=instrument.id == "phq9")
        if instrument.id == "phq9":
            # A risk answer: the practice's crisis information first, then carry on.
            expect(page.get_by_role("heading", name="Thank you for telling us")).to_be_visible()
            assert fits_the_screen(page)
            assert serious_violations(page) == []
            page.get_by_role("link", name="Continue").click()

    expect(page.get_by_role("heading", name="Thank you")).to_be_visible()
    assert Response.objects.filter(session=people.session, respondent_role="client").count() == len(
        due
    )
    assert RiskAlert.objects.filter(client=people.client).exists()
    # The link signed nobody in: the portal still asks for a sign-in.
    page.goto(live_server.url + "/portal/")
    assert "/accounts/login/" in page.url
    assert not [c for c in page.context.cookies() if c["name"] == "sessionid"]


def test_the_therapist_makes_a_link_on_the_session_page_and_withdraws_it(
    live_server: Any, people: Any, small_phone: Any, browser: Any
) -> None:
    page = small_phone
    sign_in(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    page.get_by_role("button", name="Make a link").click()
    expect(page.get_by_text("shown only this once")).to_be_visible()
    url = page.get_by_label("The link").input_value()
    assert "/l/" in url
    assert fits_the_screen(page) and serious_violations(page) == []
    # The client opens it on their own phone.
    client = browser.new_context(viewport={"width": 375, "height": 812}, is_mobile=True)
    their_page = client.new_page()
    their_page.goto(live_server.url + "/l/" + url.rstrip("/").rsplit("/", 1)[-1] + "/")
    expect(their_page.get_by_role("heading", name="Your questionnaires")).to_be_visible()
    # Withdrawn from the session page, it opens nothing any more.
    page.get_by_role("link", name="Back to the session").click()
    page.get_by_role("button", name="Withdraw").click()
    expect(page.get_by_text("The link is withdrawn")).to_be_visible()
    their_page.reload()
    expect(their_page.get_by_role("heading", name="This link no longer works")).to_be_visible()
    client.close()

"""The client's portal on a 375 px phone, as a newcomer taps through it: every control that stands
alone is a 44 px target, a question's wording sits inside its box, a questionnaire sent with gaps
passes axe, lists in cards keep their padding and a crisis number is never split over two lines."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.care.models import PracticePlan
from tandem.safety.models import PracticeSafety
from tests.browser.conftest import sign_in
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

# Controls that stand alone (not a link inside a sentence), shorter than 44 px.
SMALL_TARGETS = """() => [...document.querySelectorAll(
    'header a, header button, main a, main button, main summary, main .choices label')]
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


def test_every_control_that_stands_alone_is_a_44px_target(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    PracticePlan.objects.create(episode=people.episode, title="Walk", how_often="most days")
    page = small_phone
    sign_in(page, live_server.url, "client@harbour.test")
    for path in ("/portal/", "/portal/practice-plan/", "/portal/settings/", "/accounts/sessions/"):
        page.goto(live_server.url + path)
        assert page.evaluate(SMALL_TARGETS) == [], path
        assert fits_the_screen(page), path


def test_a_questionnaire_sent_with_gaps_reads_well_and_passes_axe(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    page = small_phone
    sign_in(page, live_server.url, "client@harbour.test")
    page.goto(f"{live_server.url}/portal/sessions/{people.session.pk}/partnership/")
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state()
    assert serious_violations(page) == []
    # The summary does not write "respected.: Please choose an answer."
    assert ".:" not in page.locator(".attention").inner_text()
    # Each question's wording is inside its box, not straddling the border above it.
    outside = page.evaluate(
        """() => [...document.querySelectorAll('.question fieldset')].filter(f => {
            const legend = f.querySelector('legend').getBoundingClientRect();
            return legend.top < f.getBoundingClientRect().top; }).length"""
    )
    assert outside == 0


def test_card_lists_keep_their_padding_and_crisis_numbers_stay_whole(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    PracticeSafety.objects.create(
        practice=people.practice,
        crisis_text="Call 999 if you are in danger now.",
        crisis_contacts="Harbour Lane duty line (9am–5pm): 0117 496 0000\n"
        "Samaritans (any time): 116 123",
    )
    page = small_phone
    sign_in(page, live_server.url, "client@harbour.test")
    page.goto(f"{live_server.url}/accounts/sessions/")
    gap = page.evaluate(
        """() => { const card = document.querySelector('ul.card').getBoundingClientRect();
                   const text = document.querySelector('ul.card li span').getBoundingClientRect();
                   return text.left - card.left; }"""
    )
    assert gap >= 12
    page.goto(f"{live_server.url}/portal/support/")
    numbers = page.locator(".contacts a")
    assert numbers.count() == 2
    for number in numbers.all():
        lines, height = number.evaluate(
            "a => [a.getClientRects().length, a.getBoundingClientRect().height]"
        )
        assert lines == 1 and height >= 44, number.inner_text()


def test_a_charts_axis_name_does_not_sit_on_its_numbers(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    from tandem.reports.tests.conftest import add_scores, partnership

    add_scores(
        people.episode,
        {"partnership": [partnership(8), partnership(6), partnership(9)]},
        respondent=people.client_user,
    )
    page = small_phone
    sign_in(page, live_server.url, "client@harbour.test")
    page.goto(f"{live_server.url}/portal/progress/")
    overlaps = page.evaluate(
        """() => [...document.querySelectorAll('svg.chart')].flatMap(svg => {
            // The y-axis name, above the numbers (the x-axis name is centred below them).
            const axis = [...svg.querySelectorAll('text.axis:not([text-anchor="middle"])')]
                .map(t => t.getBoundingClientRect());
            const ticks = [...svg.querySelectorAll('text.tick')].map(t => t.getBoundingClientRect());
            return axis.flatMap(a => ticks.filter(t => a.left < t.right && t.left < a.right
                && a.top < t.bottom && t.top < a.bottom).map(t => Math.round(t.top)));
        })"""
    )
    assert page.locator('svg.chart text.axis:not([text-anchor="middle"])').count() >= 1
    assert overlaps == []

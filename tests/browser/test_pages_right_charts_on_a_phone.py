"""Every word and number of a chart stays inside its drawing, on a 375 px phone (where a
chart is scaled down and its type set larger) and a 1280 px desktop, in English and Spanish: the
practice report's funnel plot, therapist comparison and monthly trend, and a progress report's
line charts. tests/browser/test_reports_in_spanish.py checks words only; a tick number such as
the funnel's "100" once edged past the left side of the drawing on a phone."""

from __future__ import annotations

from typing import Any

import pytest

from tandem.reports.tests.conftest import add_scores, partnership
from tandem.reports.tests.test_practice_report import _episodes
from tests.browser.conftest import new_page, sign_in_by_fields

pytestmark = pytest.mark.django_db(transaction=True)

SIZES = {"phone": {"width": 375, "height": 812}, "desktop": {"width": 1280, "height": 860}}
LOCALES = ("en-GB", "es-ES")

# Any text of a chart (a number too) whose box reaches past its drawing's sides or top/bottom.
TEXT_OUTSIDE_ITS_CHART = """() => [...document.querySelectorAll('main svg.chart text')].filter(t => {
    const box = t.getBoundingClientRect(), svg = t.ownerSVGElement.getBoundingClientRect();
    return box.width && (box.left < svg.left - 0.5 || box.right > svg.right + 0.5
        || box.top < svg.top - 0.5 || box.bottom > svg.bottom + 0.5);
}).map(t => `${t.ownerSVGElement.dataset.chart}: ${t.textContent}`)"""


@pytest.fixture(params=[(size, locale) for size in sorted(SIZES) for locale in LOCALES])
def page(request: Any, browser: Any) -> Any:
    size, locale = request.param
    page = new_page(browser, SIZES[size], phone=size == "phone", locale=locale)
    yield page
    page.context.close()


def test_the_practice_reports_charts_keep_their_text_inside(
    live_server: Any, people: Any, page: Any
) -> None:
    _episodes(people, people.therapist, 12, withdrew=3)
    _episodes(people, people.colleague, 11)
    sign_in_by_fields(page, live_server.url, "admin@harbour.test")
    page.goto(f"{live_server.url}/reports/practice/")
    funnel = page.locator('svg[data-chart="chart-funnel"]')
    assert funnel.count() == 1
    # The funnel's percentages run to 100: the number that once edged past the drawing.
    assert "100" in funnel.locator("text").all_text_contents()
    outside = page.evaluate(TEXT_OUTSIDE_ITS_CHART)
    assert outside == [], outside


def test_the_progress_reports_charts_keep_their_text_inside(
    live_server: Any, people: Any, page: Any
) -> None:
    add_scores(
        people.episode,
        {
            "phq9": [18, 15.5, 11, 9, 8],
            "gad7": [14, 12, 9, 7, 6],
            "partnership": [partnership(7.5)] * 5,
        },
        respondent=people.client_user,
    )
    sign_in_by_fields(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/reports/episodes/{people.episode.pk}/")
    assert page.locator("main svg.chart").count() >= 3
    outside = page.evaluate(TEXT_OUTSIDE_ITS_CHART)
    assert outside == [], outside

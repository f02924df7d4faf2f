"""At phone width (375 px), pages with long words in them fit the screen (issue 17.10, 17.17)."""

import pytest

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

WIDTH = 375


@pytest.fixture
def narrow_phone(browser):
    context = browser.new_context(
        viewport={"width": WIDTH, "height": 800}, device_scale_factor=2, is_mobile=True
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _overflowing(page):
    """Elements whose right edge passes the screen's (the page would scroll sideways)."""
    return page.evaluate(
        """(width) => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > width + 1)
            .map(e => e.tagName + (e.id ? '#' + e.id : ''))""",
        WIDTH,
    )


def test_the_collection_schedule_fits_a_phone(live_server, people, narrow_phone):
    page = narrow_phone
    sign_in(page, live_server.url, "admin@harbour.test")
    page.goto(f"{live_server.url}/practice/instruments/")
    assert _overflowing(page) == []
    # The chosen option's words are shown whole in the select, arrow and padding aside.
    for option in ("every_session", "first_session", "every_n"):
        page.select_option("#rule-growth", option)
        room, text = page.evaluate(
            """() => {
                const select = document.querySelector('#rule-growth');
                const style = getComputedStyle(select);
                const context = document.createElement('canvas').getContext('2d');
                context.font = style.font;
                const words = select.selectedOptions[0].text;
                const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
                return [select.clientWidth - padding - 24, context.measureText(words).width];
            }"""
        )
        assert text <= room, option
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH

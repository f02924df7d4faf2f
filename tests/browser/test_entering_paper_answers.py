"""A therapist on a phone (375 px) or a tablet (768 px) enters the PHQ-9 a client filled in on
paper (issue 19.5): a form sent with a gap says what is missing without an axe-core violation,
nothing runs off the side, and the session then shows the answers as the client's, entered from
paper."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(params=[375, 768], ids=["phone", "tablet"])
def screen(browser: Any, request: Any) -> Iterator[Any]:
    width = request.param
    context = browser.new_context(
        viewport={"width": width, "height": 1024 if width > 500 else 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def test_a_therapist_enters_a_paper_phq9_on_a_small_screen(
    live_server: Any, people: Any, screen: Any
) -> None:
    page = screen
    sign_in(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    page.get_by_role("link", name=re.compile(r"^Enter answers to the .*PHQ-9")).click()
    expect(page).to_have_url(re.compile(r"/enter/phq9/$"))
    assert fits_the_screen(page)

    # Sent with the way in and one question missing: refused, said plainly, nothing lost.
    for group in page.locator("fieldset").all()[2:]:
        group.locator("label:has(input[value='0'])").click()
    page.get_by_role("button", name="Save Ada L.'s answers").click()
    expect(page.get_by_text("Please choose how the answers were given.").first).to_be_visible()
    expect(page.get_by_text("Please choose an answer.").first).to_be_visible()
    assert serious_violations(page) == []
    assert fits_the_screen(page)

    page.get_by_text("From a paper form").click()
    page.locator("fieldset").nth(1).locator("label:has(input[value='2'])").click()
    page.get_by_role("button", name="Save Ada L.'s answers").click()
    expect(
        page.get_by_text("Saved as Ada L.'s answers, entered by you from paper.")
    ).to_be_visible()
    expect(page.get_by_text("Entered by you from paper.", exact=True)).to_be_visible()
    assert "Score: 2" in page.locator("main").inner_text()  # 2 + 8 × 0
    assert fits_the_screen(page)

"""The staff pages on a 375 px phone (walk of the staff pages, 17.17): every link and button in
the header and the way back at the top of a page is a 44 px target, 'Sign out' stays on one line,
and a form sent with a mistake shows its errors without an axe-core violation."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from tests.browser.demo_server import (
    PASSWORD,
    demo_sign_in,
    demo_url,
    fits_the_screen,
    serious_violations,
)

__all__ = ["demo_url"]

TARGET = 44


@pytest.fixture
def small_phone(browser: Any) -> Iterator[Any]:
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


def _too_small(page: Any, selector: str) -> list[str]:
    return page.eval_on_selector_all(
        selector,
        """(els, target) => els
            .filter(e => e.getBoundingClientRect().height < target)
            .map(e => `${e.innerText.trim()} (${Math.round(e.getBoundingClientRect().height)} px)`)""",
        TARGET,
    )


def test_the_admins_client_page_and_its_erase_form_work_on_a_phone(
    demo_url: str, small_phone: Any
) -> None:
    page = small_phone
    demo_sign_in(page, demo_url, "admin@example.org")
    page.goto(f"{demo_url}/practice/clients/")
    page.locator("a.button", has_text="Manage").first.click()
    assert _too_small(page, "header.site a, header.site button") == []
    assert _too_small(page, "main p.small > a:only-child") == []
    one_line = page.evaluate(
        """() => {
            const range = document.createRange();
            range.selectNodeContents(document.querySelector('header.site .who button'));
            return range.getClientRects().length;
        }"""
    )
    assert one_line == 1
    assert fits_the_screen(page)

    page.get_by_role("link", name="Export or erase").click()
    page.get_by_role("button", name="Erase").click()  # nothing typed: refused, nothing erased
    assert page.locator(".errorlist").count() >= 1 or page.locator(".messages li").count() >= 1
    assert serious_violations(page) == []
    assert fits_the_screen(page)

    # A new API token and the list of tokens fit the screen too.
    page.goto(f"{demo_url}/settings/tokens/")
    page.get_by_label("What is this token for?").fill("Phone check")
    page.get_by_label("Your password").fill(PASSWORD)
    page.get_by_role("button", name="Make token").click()
    assert page.locator("#new-token").count() == 1
    assert fits_the_screen(page)

    # The alert check's wide table scrolls sideways inside its box, reachable by keyboard.
    page.goto(f"{demo_url}/reports/practice/alerts/")
    assert serious_violations(page) == []


def test_the_therapists_client_and_session_links_are_big_enough_to_tap(
    demo_url: str, small_phone: Any
) -> None:
    page = small_phone
    demo_sign_in(page, demo_url, "therapist@example.org")
    page.goto(f"{demo_url}/caseload/")
    assert _too_small(page, "#caseload a.client-link") == []
    # Rafael E. in the demo: sessions, practice plans and the therapist's reflections.
    page.locator("#caseload a.client-link", has_text="Rafael E.").click()
    assert page.locator("#sessions td[data-label=Session] a").count() > 1
    assert _too_small(page, "#sessions td[data-label=Session] a") == []
    plans_and_reflections = ".plans button.link, ul.reflections li > a:first-child"
    assert page.locator(plans_and_reflections).count() > 2
    assert _too_small(page, plans_and_reflections) == []
    # Nell W. in the demo: the therapist's own part of her latest session is still to do.
    page.goto(f"{demo_url}/caseload/")
    page.locator("#caseload a.client-link", has_text="Nell W.").click()
    assert page.locator("ul.links a[href*='/respond/']").count() == 2
    assert _too_small(page, "ul.links a[href*='/respond/']") == []
    assert fits_the_screen(page)


def test_the_transcript_measures_fit_a_phone_without_scrolling_sideways(
    demo_url: str, small_phone: Any
) -> None:
    page = small_phone
    demo_sign_in(page, demo_url, "therapist@example.org")
    page.goto(f"{demo_url}/caseload/")
    page.locator("#caseload a.client-link", has_text="Jordan M.").click()
    # The demo's transcribed session is Jordan M.'s latest.
    page.locator("#sessions td[data-label=Session] a").last.click()
    box = page.locator("table.measures").locator("xpath=..")
    assert box.evaluate("e => e.scrollWidth <= e.clientWidth + 1")

"""The practice admin's Text messages page (quiet hours, and the counts of texts by status) on a
375 px phone: nothing runs off the side, every control is a 44 px target, a mistake is shown
without an axe-core violation, and saving works from the phone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from datetime import time
from typing import Any

import pytest

from tandem.sms.models import TextMessage, TextPolicy
from tests.browser.conftest import sign_in
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

TARGET = 44
# Every control in the page's main part: what a thumb has to hit.
SMALL_TARGETS = """(target) => [...document.querySelectorAll(
    'main button, main a, main input:not([type=hidden]), main select, main summary')]
  .filter(e => e.getClientRects().length)
  .filter(e => {
    const box = (e.closest('label') || e).getBoundingClientRect();
    return box.height < target || box.width < target; })
  .map(e => `${(e.innerText || e.name || e.id).trim().slice(0, 40)} ${Math.round(
    (e.closest('label') || e).getBoundingClientRect().width)}x${Math.round(
    (e.closest('label') || e).getBoundingClientRect().height)}`)"""
# Anything wider than the screen, even inside a box that would scroll it.
TOO_WIDE = """() => [...document.querySelectorAll('main *')]
  .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
  .map(e => e.tagName + (e.id ? '#' + e.id : '') + ' ' + Math.round(e.getBoundingClientRect().right))"""


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


def shoot(page: Any, name: str) -> None:
    """With TANDEM_SHOTS=<folder>, keep a full-page picture to look at."""
    folder = os.environ.get("TANDEM_SHOTS")
    if folder:
        page.screenshot(path=os.path.join(folder, f"{name}.png"), full_page=True)


def check(page: Any, step: str) -> None:
    assert fits_the_screen(page), step
    assert page.evaluate(TOO_WIDE) == [], step
    assert page.evaluate(SMALL_TARGETS, TARGET) == [], step
    assert serious_violations(page) == [], step


def some_texts(people: Any) -> None:
    for status in (TextMessage.DELIVERED, TextMessage.DELIVERED, TextMessage.FAILED):
        TextMessage.objects.create(
            practice=people.practice,
            client=people.client,
            purpose=TextMessage.REMINDER,
            to="+447911123456",
            status=status,
        )


def test_the_admin_sets_quiet_hours_on_a_phone(
    live_server: Any, people: Any, small_phone: Any
) -> None:
    some_texts(people)
    page = small_phone
    sign_in(page, live_server.url, "admin@harbour.test")
    page.goto(live_server.url + "/practice/texts/")
    assert page.get_by_role("heading", name="Text messages", exact=True).is_visible()
    shoot(page, "texts-375")
    check(page, "the page")

    page.get_by_label("Quiet hours start at").fill("")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    said = page.locator("main").inner_text()
    assert "The settings were not saved" in said
    assert "Please give the time quiet hours start, such as 21:00." in said
    shoot(page, "texts-375-mistake")
    check(page, "a mistake")

    page.get_by_label("Quiet hours start at").fill("22:00")
    page.get_by_label("Quiet hours end at").fill("07:30")
    page.get_by_label("The practice's time zone").select_option("Europe/Dublin")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "Text message settings saved" in page.locator("main").inner_text()
    check(page, "saved")
    policy = TextPolicy.objects.get(practice=people.practice)
    assert (policy.quiet_from, policy.quiet_until, policy.time_zone) == (
        time(22, 0),
        time(7, 30),
        "Europe/Dublin",
    )


@pytest.mark.parametrize("width", [768, 1280])
def test_the_page_fits_a_tablet_and_a_desktop(
    live_server: Any, people: Any, browser: Any, width: int
) -> None:
    some_texts(people)
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    try:
        sign_in(page, live_server.url, "admin@harbour.test")
        page.goto(live_server.url + "/practice/texts/")
        shoot(page, f"texts-{width}")
        assert fits_the_screen(page) and page.evaluate(TOO_WIDE) == []
    finally:
        context.close()

"""The journey that matters most: a client gives session feedback on a phone; the therapist sees it."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_client_completes_the_session_scale_on_a_phone_and_the_therapist_sees_it(
    live_server, people, phone, desktop
):
    sign_in(phone, live_server.url, "client@harbour.test")
    expect(phone.get_by_role("heading", name="Due now")).to_be_visible()
    phone.get_by_role("link", name="Give feedback").click()
    expect(phone).to_have_url(re.compile("partnership"))
    # The five 0–10 questions, answered by tapping a number in each row.
    for group, value in zip(
        phone.locator("fieldset").all(), ["8", "7", "9", "6", "7"], strict=False
    ):
        group.locator(f"label:has(input[value='{value}'])").click()
    phone.get_by_label("What would make the next session better?").fill(
        "A bit more time on work stress"
    )
    phone.get_by_role("button", name="Send").click()
    expect(phone.get_by_text("your answers are saved")).to_be_visible()
    # Nothing sideways on a phone: the page fits the screen.
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1

    sign_in(desktop, live_server.url, "therapist@harbour.test")
    desktop.get_by_role("link", name="Ada L.").click()
    table = desktop.locator("#sessions")
    assert "7.4" in table.inner_text()  # (8 + 7 + 9 + 6 + 7) / 5
    expect(desktop.get_by_text("A bit more time on work stress")).to_be_visible()


def test_a_client_cannot_reach_therapist_pages(live_server, people, phone):
    sign_in(phone, live_server.url, "client@harbour.test")
    response = phone.goto(f"{live_server.url}/caseload/")
    assert response.status == 404
    response = phone.goto(f"{live_server.url}/clients/{people.client.pk}/")
    assert response.status == 404

"""A client turns on reminders by text on a 375 px phone: gives their number, gets a code from the
(fake) gateway, gets it wrong once, types it right, chooses texts; every step fits the screen, its
controls are 44 px targets and axe finds nothing serious."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest

from tandem.sms.models import TextNumber
from tandem.sms.tests.gateway import API_KEY, SECRET, FakeGateway, GatewayServer
from tests.browser.conftest import sign_in
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

SMALL_TARGETS = """() => [...document.querySelectorAll(
    'main button, main summary, main input[type=radio], main .choices label, main input[type=tel]')]
  .filter(e => e.getClientRects().length)
  .filter(e => {
    const box = (e.closest('label') || e).getBoundingClientRect();
    return box.height < 44; })
  .map(e => (e.textContent || e.name).trim().slice(0, 40) + " " + Math.round((e.closest("label") || e).getBoundingClientRect().height))"""


@pytest.fixture
def gateway(settings: Any) -> Iterator[FakeGateway]:
    with GatewayServer() as fake:
        settings.TANDEM_SMS_BACKEND = "http"
        settings.TANDEM_SMS_GATEWAY_URL = fake.url
        settings.TANDEM_SMS_API_KEY = API_KEY
        settings.TANDEM_SMS_WEBHOOK_SECRET = SECRET
        yield fake


def check(page: Any, step: str) -> None:
    assert fits_the_screen(page), step
    assert page.evaluate(SMALL_TARGETS) == [], step
    assert serious_violations(page) == [], step


def test_a_client_turns_on_texts_on_a_phone(
    live_server: Any, people: Any, phone: Any, gateway: FakeGateway
) -> None:
    page = phone
    sign_in(page, live_server.url, "client@harbour.test")
    page.goto(live_server.url + "/portal/settings/")
    assert "Reminders come by email" in page.locator("main").inner_text()
    page.get_by_role("link", name="Reminders by text message").click()
    page.wait_for_load_state()
    check(page, "the number")

    page.get_by_label("Your mobile number").fill("07911 123456")
    page.get_by_role("button", name="Text me a code").click()
    page.wait_for_load_state()
    assert "We have texted a code to +44 7911 123456" in page.locator("main").inner_text()
    check(page, "the code")
    code = re.search(r"code is (\d{6})", gateway.sent[-1]["body"]).group(1)

    wrong = str((int(code) + 1) % 10**6).zfill(6)
    page.get_by_label("The code we texted you").fill(wrong)
    page.get_by_role("button", name="Confirm my number").click()
    page.wait_for_load_state()
    assert "That is not the code we sent" in page.locator("main").inner_text()
    check(page, "a wrong code")

    page.get_by_label("The code we texted you").fill(code)
    page.get_by_role("button", name="Confirm my number").click()
    page.wait_for_load_state()
    assert "Your number is confirmed" in page.locator("main").inner_text()
    check(page, "confirmed")

    page.get_by_label("By text message", exact=True).check()
    page.get_by_role("button", name="Save my choice").click()
    page.wait_for_load_state()
    assert TextNumber.objects.get(client=people.client).reminders_by == TextNumber.TEXT
    page.goto(live_server.url + "/portal/settings/")
    assert "Texts go to +44 7911 123456" in page.locator("main").inner_text()
    check(page, "the settings page")

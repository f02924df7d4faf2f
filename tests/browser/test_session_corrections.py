"""A therapist corrects and deletes sessions in a real browser, on a phone and at a desk."""

import pytest
from playwright.sync_api import expect

from tandem.care.models import Session
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_date_before_the_episode_is_refused_beside_the_field(live_server, people, desktop):
    sign_in(desktop, live_server.url, "therapist@harbour.test")
    desktop.goto(f"{live_server.url}/clients/{people.client.pk}/")
    desktop.get_by_label("Date").fill("2024-12-30")
    desktop.get_by_role("button", name="Record session 2").click()
    field = desktop.locator(".field").filter(has=desktop.get_by_label("Date"))
    expect(field.get_by_role("alert")).to_contain_text("This episode began on 6 Jan 2025")
    assert desktop.get_by_label("Date").input_value() == "2024-12-30"


def test_deleting_a_session_on_a_phone_needs_a_reason_and_a_tick(live_server, people, phone):
    sign_in(phone, live_server.url, "therapist@harbour.test")
    phone.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    phone.get_by_role("link", name="Correct the date or delete this session").click()
    expect(phone.get_by_role("heading", name="Delete this session")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    phone.get_by_label("Why is it being deleted?").fill("recorded for the wrong client")
    phone.get_by_role("button", name="Delete session 1").click()
    expect(phone.get_by_text("Tick the box to confirm")).to_be_visible()
    # What was typed is still there.
    assert phone.get_by_label("Why is it being deleted?").input_value() == (
        "recorded for the wrong client"
    )
    phone.get_by_label("Yes, delete this session and the answers listed above").check()
    phone.get_by_role("button", name="Delete session 1").click()
    expect(phone.get_by_text("was deleted; later sessions moved up one number")).to_be_visible()
    assert not Session.objects.filter(pk=people.session.pk).exists()

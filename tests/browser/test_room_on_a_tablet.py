"""In the room on a tablet, both ways up (and on a phone): the therapist hands their device to the client, who
answers their side of the session with big targets and nothing else on screen; the device locks,
no address and no Back gets past the lock, and the therapist's password opens it again."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)

PORTRAIT = {"width": 768, "height": 1024}
LANDSCAPE = {"width": 1024, "height": 768}
TARGET = 44
LOCKED = "Please hand this device back to your therapist"
STILL_HERE = """() => fetch(document.body.dataset.stillHere, {
    method: "POST",
    credentials: "same-origin",
    headers: {"X-CSRFToken": document.querySelector("input[name=csrfmiddlewaretoken]").value},
}).then((r) => r.status)"""


@pytest.fixture(params=[PORTRAIT, LANDSCAPE], ids=["portrait", "landscape"])
def tablet(browser: Any, request: Any) -> Iterator[Any]:
    context = browser.new_context(
        viewport=request.param, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _answer_what_is_shown(page: Any) -> None:
    """The lowest answer to every question on the page: each a big enough target."""
    for group in page.locator("fieldset").all():
        label = group.locator("label").first
        box = label.bounding_box()
        assert box["width"] >= TARGET and box["height"] >= TARGET, box
        label.click()
    page.get_by_role("button", name="Send").click()
    page.wait_for_load_state("domcontentloaded")


def _shows_nothing_of_the_record(page: Any) -> None:
    # Names on pages are kept together with a no-break space: read them as ordinary spaces so a
    # name shown that way is still caught.
    text = page.content().replace("\u00a0", " ").replace("&nbsp;", " ")
    for absent in ("Ada L.", "Ben K.", "Harbour", "Caseload", "Sign out"):
        assert absent not in text, absent
    assert page.locator("nav").count() == 0


def test_hand_over_answer_lock_and_unlock_on_a_tablet(live_server: Any, people: Any, tablet: Any):
    from tandem.measures.models import Schedule

    # Two questionnaires keep the journey short: the session scale and the PHQ-9.
    Schedule.objects.exclude(instrument_id__in=["partnership", "phq9"]).update(active=False)
    width = tablet.viewport_size["width"]
    sign_in(tablet, live_server.url, "therapist@harbour.test")
    tablet.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    tablet.get_by_role("button", name="Hand to client").click()

    # The client's side, one questionnaire at a time, the session scale first.
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("partnership")
    assert tablet.url.endswith("/room/")
    _shows_nothing_of_the_record(tablet)
    assert tablet.evaluate("document.documentElement.scrollWidth") <= width + 1
    _answer_what_is_shown(tablet)
    expect(tablet.get_by_text("your answers are saved")).to_be_visible()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("PHQ-9")
    _shows_nothing_of_the_record(tablet)
    assert tablet.evaluate("document.documentElement.scrollWidth") <= width + 1
    _answer_what_is_shown(tablet)

    # Done: the device locks itself.
    expect(tablet.get_by_role("heading", name=LOCKED)).to_be_visible()
    expect(tablet.get_by_text("that is everything for today")).to_be_visible()
    _shows_nothing_of_the_record(tablet)

    # No address gets past the lock, and neither does Back.
    for path in ("/caseload/", f"/clients/{people.client.pk}/", "/portal/", "/api/v1/clients"):
        response = tablet.goto(f"{live_server.url}{path}")
        assert response.status == 423
        expect(tablet.get_by_role("heading", name=LOCKED)).to_be_visible()
        _shows_nothing_of_the_record(tablet)
    for _ in range(8):
        if tablet.go_back() is None:
            break
        if tablet.url.startswith("about:"):
            break
        expect(tablet.get_by_role("heading", name=LOCKED)).to_be_visible()
        _shows_nothing_of_the_record(tablet)

    # The therapist unlocks with their password and is back on the session's page.
    tablet.goto(f"{live_server.url}/room/")
    tablet.get_by_label("Therapist's password or practice PIN").fill("a-long-test-password")
    tablet.get_by_role("button", name="Unlock").click()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("Session 1")
    assert tablet.url.endswith(f"/sessions/{people.session.pk}/")
    expect(tablet.get_by_text("Ada L.").first).to_be_visible()


def test_a_wrong_password_on_the_tablet_is_counted(live_server: Any, people: Any, tablet: Any):
    sign_in(tablet, live_server.url, "therapist@harbour.test")
    tablet.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    tablet.get_by_role("button", name="Hand to client").click()
    tablet.get_by_role("button", name="Stop here and hand back").click()
    expect(tablet.get_by_role("heading", name=LOCKED)).to_be_visible()
    tablet.get_by_label("Therapist's password or practice PIN").fill("not-the-password")
    tablet.get_by_role("button", name="Unlock").click()
    expect(tablet.get_by_text("4 tries left before the device signs out")).to_be_visible()
    _shows_nothing_of_the_record(tablet)


def test_the_page_locks_itself_when_left_untouched(live_server: Any, people: Any, tablet: Any):
    from tandem.room.models import Handover

    sign_in(tablet, live_server.url, "therapist@harbour.test")
    tablet.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    tablet.get_by_role("button", name="Hand to client").click()
    expect(tablet.get_by_role("heading", level=1)).to_contain_text("partnership")
    # What the page sends when the client taps: it starts the server's idle time again.
    assert tablet.evaluate(STILL_HERE) == 204
    # A practice's idle time is minutes; a few seconds here, so the test need not wait them.
    Handover.objects.update(idle_seconds=3)
    tablet.reload()
    assert tablet.locator("body").get_attribute("data-idle-seconds") == "3"
    # Nobody touches it: the page's own timer shows the locked screen, without a click.
    expect(tablet.get_by_role("heading", name=LOCKED)).to_be_visible(timeout=10_000)
    assert Handover.objects.get().lock_reason == "idle"
    _shows_nothing_of_the_record(tablet)
    assert (
        tablet.evaluate(
            STILL_HERE.replace("document.body.dataset.stillHere", "'/room/still-here/'")
        )
        == 423
    )


def test_a_phone_handed_over_fits_its_screen(live_server: Any, people: Any, phone: Any):
    sign_in(phone, live_server.url, "therapist@harbour.test")
    phone.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    phone.get_by_role("button", name="Hand to client").click()
    expect(phone.get_by_role("heading", level=1)).to_contain_text("partnership")
    _shows_nothing_of_the_record(phone)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    for label in phone.locator("ul.choices.scale").first.locator("label").all():
        box = label.bounding_box()
        assert box["width"] >= TARGET and box["height"] >= TARGET, box
    phone.get_by_role("button", name="Stop here and hand back").click()
    expect(phone.get_by_role("heading", name=LOCKED)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1

"""The session page's hand-overs in a real browser, on a 375 px phone and a 1280 px desk: the
therapist hands the device over, the client answers one questionnaire and hands it back, the
therapist unlocks it after a wrong try, and the session's page says so; a supervisor reads the
same; thirty hand-overs still fit; right to left the section mirrors. No serious or critical
axe-core violation anywhere, and nothing runs off the side."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PASSWORD, sign_in, sign_in_by_fields
from tests.browser.demo_server import fits_the_screen, serious_violations

pytestmark = pytest.mark.django_db(transaction=True)

HEADING = "Handed to the client in the room"
SIZES = {"phone": {"width": 375, "height": 812}, "desk": {"width": 1280, "height": 860}}


@pytest.fixture(params=list(SIZES), ids=list(SIZES))
def screen(browser: Any, request: Any) -> Iterator[Any]:
    phone = request.param == "phone"
    context = browser.new_context(
        viewport=SIZES[request.param],
        device_scale_factor=2 if phone else 1,
        is_mobile=phone,
        has_touch=phone,
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def _two_questionnaires_only() -> None:
    from tandem.measures.models import Schedule

    Schedule.objects.exclude(instrument_id__in=["partnership", "phq9"]).update(active=False)


def _section(page: Any) -> Any:
    return page.get_by_role("region", name=HEADING)


def _handed_over(people: Any, times: int) -> None:
    """``times`` hand-overs of Ada's session, each handed back and unlocked."""
    from tandem.room import actions

    for _ in range(times):
        handover = actions.hand_over(people.therapist, people.session)
        actions.lock(handover, "handed_back")
        actions.unlock(people.therapist, handover, PASSWORD)


def test_the_therapist_reads_what_happened_after_handing_over(
    live_server: Any, people: Any, screen: Any
) -> None:
    _two_questionnaires_only()
    page = screen
    sign_in(page, live_server.url, "therapist@harbour.test")
    page.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    expect(page.get_by_role("heading", name=HEADING)).to_have_count(0)
    page.get_by_role("button", name="Hand to client").click()

    # Ada answers the session scale, then stops and hands the device back.
    expect(page.get_by_role("heading", level=1)).to_contain_text("partnership")
    for group in page.locator("fieldset").all():
        group.locator("label").first.click()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("PHQ-9")
    page.get_by_role("button", name="Stop here and hand back").click()
    page.get_by_label("Therapist's password or practice PIN").fill("not-the-password")
    page.get_by_role("button", name="Unlock").click()
    expect(page.get_by_text("tries left before the device signs out")).to_be_visible()
    page.get_by_label("Therapist's password or practice PIN").fill(PASSWORD)
    page.get_by_role("button", name="Unlock").click()
    expect(page).to_have_url(f"{live_server.url}/sessions/{people.session.pk}/")

    section = _section(page)
    expect(section.get_by_role("heading", level=2, name=HEADING)).to_be_visible()
    row = section.locator("tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("Partnership")
    expect(row).to_contain_text("the client stopped and handed it back.")
    expect(row).to_contain_text("with your password.")
    expect(row).to_contain_text("1 wrong try at unlocking it.")
    assert serious_violations(page) == []
    assert fits_the_screen(page)
    if page.viewport_size["width"] < 640:
        # Stacked on a phone: each cell says what it is.
        expect(section.locator("thead")).to_be_hidden()
        expect(row.locator("td[data-label='How it ended']")).to_be_visible()
    else:
        expect(section.get_by_role("columnheader")).to_have_count(3)

    # Thirty hand-overs: all listed, still no serious violation and nothing sideways.
    _handed_over(people, 29)
    page.reload()
    expect(_section(page).locator("tbody tr")).to_have_count(30)
    expect(_section(page)).to_contain_text("handed to the client on a device 30 times")
    assert serious_violations(page) == []
    assert fits_the_screen(page)


def test_the_supervisor_reads_the_same_and_can_do_nothing_with_it(
    live_server: Any, people: Any, screen: Any
) -> None:
    people.client.share_with_supervisor = True
    people.client.save()
    _handed_over(people, 2)
    page = screen
    sign_in(page, live_server.url, "supervisor@harbour.test")
    page.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    rows = _section(page).locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text(f"by {people.therapist.name}")
    expect(rows.first).to_contain_text(f"with {people.therapist.name}'s password.")
    expect(page.get_by_role("button", name="Hand to client")).to_have_count(0)
    assert serious_violations(page) == []
    assert fits_the_screen(page)


def test_a_supervisor_the_client_does_not_share_with_sees_no_session(
    live_server: Any, people: Any, desktop: Any
) -> None:
    _handed_over(people, 1)
    sign_in(desktop, live_server.url, "supervisor@harbour.test")
    response = desktop.goto(f"{live_server.url}/sessions/{people.session.pk}/")
    assert response.status == 404
    expect(desktop.get_by_text(HEADING)).to_have_count(0)


def test_the_section_mirrors_right_to_left_on_a_phone(
    live_server: Any, people: Any, browser: Any, pseudo_languages: Any
) -> None:
    _handed_over(people, 3)
    context = browser.new_context(
        viewport={"width": 375, "height": 812},
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        extra_http_headers={"Accept-Language": "ar-XB"},
    )
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        sign_in_by_fields(page, live_server.url, "therapist@harbour.test")
        page.goto(f"{live_server.url}/sessions/{people.session.pk}/")
        assert page.get_attribute("html", "dir") == "rtl"
        section = page.locator("section[aria-labelledby=handovers-h]")
        expect(section.locator("tbody tr")).to_have_count(3)
        assert fits_the_screen(page)
        # The heading's words and a cell's label start at the right, as the card does.
        card = section.bounding_box()
        words = page.evaluate(
            """() => { const range = document.createRange();
                range.selectNodeContents(document.querySelector('#handovers-h'));
                return range.getBoundingClientRect().right; }"""
        )
        assert card["x"] + card["width"] - words < 40, (card, words)
        assert serious_violations(page) == []
    finally:
        context.close()

"""Graduation in a real browser: the therapist confirms the ending at a desk; the client finds a
warm ending page on their phone, with crisis information and the safety plan still there."""

from datetime import date

import pytest
from playwright.sync_api import expect

from tandem.care.models import Episode, Session
from tandem.measures.actions import submit_response
from tests.browser.conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_therapist_confirms_and_the_client_sees_a_warm_ending(
    live_server, people, desktop, phone
):
    people.session.date = date(2025, 2, 3)
    people.session.save()
    last = Session.objects.create(episode=people.episode, number=2, date=date(2025, 4, 7))
    submit_response(
        people.client_user,
        people.episode,
        "phq9",
        {f"q{i}": 2 for i in range(1, 10)} | {"q9": 0},
        session=people.session,
    )
    submit_response(
        people.client_user, people.episode, "phq9", {f"q{i}": 0 for i in range(1, 10)}, session=last
    )

    sign_in(desktop, live_server.url, "therapist@harbour.test")
    desktop.goto(f"{live_server.url}/clients/{people.client.pk}/")
    desktop.get_by_text("End this episode").click()
    desktop.get_by_label("Graduated").check()
    desktop.get_by_role("button", name="End episode").click()
    expect(desktop.get_by_role("heading", name="End episode 1 of Ada L.?")).to_be_visible()
    people.episode.refresh_from_db()
    assert people.episode.status == Episode.ACTIVE  # nothing yet
    desktop.get_by_role("button", name="Yes, end the episode").click()
    expect(desktop.get_by_text("Ada L. has graduated")).to_be_visible()

    sign_in(phone, live_server.url, "client@harbour.test")
    phone.goto(f"{live_server.url}/portal/")
    expect(phone.get_by_role("heading", name="You graduated")).to_be_visible()
    expect(phone.get_by_role("heading", name="The door stays open")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390 + 1
    phone.get_by_role("link", name="What to do in a crisis").click()
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert "/portal/support/" in phone.url

"""Turning an instrument off says what stops with it and asks first; the saved message names the
instrument (issue 17.10)."""

import pytest

from tandem.measures.models import Schedule

pytestmark = pytest.mark.django_db

URL = "/practice/instruments/"


def _phq9(people):
    return Schedule.objects.get(practice=people.practice, instrument_id="phq9")


def test_turning_off_phq9_asks_first_and_says_what_stops(client, people):
    client.force_login(people.admin)
    page = client.post(URL, {"instrument_id": "phq9", "rule": "every_session"})
    text = page.content.decode()
    assert page.status_code == 200 and "Stop collecting PHQ-9?" in text
    assert "Risk screening: question 9 (thoughts of self-harm)" in text
    assert "Outcome figures" in text
    assert _phq9(people).active  # nothing changed yet


def test_confirming_turns_it_off_and_the_message_names_it(client, people):
    client.force_login(people.admin)
    page = client.post(
        URL, {"instrument_id": "phq9", "rule": "every_session", "confirm": "yes"}, follow=True
    )
    assert not _phq9(people).active
    assert "Collection schedule saved: PHQ-9 is not collected." in page.content.decode()


def test_turning_it_back_on_needs_no_confirmation(client, people):
    Schedule.objects.filter(practice=people.practice, instrument_id="phq9").update(active=False)
    client.force_login(people.admin)
    page = client.post(
        URL, {"instrument_id": "phq9", "rule": "every_session", "active": "on"}, follow=True
    )
    assert _phq9(people).active
    assert (
        "Collection schedule saved: PHQ-9 is collected at every session." in page.content.decode()
    )


def test_an_instrument_nothing_depends_on_is_turned_off_at_once(client, people):
    client.force_login(people.admin)
    page = client.post(
        URL, {"instrument_id": "growth", "rule": "every_n", "every_n": "4"}, follow=True
    )
    assert not Schedule.objects.get(practice=people.practice, instrument_id="growth").active
    assert "Growth" in page.content.decode() and "is not collected." in page.content.decode()


def test_the_message_says_how_often(client, people):
    client.force_login(people.admin)
    page = client.post(
        URL,
        {"instrument_id": "growth", "rule": "every_n", "every_n": "6", "active": "on"},
        follow=True,
    )
    assert "collected at the first session, then every 6 sessions." in page.content.decode()

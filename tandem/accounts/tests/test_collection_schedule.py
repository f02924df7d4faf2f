"""Turning an instrument off says what stops with it and asks first; the saved message names the
instrument (issue 17.10)."""

import re

import pytest

from tandem.measures.models import Schedule

pytestmark = pytest.mark.django_db

URL = "/practice/instruments/"


def _phq9(people):
    return Schedule.objects.get(practice=people.practice, instrument_id="phq9")


def test_turning_off_phq9_asks_first_and_says_what_stops(client, people):
    client.force_login(people.admin)
    page = client.post(URL, {"instrument_id": "phq9", "timepoints": ["every_session"]})
    text = page.content.decode()
    assert page.status_code == 200 and "Stop collecting PHQ-9?" in text
    assert "Risk screening: question 9 (thoughts of self-harm)" in text
    assert "Outcome figures" in text
    assert _phq9(people).active  # nothing changed yet


def test_confirming_turns_it_off_and_the_message_names_it(client, people):
    client.force_login(people.admin)
    page = client.post(
        URL,
        {"instrument_id": "phq9", "timepoints": ["every_session"], "confirm": "yes"},
        follow=True,
    )
    assert not _phq9(people).active
    assert "Collection schedule saved: PHQ-9 is not collected." in page.content.decode()


def test_turning_it_back_on_needs_no_confirmation(client, people):
    Schedule.objects.filter(practice=people.practice, instrument_id="phq9").update(active=False)
    client.force_login(people.admin)
    page = client.post(
        URL, {"instrument_id": "phq9", "timepoints": ["every_session"], "active": "on"}, follow=True
    )
    assert _phq9(people).active
    assert (
        "Collection schedule saved: PHQ-9 is collected at every session." in page.content.decode()
    )


def test_an_instrument_nothing_depends_on_is_turned_off_at_once(client, people):
    client.force_login(people.admin)
    page = client.post(
        URL, {"instrument_id": "growth", "timepoints": ["every_n"], "every_n": "4"}, follow=True
    )
    assert not Schedule.objects.get(practice=people.practice, instrument_id="growth").active
    assert "Growth" in page.content.decode() and "is not collected." in page.content.decode()


def test_the_message_says_how_often(client, people):
    client.force_login(people.admin)
    page = client.post(
        URL,
        {"instrument_id": "growth", "timepoints": ["every_n"], "every_n": "6", "active": "on"},
        follow=True,
    )
    assert "collected at the first session, then every 6 sessions." in page.content.decode()


def test_a_schedule_without_its_number_comes_back_as_sent_with_the_reason_beside_it(client, people):
    # 'First, then every N sessions' with N left empty: the choice is kept, not reset to what
    # was saved, and the reason is beside the number (walk of the staff pages, 17.17).
    client.force_login(people.admin)
    page = client.post(
        URL, {"instrument_id": "growth", "timepoints": ["every_n"], "every_n": "", "active": "on"}
    )
    text = page.content.decode()
    assert page.status_code == 400
    row = text[text.index('id="when-growth"') : text.index('id="when-growth"') + 3000]
    assert 'value="every_n" id="tp-growth-every_n" checked>' in row
    assert 'aria-describedby="n-growth-error n-help"' in row
    assert 'id="n-growth-error"><ul class="errorlist"><li>Give the number of sessions' in row
    assert "The schedule for Growth was not saved." in text


def test_the_instruments_are_listed_a_to_z_by_name(client, people):
    client.force_login(people.admin)
    text = client.get(URL).content.decode()
    titles = re.findall(r'<td data-label="Instrument"><strong>(.*?)</strong>', text)
    assert len(titles) > 5 and titles == sorted(titles, key=str.lower)


def test_named_timepoints_are_saved_and_said_in_words(client, people):
    client.force_login(people.admin)
    page = client.post(
        URL,
        {
            "instrument_id": "gad7",
            "timepoints": ["assessment", "last_session", "follow_up_3m", "follow_up_6m"],
            "active": "on",
        },
        follow=True,
    )
    schedule = Schedule.objects.get(practice=people.practice, instrument_id="gad7")
    assert schedule.timepoints == ["assessment", "last_session", "follow_up_3m", "follow_up_6m"]
    assert (
        "GAD-7 is collected at the assessment (first session), at the last session and 3 and 6 "
        "months after the ending." in page.content.decode()
    )


def test_an_unknown_or_empty_timepoint_is_refused(client, people):
    client.force_login(people.admin)
    for sent in (["fortnightly"], []):
        page = client.post(URL, {"instrument_id": "gad7", "timepoints": sent, "active": "on"})
        assert page.status_code == 400
        assert "Choose when the instrument is collected." in page.content.decode()
    assert Schedule.objects.get(practice=people.practice, instrument_id="gad7").timepoints[0] == (
        "every_session"
    )

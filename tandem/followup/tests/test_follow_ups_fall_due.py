"""A follow-up check-in opens 1, 3 and 6 months after the ending, not before, once each, with
an email that says nothing clinical; not for a client who came back or left therapy early."""

from __future__ import annotations

import re
from datetime import date

import pytest
import time_machine
from django.core import mail

from tandem.audit.models import AuditEvent
from tandem.care.models import Episode
from tandem.followup.models import FollowUp
from tandem.followup.tasks import open_due_follow_ups
from tandem.measures.models import Schedule

pytestmark = pytest.mark.django_db


@pytest.fixture
def run(django_capture_on_commit_callbacks):
    """Run the periodic job on a day (its emails sent as the transaction commits); the months of
    every check-in open so far."""

    def on(day: date) -> list[int]:
        with time_machine.travel(day, tick=False), django_capture_on_commit_callbacks(execute=True):
            open_due_follow_ups.call()
        return sorted(FollowUp.objects.values_list("months", flat=True))

    return on


def test_follow_ups_open_after_one_three_and_six_months_and_not_before(ended, run):
    assert run(date(2026, 2, 27)) == []
    assert mail.outbox == []
    assert run(date(2026, 2, 28)) == [1]  # 31 January + 1 month: the end of February
    follow_up = FollowUp.objects.get()
    assert follow_up.due_on == date(2026, 2, 28) and follow_up.reminded_at is not None
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["client@harbour.test"]
    # Read without a personal link, if the email carries one: a random token can spell "phq".
    body = re.sub(r"http://\S+/l/\S+/", "", mail.outbox[0].subject + mail.outbox[0].body)
    for clinical in ("PHQ", "GAD", "therap", "score", "depress", "anxi", "worse"):
        assert clinical.lower() not in body.lower(), clinical
    # A re-run (another worker, the next quarter-hour) opens nothing twice and mails once.
    assert run(date(2026, 2, 28)) == [1]
    assert run(date(2026, 3, 5)) == [1]
    assert len(mail.outbox) == 1
    assert run(date(2026, 4, 29)) == [1]
    assert run(date(2026, 4, 30)) == [1, 3]
    assert run(date(2026, 7, 30)) == [1, 3]
    assert run(date(2026, 7, 31)) == [1, 3, 6]
    assert len(mail.outbox) == 3
    assert AuditEvent.objects.filter(action="followup.open").count() == 3
    assert AuditEvent.objects.filter(action="followup.remind").count() == 3


def test_a_missed_follow_up_is_not_opened_weeks_late(ended, run):
    assert run(date(2026, 3, 28)) == []  # 28 days after 28 February
    assert run(date(2026, 5, 1)) == [3]


def test_a_client_who_came_back_is_not_followed_up_after_their_return(ended, run):
    Episode.objects.create(
        client=ended.client, therapist=ended.therapist, number=2, started_on=date(2026, 3, 15)
    )
    assert run(date(2026, 2, 28)) == [1]  # due before they came back
    assert run(date(2026, 4, 30)) == [1]
    assert run(date(2026, 7, 31)) == [1]


def test_only_planned_endings_are_followed_up(ended, run):
    Episode.objects.filter(pk=ended.episode.pk).update(end_reason="withdrew")
    assert run(date(2026, 2, 28)) == []


def test_a_practice_without_follow_up_timepoints_sends_nothing(ended, run):
    for schedule in Schedule.objects.filter(practice=ended.practice):
        schedule.timepoints = [t for t in schedule.timepoints if not t.startswith("follow_up")]
        schedule.save()
    assert run(date(2026, 2, 28)) == []
    assert mail.outbox == []


def test_only_the_practices_chosen_follow_ups_open(ended, run):
    Schedule.objects.filter(practice=ended.practice, instrument_id__in=["phq9", "gad7"]).update(
        timepoints=["every_session", "follow_up_3m"]
    )
    assert run(date(2026, 2, 28)) == []
    assert run(date(2026, 4, 30)) == [3]


def test_a_client_who_turned_emails_off_gets_the_check_in_without_an_email(ended, run):
    ended.client.reminders = False
    ended.client.save()
    assert run(date(2026, 2, 28)) == [1]
    assert mail.outbox == [] and FollowUp.objects.get().reminded_at is None

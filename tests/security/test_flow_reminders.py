"""Adversarial tests of the emails Tandem sends about care (docs/security.md, "Threat model: data
flows"): questionnaire reminders and risk-alert notices. An email is read on a lock screen, by
whoever shares the inbox, and by every mail server on the way: it says something is waiting,
never what, and its link only leads to the sign-in."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client as Browser
from django.utils import timezone

from tandem.api.tests.conftest import PHQ9_ANSWERS
from tandem.care.models import Client, Episode, Session
from tandem.measures.actions import submit_response
from tandem.reminders.models import ReminderPolicy
from tandem.reminders.tasks import send_due_reminders
from tandem.tasks.tests.smtp import body

pytestmark = pytest.mark.django_db

CLIENT = "client@harbour.test"


def a_day_later(run_worker: Any) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1), tick=False):
        send_due_reminders.enqueue()
        run_worker()


def mail_to(smtp: Any, address: str) -> list[Any]:
    return [m for m in smtp.messages if str(m["To"]) == address]


def links(text: str) -> list[str]:
    return re.findall(r"https?://\S+", text)


def test_a_reminder_names_no_practice_no_therapist_and_no_questionnaire(
    people: Any, smtp: Any, run_worker: Any, settings: Any
) -> None:
    settings.TANDEM_SITE_URL = settings.TANDEM_BASE_URL = "https://tandem.example.org"
    a_day_later(run_worker)
    [mail] = mail_to(smtp, CLIENT)
    text = mail["Subject"] + "\n" + body(mail)
    # the practice's name on a lock screen says this person is in therapy, and where
    for told in ("Harbour", "Therapist", "therapist@", "PHQ", "Ada L.", "session"):
        assert told not in text, told
    # one link, to the portal's front door: no token that signs in, no record's id
    assert links(text) == ["https://tandem.example.org/portal/"]


def test_no_reminder_to_an_address_nobody_has_taken_up(
    people: Any, smtp: Any, run_worker: Any
) -> None:
    # A mistyped address must not get mail about someone's care: only a login in use is reminded.
    people.client_user.is_active = False
    people.client_user.save()
    a_day_later(run_worker)
    assert mail_to(smtp, CLIENT) == []


def test_a_practice_turning_reminders_off_changes_only_its_own(
    people: Any, smtp: Any, run_worker: Any
) -> None:
    Session.objects.create(
        episode=Episode.objects.get(client=people.outsider_client),
        number=1,
        date=timezone.localdate(),
    )
    browser = Browser()
    browser.force_login(people.admin)
    browser.post(
        "/practice/reminders/",
        {"first_after_hours": 24, "repeat_every_days": 3, "max_reminders": 2},
    )  # "active" unticked
    assert ReminderPolicy.objects.get().practice == people.practice
    a_day_later(run_worker)
    assert mail_to(smtp, CLIENT) == []
    assert len(mail_to(smtp, people.outsider_client_user.email)) == 1


def test_a_client_who_opts_out_after_it_was_queued_gets_nothing(
    people: Any, smtp: Any, run_worker: Any
) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1), tick=False):
        send_due_reminders.call()  # queued, not yet sent
        Client.objects.filter(pk=people.client.pk).update(reminders=False)
        run_worker()
    assert mail_to(smtp, CLIENT) == []


def test_a_risk_notice_says_only_that_something_needs_review(
    people: Any, smtp: Any, run_worker: Any, settings: Any
) -> None:
    settings.TANDEM_SITE_URL = settings.TANDEM_BASE_URL = "https://tandem.example.org"
    submit_response(
        people.client_user,
        people.episode,
        "phq9",
        {**PHQ9_ANSWERS, "q9": 3},
        session=people.session,
    )
    run_worker()
    [mail] = mail_to(smtp, people.therapist.email)
    text = (mail["Subject"] + "\n" + body(mail)).lower()
    for told in ("ada", "phq", "dead", "hurting", "nearly every day", "question 9", "harbour"):
        assert told not in text, told
    assert links(text) == ["https://tandem.example.org/caseload/"]

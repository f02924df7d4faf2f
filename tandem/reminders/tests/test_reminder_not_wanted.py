"""No reminder for a client who opted out, when nothing is due, or when the practice turned them off."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from tandem.measures.actions import submit_response
from tandem.measures.due import due_for_episodes
from tandem.reminders.models import Reminder, ReminderPolicy
from tandem.reminders.tasks import send_due_reminders

CLIENT = "client@harbour.test"


def answer_all(people, instrument) -> None:
    answers = {}
    for item in instrument.items:
        if item.options:
            answers[item.id] = item.options[0].value
        elif item.min is not None:
            answers[item.id] = item.min
    submit_response(
        people.client_user, people.episode, instrument.id, answers, session=people.session
    )


def a_day_later(run_worker) -> None:
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1), tick=False):
        send_due_reminders.enqueue()
        run_worker()


def test_it_does_not_remind_a_client_who_opted_out(people, db_tasks, smtp, run_worker):
    people.client.reminders = False
    people.client.save()
    a_day_later(run_worker)
    assert smtp.to(CLIENT) == [] and not Reminder.objects.exists()


def test_it_does_not_remind_when_the_practice_turned_reminders_off(
    people, db_tasks, smtp, run_worker
):
    ReminderPolicy.objects.create(practice=people.practice, active=False)
    a_day_later(run_worker)
    assert smtp.to(CLIENT) == []


def test_it_does_not_remind_when_everything_is_answered(people, db_tasks, smtp, run_worker):
    due = due_for_episodes([people.episode], respondent="client")[people.episode.pk].client
    assert due, "the fixture's session should have something due"
    for item in due:
        answer_all(people, item.instrument)
    a_day_later(run_worker)
    assert smtp.to(CLIENT) == []


def test_it_skips_a_reminder_whose_questionnaire_was_answered_before_it_went_out(
    people, db_tasks, smtp, run_worker
):
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1), tick=False):
        send_due_reminders.call()  # the slot is claimed and its email queued …
        due = due_for_episodes([people.episode], respondent="client")[people.episode.pk].client
        for item in due:  # … then the client answers before the worker gets to it
            answer_all(people, item.instrument)
        run_worker()
    assert smtp.to(CLIENT) == []
    assert Reminder.objects.get().skipped

"""The last session's questionnaires, due once the episode has ended, get one reminder: after the
practice's first delay from the ending, the way the client chose, and never for an ending long
past."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.care.actions import end_episode
from tandem.care.models import Episode, EpisodeEvent
from tandem.links.models import LinkPolicy
from tandem.measures.models import Schedule
from tandem.reminders.models import Reminder, ReminderPolicy
from tandem.reminders.tasks import send_due_reminders
from tandem.sms.tests.conftest import MOBILE
from tandem.tasks.tests.smtp import body

CLIENT = "client@harbour.test"


def scan_and_send(run_worker) -> None:
    send_due_reminders.enqueue()
    run_worker()


def collect_at_the_last_session(people) -> None:
    Schedule.objects.filter(practice=people.practice, instrument_id="gad7").update(
        timepoints=["last_session"]
    )


def end(people, days_ago: int = 0) -> timezone.datetime:
    end_episode(
        people.therapist,
        people.episode,
        "graduated",
        when=timezone.localdate() - timedelta(days=days_ago),
    )
    return EpisodeEvent.objects.get(episode=people.episode, kind="ended").at


def test_the_client_is_reminded_once_a_day_after_the_ending(people, db_tasks, smtp, run_worker):
    collect_at_the_last_session(people)
    ended = end(people)
    with time_machine.travel(ended + timedelta(hours=23), tick=False):
        scan_and_send(run_worker)
    assert smtp.to(CLIENT) == []
    with time_machine.travel(ended + timedelta(hours=24, minutes=1), tick=False):
        scan_and_send(run_worker)
        scan_and_send(run_worker)  # a second scan sends nothing more
    [mail] = smtp.to(CLIENT)
    assert "http://127.0.0.1:8000/portal/" in body(mail)
    reminder = Reminder.objects.get()
    assert reminder.ending and reminder.session_id == people.session.pk
    event = AuditEvent.objects.get(action="reminder.send")
    assert event.detail["ending"] is True and event.detail["by"] == ["email"]
    # Once only: no repeat on the practice's repeat days, for as long as it stays open.
    for days in (3, 6, 9, 12):
        with time_machine.travel(ended + timedelta(days=days, hours=1), tick=False):
            scan_and_send(run_worker)
    assert len(smtp.to(CLIENT)) == 1


def test_the_ending_reminder_goes_by_text_where_the_client_chose_it(
    people, verified, gateway, db_tasks, smtp, run_worker
):
    collect_at_the_last_session(people)
    ended = end(people)
    # The session's own reminders (PHQ-9 while the episode was open) never came: it ended first.
    morning = (ended + timedelta(days=1)).replace(hour=10)
    if morning < ended + timedelta(hours=24):
        morning += timedelta(days=1)
    with time_machine.travel(morning, tick=False):
        scan_and_send(run_worker)
    [text] = gateway.to(MOBILE)
    assert "/portal/" in text["body"]
    assert smtp.to(CLIENT) == []
    assert Reminder.objects.get().ending


def test_the_ending_reminder_carries_a_personal_link_where_the_practice_sends_them(
    people, db_tasks, smtp, run_worker
):
    # The last session's questionnaires are open for a while after the ending: a link to them
    # opens them, and stops once they close (after the last-session window).
    from django.test import Client as Browser

    LinkPolicy.objects.create(practice=people.practice, in_reminders=True)
    collect_at_the_last_session(people)
    ended = end(people)
    with time_machine.travel(ended + timedelta(days=1, minutes=1), tick=False):
        scan_and_send(run_worker)
        [mail] = smtp.to(CLIENT)
        text = body(mail)
        assert "/l/" in text and "/portal/" not in text
        path = "/l/" + text.split("/l/", 1)[1].split("/", 1)[0] + "/"
        page = Browser().get(path)
        assert page.status_code == 200 and "GAD-7" in page.content.decode()
    with time_machine.travel(ended + timedelta(days=15), tick=False):
        assert Browser().get(path).status_code == 410


def test_no_reminder_without_a_last_session_timepoint(people, db_tasks, smtp, run_worker):
    ended = end(people)
    with time_machine.travel(ended + timedelta(days=1, minutes=1), tick=False):
        scan_and_send(run_worker)
    assert smtp.to(CLIENT) == [] and not Reminder.objects.exists()


def test_no_reminder_for_an_episode_that_ended_long_ago(people, db_tasks, smtp, run_worker):
    # The ending is recorded today, but the episode ended three weeks ago: the last session's
    # questionnaires closed a week ago (14 days from the ending), and nobody is reminded.
    collect_at_the_last_session(people)
    ended = end(people, days_ago=21)
    with time_machine.travel(ended + timedelta(days=1, minutes=1), tick=False):
        scan_and_send(run_worker)
    assert smtp.to(CLIENT) == []


def test_no_reminder_once_the_questionnaires_have_closed(people, db_tasks, smtp, run_worker):
    # The ending recorded 13 days after the day it happened, and a practice that waits two days
    # before a first reminder: by then the questionnaire is closed, so no reminder.
    collect_at_the_last_session(people)
    ReminderPolicy.objects.create(practice=people.practice, first_after_hours=48)
    ended = end(people, days_ago=13)
    with time_machine.travel(ended + timedelta(days=2, minutes=1), tick=False):
        scan_and_send(run_worker)
    assert smtp.to(CLIENT) == []


def test_no_reminder_once_answered(client, people, db_tasks, smtp, run_worker):
    collect_at_the_last_session(people)
    ended = end(people)
    client.force_login(people.client_user)
    answers = {f"q{i}": "1" for i in range(1, 8)} | {"difficulty": "1"}
    assert client.post(f"/portal/sessions/{people.session.pk}/gad7/", answers).status_code == 302
    with time_machine.travel(ended + timedelta(days=1, minutes=1), tick=False):
        scan_and_send(run_worker)
    assert smtp.to(CLIENT) == []


def test_no_reminder_for_a_client_who_turned_reminders_off(people, db_tasks, smtp, run_worker):
    collect_at_the_last_session(people)
    people.client.reminders = False
    people.client.save()
    ended = end(people)
    with time_machine.travel(ended + timedelta(days=1, minutes=1), tick=False):
        scan_and_send(run_worker)
    assert smtp.to(CLIENT) == []


def test_no_second_reminder_if_one_went_out_after_the_ending(people, db_tasks, smtp, run_worker):
    # The session's reminder, claimed while the episode was open, went after the ending and
    # pointed to the same questionnaires: no reminder after the ending follows it.
    collect_at_the_last_session(people)
    with time_machine.travel(people.session.created_at + timedelta(hours=24, minutes=1)):
        reminder = Reminder.objects.create(client=people.client, session=people.session, slot=1)
        ended = end(people)
        from tandem.reminders.tasks import send_reminder

        send_reminder.enqueue(reminder.pk)
        run_worker()
    assert len(smtp.to(CLIENT)) == 1
    with time_machine.travel(ended + timedelta(days=1, minutes=1), tick=False):
        scan_and_send(run_worker)
    assert len(smtp.to(CLIENT)) == 1
    assert not Reminder.objects.filter(ending=True).exists()


def test_a_client_who_came_back_is_not_reminded_of_the_old_ending(
    people, db_tasks, smtp, run_worker
):
    collect_at_the_last_session(people)
    ended = end(people)
    Episode.objects.create(client=people.client, therapist=people.therapist, number=2)
    with time_machine.travel(ended + timedelta(days=1, minutes=1), tick=False):
        scan_and_send(run_worker)
    assert smtp.to(CLIENT) == []


def test_an_ending_reminder_and_the_sessions_own_are_told_apart(people, db_tasks, smtp, run_worker):
    # The session had its first reminder while open; after the ending its reminder after the
    # ending is a slot of its own (the unique constraint does not mistake one for the other).
    collect_at_the_last_session(people)
    with time_machine.travel(people.session.created_at + timedelta(hours=24, minutes=1)):
        scan_and_send(run_worker)
    assert Reminder.objects.get().slot == 1
    with time_machine.travel(people.session.created_at + timedelta(hours=26)):
        ended = end(people)
    with time_machine.travel(ended + timedelta(days=1, minutes=1), tick=False):
        scan_and_send(run_worker)
    assert sorted(Reminder.objects.values_list("slot", "ending")) == [(1, False), (1, True)]
    assert len(smtp.to(CLIENT)) == 2

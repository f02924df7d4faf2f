"""A client is reminded by email when something is due, as often as the practice says."""

from __future__ import annotations

import re
from datetime import timedelta

import time_machine
from django.utils import timezone

from tandem.audit.models import AuditEvent
from tandem.measures import registry
from tandem.reminders.models import Reminder, ReminderPolicy
from tandem.reminders.tasks import send_due_reminders
from tandem.tasks.tests.smtp import body

CLIENT = "client@harbour.test"


def scan_and_send(run_worker) -> None:
    send_due_reminders.enqueue()
    run_worker()


def test_it_reminds_after_the_first_delay_then_repeats_then_stops(
    people, db_tasks, smtp, run_worker
):
    ReminderPolicy.objects.create(
        practice=people.practice, first_after_hours=12, repeat_every_days=2, max_reminders=2
    )
    recorded = people.session.created_at
    with time_machine.travel(recorded + timedelta(hours=11), tick=False):
        scan_and_send(run_worker)
    assert smtp.to(CLIENT) == []

    with time_machine.travel(recorded + timedelta(hours=13), tick=False):
        scan_and_send(run_worker)
        scan_and_send(run_worker)  # a second scan in the same slot sends nothing more
    assert len(smtp.to(CLIENT)) == 1

    with time_machine.travel(recorded + timedelta(hours=12, days=2, minutes=1), tick=False):
        scan_and_send(run_worker)
    assert len(smtp.to(CLIENT)) == 2

    with time_machine.travel(recorded + timedelta(days=30), tick=False):
        scan_and_send(run_worker)
    assert len(smtp.to(CLIENT)) == 2
    assert sorted(Reminder.objects.values_list("slot", flat=True)) == [1, 2]
    assert (
        AuditEvent.objects.filter(action="reminder.send", client_id=people.client.pk).count() == 2
    )


def test_its_email_is_warm_has_a_link_and_no_clinical_detail(people, db_tasks, smtp, run_worker):
    with time_machine.travel(timezone.now() + timedelta(days=1, hours=1), tick=False):
        scan_and_send(run_worker)
    [mail] = smtp.to(CLIENT)
    text = (mail["Subject"] + body(mail)).lower()
    assert "http://127.0.0.1:8000/portal/" in text
    assert "hello client" in text
    forbidden = ["phq", "gad", "score", "depress", "anxi", "session 1", "therapist@", "ada"]
    for word in forbidden:
        assert word not in text, word
    # Instrument ids and titles as whole words ("mi", the Mobility Inventory, is in "minutes").
    for instrument in registry.registry().values():
        for word in (instrument.id.lower(), instrument.title.lower()):
            assert not re.search(rf"\b{re.escape(word)}\b", text), word

"""The reminder jobs: every few minutes, claim the reminder slots that have come; then send each
reminder once, the way the client chose: by email, by text message (tandem.sms, which sends the
text in a job of its own, after the practice's quiet hours), or both. Email is the default, and
what a client who chose texts gets while their number cannot be texted (not confirmed, or STOP),
and what a reminder text that did not get through becomes (tandem.sms.tasks.email_instead)."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django_tasks import task

from tandem.audit.chain import record
from tandem.reminders.due import create_reminder, due_reminders, email_reminder, still_due
from tandem.reminders.models import Reminder
from tandem.sms.actions import queue_reminder_text, reminder_channels
from tandem.tasks.queue import after_commit

logger = logging.getLogger(__name__)


@task()
def send_reminder(reminder_id: int) -> str:
    reminder = Reminder.objects.select_related("client__user").filter(pk=reminder_id).first()
    if reminder is None:
        # Erased with its client since it was queued: nothing to send, nothing to retry.
        return "gone"
    if reminder.sent_at or reminder.skipped:
        return "already done"
    client = reminder.client
    if not still_due(reminder):
        Reminder.objects.filter(pk=reminder.pk).update(skipped="no longer due or opted out")
        return "skipped"
    channels = reminder_channels(client)
    if "text" in channels:
        # Queued once per reminder (a retry after a failed email finds it queued already).
        queue_reminder_text(reminder)
    if "email" in channels:
        # Once: a text that could not reach the client may have been emailed instead already.
        email_reminder(reminder)
    with transaction.atomic():
        Reminder.objects.filter(pk=reminder.pk, sent_at=None).update(sent_at=timezone.now())
        record(
            actor=None,
            action="reminder.send",
            obj=reminder,
            client_id=client.pk,
            practice_id=client.practice_id,
            detail={
                "slot": reminder.slot,
                "session": reminder.session_id,
                "by": list(channels),
                **({"ending": True} if reminder.ending else {}),
            },
        )
    logger.info("reminder sent", extra={"reminder": reminder.pk, "slot": reminder.slot})
    return "sent"


@task()
def send_due_reminders() -> int:
    """Periodic: claim every reminder slot that has come and queue its email."""
    queued = 0
    for due in due_reminders():
        with transaction.atomic():
            reminder = create_reminder(due)
            if reminder is not None:
                after_commit(send_reminder, reminder.pk)
                queued += 1
    if queued:
        logger.info("reminders queued", extra={"count": queued})
    return queued

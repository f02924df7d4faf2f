"""The reminder jobs: every few minutes, claim the reminder slots that have come; then send each
reminder once, the way the client chose: by email, by text message (tandem.sms, which sends the
text in a job of its own, after the practice's quiet hours), or both. Email is the default, and
what a client who chose texts gets while their number cannot be texted (not confirmed, or STOP)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from tandem.audit.chain import record
from tandem.links.actions import revoke_link
from tandem.links.models import QuestionnaireLink
from tandem.reminders.due import (
    create_reminder,
    due_reminders,
    reminder_email,
    reminder_link,
    still_due,
)
from tandem.reminders.models import Reminder
from tandem.sms.actions import queue_reminder_text, reminder_channels
from tandem.tasks.queue import after_commit
from tandem.web import dates

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
        _email(reminder)
    with transaction.atomic():
        Reminder.objects.filter(pk=reminder.pk, sent_at=None).update(sent_at=timezone.now())
        record(
            actor=None,
            action="reminder.send",
            obj=reminder,
            client_id=client.pk,
            practice_id=client.practice_id,
            detail={"slot": reminder.slot, "session": reminder.session_id, "by": list(channels)},
        )
    logger.info("reminder sent", extra={"reminder": reminder.pk, "slot": reminder.slot})
    return "sent"


def _email(reminder: Reminder) -> None:
    client = reminder.client
    first_name = (client.user.full_name.split() or [""])[0] if client.user else ""
    made = reminder_link(reminder, QuestionnaireLink.REMINDER)
    subject, body = (
        reminder_email(first_name, made.url, dates.day(made.link.expires_at))
        if made is not None
        else reminder_email(first_name)
    )
    try:
        send_mail(subject, body, None, [client.user.email])  # type: ignore[union-attr]  # still_due: it has a login
    except Exception:
        if made is not None:
            # Never sent, so never to be used: the retry makes a link of its own.
            revoke_link(None, made.link, reason="the reminder email was not sent")
        raise


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

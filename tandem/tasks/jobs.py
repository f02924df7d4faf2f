"""The tasks the worker runs. Each is idempotent: run twice, it has the effect of running once."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django_tasks import TaskContext, task

from tandem.audit.chain import record
from tandem.tasks.models import Delivery, Reminder
from tandem.tasks.queue import after_commit

logger = logging.getLogger(__name__)


def _already_sent(key: str) -> bool:
    return Delivery.objects.filter(key=key).exists()


def _mark_sent(key: str) -> None:
    Delivery.objects.get_or_create(key=key)


@task(takes_context=True)
def send_invitation_email(context: TaskContext, invitation_id: int, link: str) -> str:
    from tandem.accounts.actions import _send_invitation_email
    from tandem.accounts.models import Invitation

    key = f"invitation:{invitation_id}"
    invitation = (
        Invitation.objects.select_related("user", "practice").filter(pk=invitation_id).first()
    )
    if invitation is None or not invitation.is_usable:
        outcome = "not usable"
    elif _already_sent(key):
        outcome = "already sent"
    else:
        _send_invitation_email(invitation.user, invitation.practice, link)
        _mark_sent(key)
        outcome = "sent"
    _forget_link(context)
    logger.info("invitation email %s", outcome, extra={"invitation": invitation_id})
    return outcome


@task(takes_context=True)
def send_address_in_use_email(context: TaskContext, email: str, practice_id: int) -> str:
    """Tell an address's owner that an invitation to it could not be used (it has an account
    elsewhere). The practice that invited is not told; the address leaves the queue once sent."""
    from tandem.accounts.actions import _send_address_in_use_email
    from tandem.accounts.models import Practice

    key = f"address-in-use:{context.task_result.id}"
    practice = Practice.objects.filter(pk=practice_id).first()
    if practice is None or not email:
        outcome = "nothing to send"
    elif _already_sent(key):
        outcome = "already sent"
    else:
        _send_address_in_use_email(email, practice)
        _mark_sent(key)
        outcome = "sent"
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if isinstance(send_address_in_use_email.get_backend(), DatabaseBackend):
        DBTaskResult.objects.filter(pk=context.task_result.id).update(
            args_kwargs={"args": [], "kwargs": {"email": "(sent)", "practice_id": practice_id}}
        )
    logger.info("address-in-use email %s", outcome)
    return outcome


def _forget_link(context: TaskContext) -> None:
    # The link carries the one-time token that the database otherwise keeps only as a hash:
    # once the email is out, it does not stay behind in the queue table.
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(pk=context.task_result.id).update(
        args_kwargs={"args": [], "kwargs": {"invitation_id": None, "link": "(sent)"}}
    )


@task()
def notify_staff(recipients: list[str], subject: str, link: str, key: str) -> str:
    from tandem.safety.actions import _send_notification

    if _already_sent(key):
        return "already sent"
    _send_notification(recipients, subject, link)
    _mark_sent(key)
    return "sent"


@task()
def send_reminder(reminder_id: int) -> str:
    from tandem.tasks.reminders import reminder_email, still_due

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
    first_name = (client.user.full_name.split() or [""])[0] if client.user else ""
    subject, body = reminder_email(first_name)
    send_mail(subject, body, None, [client.user.email])  # type: ignore[union-attr]
    with transaction.atomic():
        Reminder.objects.filter(pk=reminder.pk, sent_at=None).update(sent_at=timezone.now())
        record(
            actor=None,
            action="reminder.send",
            obj=reminder,
            client_id=client.pk,
            practice_id=client.practice_id,
            detail={"slot": reminder.slot, "session": reminder.session_id},
        )
    logger.info("reminder sent", extra={"reminder": reminder.pk, "slot": reminder.slot})
    return "sent"


@task()
def send_due_reminders() -> int:
    """Periodic: claim every reminder slot that has come and queue its email."""
    from tandem.tasks.reminders import create_reminder, due_reminders

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


@task()
def escalate_overdue_alerts() -> int:
    """Periodic: escalate risk alerts nobody acknowledged in time (each alert once)."""
    from tandem.safety.actions import escalate_overdue

    escalated = escalate_overdue()
    if escalated:
        logger.warning("risk alerts escalated", extra={"count": len(escalated)})
    return len(escalated)


@task()
def recompute_practice(practice_id: int, kinds: list[str] | None = None) -> dict[str, float]:
    """Recompute a practice's snapshots (learned bands, practice report); seconds per kind.

    Idempotent: a second run stores the same figures again (or newer ones, if data arrived).
    """
    from tandem.accounts.models import Practice
    from tandem.measures.snapshots import recompute

    if not Practice.objects.filter(pk=practice_id).exists():
        return {}
    return recompute(practice_id, kinds)


@task()
def recompute_all_practices() -> int:
    """Nightly: queue a recomputation of every practice's snapshots, one task per practice, so
    that a failing practice is retried on its own and several workers share the night's work."""
    from tandem.accounts.models import Practice

    queued = 0
    for practice_id in Practice.objects.order_by("pk").values_list("pk", flat=True):
        recompute_practice.enqueue(practice_id)
        queued += 1
    logger.info("snapshot recomputations queued", extra={"count": queued})
    return queued


@task()
def analyse_pending_transcript(analysis_id: int) -> str:
    """Analyse an uploaded transcript and store the result (or the reason it failed)."""
    from tandem.api.transcripts import finish_analysis

    return finish_analysis(analysis_id)


@task()
def forget_expired_idempotency_keys() -> int:
    """Stored answers to retried API requests hold clinical data: kept one day, then deleted."""
    from tandem.api.idempotency import forget_expired

    return forget_expired()

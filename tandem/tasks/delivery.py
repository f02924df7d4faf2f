"""Idempotency helpers for tasks that send something: sent once, however often the task runs.

A delivery key names one thing to send (``reminder-email:12``). Checking the key and recording it
after sending leaves a moment between the two in which a second run (a task tried again while the
first is still going, two workers, two jobs that send the same email) finds nothing recorded and
sends too. ``claim`` closes it: a run puts the key on record, in a transaction of its own, before
it sends; the unique key lets one run in, and every other run sends nothing. The claim says
"being sent", never "sent": the run that made it records the email as sent once it has left
(``mark_sent``), or gives the claim back when sending failed (``release``), so a later try sends.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tasks import TaskContext

from tandem.tasks.models import Delivery

logger = logging.getLogger(__name__)

# A claim this old whose run never said how the send went (its worker was killed mid-send) is
# taken as failed, and a later run sends. Longer than a send can take (the mail server's timeout,
# EMAIL_TIMEOUT in settings, on each step of the conversation), and shorter than the worker's
# retries last (30 s, 2, 8 and 32 minutes: tandem.tasks.worker.backoff), so a try still comes
# after it.
CLAIM_LEASE = timedelta(minutes=10)


class StillSending(Exception):
    """Another run claimed this delivery and has not yet said whether it went: this run sends
    nothing now. The worker tries it again later, when it finds it sent (and does nothing), or
    given back after a failure, or abandoned (and sends)."""

    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def already_sent(key: str) -> bool:
    return Delivery.objects.filter(key=key, sent_at__isnull=False).exists()


def claim(key: str) -> bool:
    """Claim the sending of ``key`` before sending it: True when this run is to send (and then
    calls ``mark_sent`` once it went, or ``release`` if it did not); False when it was sent
    already. Raises ``StillSending`` while another run's claim stands."""
    now = timezone.now()
    try:
        with transaction.atomic():
            Delivery.objects.create(key=key, claimed_at=now, sent_at=None)
        return True
    except IntegrityError:
        pass
    found = Delivery.objects.filter(key=key).values_list("sent_at", "claimed_at").first()
    if found is None:
        raise StillSending(key)  # given back this instant: the next try sends
    sent_at, claimed_at = found
    if sent_at is not None:
        return False
    if claimed_at > now - CLAIM_LEASE:
        raise StillSending(key)
    # Abandoned: taken over by one run only (the update is conditional on the claim it read).
    if Delivery.objects.filter(key=key, sent_at=None, claimed_at=claimed_at).update(claimed_at=now):
        logger.warning("an abandoned send taken over", extra={"delivery": key})
        return True
    raise StillSending(key)


def release(key: str) -> None:
    """Give back the claim on ``key``: sending failed, and a later try is to send."""
    Delivery.objects.filter(key=key, sent_at=None).delete()


def mark_sent(key: str) -> None:
    Delivery.objects.update_or_create(key=key, defaults={"sent_at": timezone.now()})


def forget_arguments(context: TaskContext, kwargs: dict[str, object]) -> None:
    """Overwrite a finished task's stored arguments with ``kwargs``.

    A task's arguments stay in the queue table after it ran; when they carry something the
    database otherwise keeps only as a hash (an invitation link's token) or should not keep at
    all (an address that has no business here), the task replaces them once it has sent.
    Only the database backend stores arguments; other backends keep nothing to forget.
    """
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if isinstance(context.task_result.task.get_backend(), DatabaseBackend):
        DBTaskResult.objects.filter(pk=context.task_result.id).update(
            args_kwargs={"args": [], "kwargs": kwargs}
        )

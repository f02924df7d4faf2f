"""The room's periodic job: closing handovers that were left open.

A tablet put down mid-questionnaire, a browser closed, a server session that timed out: nothing
comes back to end the handover, so without this it would stay open in the database for ever. A
handover counts as left once nothing has happened on it for the practice's idle time (when the
server locks it anyway) and then the staff idle time (``TANDEM_STAFF_IDLE_MINUTES``, 30 unless
set), counted from when it locked if it locked later. By then a device that has asked nothing
since has been signed out by itself, so nobody is going to unlock it.

Closing is one UPDATE per handover, guarded by its state (still open, still untouched since the
moment it was read), so two workers, or a worker and a therapist unlocking at that moment, close
it once: the one whose UPDATE changed the row writes the audit record. Closing frees no device:
one that kept asking still shows the locked screen, and unlocking it still works
(``tandem.room.models.HOLDING``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django_tasks import task

from tandem.audit.chain import record
from tandem.room.models import Handover


def left_after() -> timedelta:
    """How long after it locks (or would have) a handover counts as left."""
    return timedelta(seconds=settings.TANDEM_STAFF_IDLE_SECONDS)


@task()
def close_left_handovers() -> int:
    """Periodic: close the handovers left open; returns how many this run closed."""
    return close_left(timezone.now())


def close_left(now: datetime) -> int:
    margin = left_after()
    closed = 0
    candidates = Handover.objects.filter(
        ended_at__isnull=True, last_activity__lt=now - margin
    ).values_list("pk", "idle_seconds")
    for pk, idle_seconds in candidates:
        closed += _close(pk, now, now - margin - timedelta(seconds=idle_seconds), now - margin)
    return closed


@transaction.atomic
def _close(pk: int, now: datetime, used_before: datetime, locked_before: datetime) -> int:
    changed = (
        Handover.objects.filter(pk=pk, ended_at__isnull=True, last_activity__lt=used_before)
        .filter(Q(locked_at__isnull=True) | Q(locked_at__lt=locked_before))
        # Every right-hand side reads the row as it was: one never locked locks now, as idle.
        .update(
            lock_reason=Case(
                When(locked_at__isnull=True, then=Value("idle")), default=F("lock_reason")
            ),
            locked_at=Coalesce(F("locked_at"), Value(now)),
            ended_at=now,
            ended_how="abandoned",
            closed_by_tandem_at=now,
        )
    )
    if not changed:
        return 0
    handover = Handover.objects.get(pk=pk)
    record(
        actor=handover.therapist,
        action="room.abandoned",
        obj=handover,
        client_id=handover.client_id,
        practice_id=handover.practice_id,
        detail={
            "locked": handover.lock_reason,
            # Locked by this job: it was left mid-questionnaire and never asked for again.
            "locked_now": handover.locked_at == now,
            "last_used": handover.last_activity.isoformat(),
            "noticed_by": "worker",
        },
    )
    return 1

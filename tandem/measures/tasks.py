"""Background jobs for practice-wide figures: recomputing a practice's snapshots (expected
bands, practice report, alert replay), nightly for every practice and on request."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db.models import F, Q
from django.utils import timezone
from django_tasks import task

from tandem.accounts.models import Practice
from tandem.measures.models import PracticeSnapshot
from tandem.measures.snapshots import recompute

logger = logging.getLogger(__name__)

# A recomputation asked for and not finished within this long is asked for again (a worker that
# was stopped mid-task puts its task back, so this is only a backstop).
REQUEST_AGAIN_AFTER = timedelta(minutes=15)


@task()
def recompute_practice(practice_id: int, kinds: list[str] | None = None) -> dict[str, float]:
    """Recompute a practice's snapshots (learned bands, practice report); seconds per kind.

    Idempotent: a second run stores the same figures again (or newer ones, if data arrived).
    """
    if not Practice.objects.filter(pk=practice_id).exists():
        return {}
    return recompute(practice_id, kinds)


@task()
def recompute_all_practices() -> int:
    """Nightly: queue a recomputation of every practice's snapshots, one task per practice, so
    that a failing practice is retried on its own and several workers share the night's work."""
    queued = 0
    for practice_id in Practice.objects.order_by("pk").values_list("pk", flat=True):
        recompute_practice.enqueue(practice_id)
        queued += 1
    logger.info("snapshot recomputations queued", extra={"count": queued})
    return queued


def request_recompute(practice_id: int, kind: str) -> bool:
    """Queue a recomputation of the practice's snapshots, once however many pages ask at once.

    The claim is a conditional update of ``requested_at``: only the first asker since the last
    computation gets the row, and only it queues the task. Returns whether a task was queued.
    """
    now = timezone.now()
    claimed = (
        PracticeSnapshot.objects.filter(practice_id=practice_id, kind=kind)
        .filter(
            Q(requested_at__isnull=True)
            | Q(requested_at__lt=now - REQUEST_AGAIN_AFTER)
            | Q(requested_at__lte=F("computed_at"))
        )
        .update(requested_at=now)
    )
    if not claimed:
        return False
    recompute_practice.enqueue(practice_id, [kind])
    return True

"""The periodic job: open every follow-up check-in that has fallen due (each queues its email)."""

from __future__ import annotations

import logging

from django.utils import timezone
from django_tasks import task

from tandem.followup.actions import open_follow_up
from tandem.followup.due import falling_due

logger = logging.getLogger(__name__)


@task()
def open_due_follow_ups() -> int:
    """Periodic: open the check-ins due today; a re-run opens nothing twice."""
    opened = 0
    for due in falling_due(timezone.localdate()):
        if open_follow_up(due.episode_id, due.months, due.due_on) is not None:
            opened += 1
    if opened:
        logger.info("follow-ups opened", extra={"count": opened})
    return opened

"""The safety app's background jobs."""

from __future__ import annotations

import logging

from django_tasks import task

from tandem.safety.actions import escalate_overdue

logger = logging.getLogger(__name__)


@task()
def escalate_overdue_alerts() -> int:
    """Periodic: escalate risk alerts nobody acknowledged in time (each alert once)."""
    escalated = escalate_overdue()
    if escalated:
        logger.warning("risk alerts escalated", extra={"count": len(escalated)})
    return len(escalated)

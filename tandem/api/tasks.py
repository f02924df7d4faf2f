"""The API's background jobs."""

from __future__ import annotations

from django_tasks import task

from tandem.api.idempotency import forget_expired


@task()
def forget_expired_idempotency_keys() -> int:
    """Stored answers to retried API requests hold clinical data: kept one day, then deleted."""
    return forget_expired()

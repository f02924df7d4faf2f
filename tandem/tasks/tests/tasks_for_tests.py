"""Tasks that exist only for the worker's tests (imported by path, as the worker does)."""

from __future__ import annotations

from django_tasks import task

from tandem.tasks.models import Delivery


@task()
def fails_until_attempt(key: str, succeed_on: int) -> int:
    """Fails on each try before ``succeed_on``; counts its tries as Delivery rows."""
    attempt = Delivery.objects.filter(key__startswith=f"{key}:").count() + 1
    Delivery.objects.create(key=f"{key}:{attempt}")
    if attempt < succeed_on:
        raise ConnectionError(f"try {attempt} failed")
    return attempt

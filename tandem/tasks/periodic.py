"""The periodic-job registry: each app names the jobs the worker queues on a clock.

An app registers its periodic jobs when Django starts (its ``AppConfig.ready``), so the worker
knows them without importing any feature: ``register("reminders", send_due_reminders,
timedelta(minutes=15))``. Names are what the worker's clock (``PeriodicJob`` rows) is kept by:
renaming a job starts a new clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Protocol

from django.utils import timezone


class PeriodicTask(Protocol):
    """A task that takes no arguments: the worker queues it and does not read its result."""

    def enqueue(self) -> object: ...


@dataclass(frozen=True)
class Periodic:
    name: str
    task: PeriodicTask
    every: timedelta
    # For a daily job: the hour (server time) it runs at, when the practice is quiet.
    at_hour: int | None = None

    def next_run(self, now: datetime) -> datetime:
        if self.at_hour is None:
            return now + self.every
        local = timezone.localtime(now)
        run = local.replace(hour=self.at_hour, minute=0, second=0, microsecond=0)
        return run if run > local else run + timedelta(days=1)


_REGISTRY: dict[str, Periodic] = {}


def register(name: str, task: PeriodicTask, every: timedelta, at_hour: int | None = None) -> None:
    """Add a periodic job (once; registering the same name again replaces it, as a reloaded
    app would)."""
    _REGISTRY[name] = Periodic(name, task, every, at_hour)


def registered() -> tuple[Periodic, ...]:
    """Every periodic job, in the order the apps registered them."""
    return tuple(_REGISTRY.values())

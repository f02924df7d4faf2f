"""What the worker keeps: emails sent (so none goes twice), its heartbeats and the periodic-job
clock."""

from __future__ import annotations

from django.db import models
from django.db.models.functions import Now
from django.utils import timezone


class Delivery(models.Model):
    """An email that left, or that one run is sending now: its key is what every other run checks
    so that it does not send twice (tandem.tasks.delivery)."""

    key = models.CharField(max_length=200, unique=True)
    # The database's default too: a worker still running the release before this column came
    # writes rows without it while the new release migrates.
    claimed_at = models.DateTimeField(default=timezone.now, db_default=Now())
    # Empty while the run that claimed it is sending: the claim alone never says it went.
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return self.key


class WorkerHeartbeat(models.Model):
    """A running worker says it is alive; a worker silent too long is taken as dead."""

    worker_id = models.CharField(max_length=64, unique=True)
    host = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(default=timezone.now)
    seen_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.worker_id} on {self.host}:{self.pid}"


class PeriodicJob(models.Model):
    """When a periodic job is next due; claimed with a conditional update so one worker runs it."""

    name = models.CharField(max_length=50, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name

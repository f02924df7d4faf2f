"""A task whose worker went silent is queued again; one whose worker is alive is left alone."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.tasks.tests.tasks_for_tests import fails_until_attempt
from tandem.tasks.worker import MAX_ATTEMPTS, beat, requeue_orphans


def claimed_by(worker_id: str, attempts: int = 1) -> DBTaskResult:
    fails_until_attempt.enqueue("orphan", 1)
    result = DBTaskResult.objects.get()
    result.status = "RUNNING"
    result.started_at = timezone.now()
    result.worker_ids = [f"earlier-{n}" for n in range(attempts - 1)] + [worker_id]
    result.save()
    return result


def test_it_requeues_the_task_of_a_worker_that_went_silent_and_it_then_runs(db_tasks, run_worker):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        beat("dead-worker")
        result = claimed_by("dead-worker")
    with time_machine.travel(start + timedelta(seconds=59), tick=False):
        assert requeue_orphans(stale_after=60) == 0
    with time_machine.travel(start + timedelta(seconds=61), tick=False):
        assert requeue_orphans(stale_after=60) == 1
        assert run_worker() == 1
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL"
    assert result.worker_ids[0] == "dead-worker" and len(result.worker_ids) == 2


def test_it_leaves_alone_the_task_of_a_worker_that_keeps_beating(db_tasks):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        beat("busy-worker")
        claimed_by("busy-worker")
    with time_machine.travel(start + timedelta(minutes=10), tick=False):
        beat("busy-worker")  # a long task: the worker is still alive
        assert requeue_orphans(stale_after=60) == 0
    assert DBTaskResult.objects.get().status == "RUNNING"


def test_it_gives_up_on_a_task_that_kept_killing_its_workers(db_tasks):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        claimed_by("last-worker", attempts=MAX_ATTEMPTS)
    with time_machine.travel(start + timedelta(minutes=5), tick=False):
        requeue_orphans(stale_after=60)
    assert DBTaskResult.objects.get().status == "FAILED"

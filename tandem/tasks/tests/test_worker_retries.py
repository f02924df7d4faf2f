"""A failing task is tried again later, backing off, and given up after MAX_ATTEMPTS."""

from __future__ import annotations

from datetime import timedelta

import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tandem.tasks.tests.tasks_for_tests import fails_until_attempt
from tandem.tasks.worker import MAX_ATTEMPTS, backoff


def test_it_retries_a_failed_task_after_a_pause_until_it_succeeds(db, run_worker):
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        fails_until_attempt.enqueue("flaky", 3)
        run_worker()
        result = DBTaskResult.objects.get()
        assert result.status == "READY"
        assert result.run_after == start + backoff(1)
        assert result.exception_class_path == "builtins.ConnectionError"
        run_worker()  # not yet: it waits for its turn
        assert DBTaskResult.objects.get().worker_ids == result.worker_ids
    with time_machine.travel(start + backoff(1) + timedelta(seconds=1), tick=False):
        run_worker()
    with time_machine.travel(start + backoff(1) + backoff(2) + timedelta(seconds=2), tick=False):
        run_worker()
    result.refresh_from_db()
    assert result.status == "SUCCESSFUL" and result.return_value == 3
    assert len(result.worker_ids) == 3


def test_it_gives_up_after_the_last_attempt(db, run_worker):
    when = timezone.now()
    fails_until_attempt.enqueue("hopeless", 99)
    for _ in range(MAX_ATTEMPTS):
        with time_machine.travel(when, tick=False):
            run_worker()
        when += timedelta(hours=2)
    result = DBTaskResult.objects.get()
    assert result.status == "FAILED"
    assert "try 5 failed" in result.traceback
    with time_machine.travel(when + timedelta(days=1), tick=False):
        assert run_worker() == 0

"""`tandem worker`: django-tasks-db's worker, plus what a production worker also needs.

- **Heartbeats and orphans.** The database worker marks a task RUNNING when it claims it; if that
  worker then dies (kill -9, a lost machine) the task would stay RUNNING forever. Each worker
  writes a heartbeat every few seconds, and any worker puts a RUNNING task back in the queue once
  the worker that claimed it has been silent for TANDEM_WORKER_STALE_SECONDS.
- **Retries.** A failing task is tried again later (backing off), up to ``MAX_ATTEMPTS`` in all.
- **Periodic jobs.** Reminders, risk escalation, the nightly snapshots and the like, which each app
  registers (``tandem.tasks.periodic``), are queued on a clock kept in the database, so with any number of workers each job is queued
  once per period.

Tasks are written to be idempotent, so the rare double run (a worker that was only slow, not
dead) does no harm.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import close_old_connections, connection, transaction
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks import TaskResultStatus, task_backends
from django_tasks.signals import task_finished, task_started
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction

from tandem.audit.chain import seal as seal_audit_trail
from tandem.tasks.models import PeriodicJob, WorkerHeartbeat
from tandem.tasks.periodic import registered

logger = logging.getLogger("tandem.worker")

MAX_ATTEMPTS = 5


def backoff(attempts: int) -> timedelta:
    """Wait before the next try: 30 s, 2 min, 8 min, 32 min."""
    return timedelta(seconds=30 * 4 ** (attempts - 1))


def beat(worker_id: str, now: datetime | None = None) -> None:
    now = now or timezone.now()
    updated = WorkerHeartbeat.objects.filter(worker_id=worker_id).update(seen_at=now)
    if not updated:
        WorkerHeartbeat.objects.create(
            worker_id=worker_id, host=socket.gethostname()[:200], pid=os.getpid(), seen_at=now
        )


def requeue_orphans(stale_after: float, now: datetime | None = None) -> int:
    """Put back in the queue every RUNNING task whose worker has gone silent; returns how many."""
    now = now or timezone.now()
    cutoff = now - timedelta(seconds=stale_after)
    alive = set(
        WorkerHeartbeat.objects.filter(seen_at__gte=cutoff).values_list("worker_id", flat=True)
    )
    requeued = 0
    with exclusive_transaction(DBTaskResult.objects.db):
        for result in DBTaskResult.objects.running().select_for_update(skip_locked=True):
            if result.worker_ids and result.worker_ids[-1] in alive:
                continue
            if result.started_at and result.started_at > cutoff:
                continue  # claimed moments ago; its worker's first beat may still be on its way
            attempts = len(result.worker_ids)
            if attempts >= MAX_ATTEMPTS:
                result.set_failed(RuntimeError(f"worker lost {attempts} times; giving up"))
                logger.error("task abandoned", extra={"task": str(result.pk), "attempts": attempts})
                continue
            result.status = TaskResultStatus.READY
            result.save(update_fields=["status"])
            requeued += 1
            logger.warning(
                "task requeued after its worker went silent",
                extra={"task": str(result.pk), "path": result.task_path, "attempts": attempts},
            )
    WorkerHeartbeat.objects.filter(seen_at__lt=now - timedelta(days=1)).delete()
    return requeued


def schedule_periodic(now: datetime | None = None) -> list[str]:
    """Queue each periodic job whose time has come, once across all workers."""
    now = now or timezone.now()
    PeriodicJob.objects.bulk_create(
        [PeriodicJob(name=job.name, next_run_at=now) for job in registered()], ignore_conflicts=True
    )
    queued = []
    for job in registered():
        with transaction.atomic():
            claimed = PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
                next_run_at=job.next_run(now), last_run_at=now
            )
            if claimed:
                job.task.enqueue()  # in the same transaction as the claim
                queued.append(job.name)
    return queued


def housekeeping(worker_id: str, stale_after: float, periodic: bool = True) -> None:
    beat(worker_id)
    requeue_orphans(stale_after)
    # The audit records written since web traffic last sealed (tandem.audit.chain).
    seal_audit_trail(wait=False)
    if periodic:
        schedule_periodic()


class TandemWorker(Worker):  # type: ignore[misc]
    def __init__(self, *, stale_after: float, periodic: bool = True, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.stale_after = stale_after
        self.periodic = periodic
        self._stopping = threading.Event()

    def run(self) -> None:
        # Alive before the first claim.
        housekeeping(self.worker_id, self.stale_after, self.periodic)
        thread = None
        if not self.batch:
            thread = threading.Thread(target=self._housekeeping_loop, daemon=True)
            thread.start()
        try:
            super().run()
        finally:
            self._stopping.set()
            if thread is not None:
                thread.join(timeout=5)
            WorkerHeartbeat.objects.filter(worker_id=self.worker_id).delete()

    def _housekeeping_loop(self) -> None:
        every = max(0.2, self.stale_after / 4)
        while not self._stopping.wait(every):
            try:
                housekeeping(self.worker_id, self.stale_after, self.periodic)
            except Exception:
                logger.exception("worker housekeeping failed; trying again")
            finally:
                close_old_connections()
        connection.close()

    def run_task(self, db_task_result: DBTaskResult) -> None:
        """As django-tasks-db's, but a failure is retried later until ``MAX_ATTEMPTS``."""
        try:
            self.running_task = True
            task = db_task_result.task
            task_result = db_task_result.task_result
            backend_type = type(task.get_backend())
            task_started.send(sender=backend_type, task_result=task_result)
            logger.info(
                "task started",
                extra={"task": str(db_task_result.pk), "path": db_task_result.task_path},
            )
            if task.takes_context:
                from django_tasks import TaskContext

                value = task.call(
                    TaskContext(task_result=task_result), *task_result.args, **task_result.kwargs
                )
            else:
                value = task.call(*task_result.args, **task_result.kwargs)
            db_task_result.set_successful(value)
            task_finished.send(sender=backend_type, task_result=db_task_result.task_result)
            logger.info(
                "task succeeded",
                extra={"task": str(db_task_result.pk), "path": db_task_result.task_path},
            )
        except (KeyboardInterrupt, SystemExit):
            # Stopped by force mid-task: it is not the task's fault, so it goes straight back.
            DBTaskResult.objects.filter(pk=db_task_result.pk).update(status=TaskResultStatus.READY)
            raise
        except Exception as error:
            self._fail_or_retry(db_task_result, error)
        finally:
            self.running_task = False
            self._run_tasks += 1

    def _fail_or_retry(self, db_task_result: DBTaskResult, error: Exception) -> None:
        attempts = len(db_task_result.worker_ids)
        extra = {
            "task": str(db_task_result.pk),
            "path": db_task_result.task_path,
            "attempts": attempts,
            "error": f"{type(error).__name__}: {error}",
        }
        if attempts < MAX_ATTEMPTS:
            db_task_result.status = TaskResultStatus.READY
            db_task_result.run_after = timezone.now() + backoff(attempts)
            db_task_result.exception_class_path = (
                f"{type(error).__module__}.{type(error).__qualname__}"
            )
            db_task_result.traceback = ""
            db_task_result.save(
                update_fields=["status", "run_after", "exception_class_path", "traceback"]
            )
            logger.warning("task failed; will try again", extra=extra)
            return
        db_task_result.set_failed(error)
        logger.error("task failed for good", extra=extra)
        task_finished.send(
            sender=type(db_task_result.task.get_backend()),
            task_result=db_task_result.task_result,
        )


def make_worker(
    *,
    interval: float = 1.0,
    batch: bool = False,
    queues: str = "default",
    max_tasks: int | None = None,
    stale_after: float | None = None,
    startup_delay: bool = True,
    periodic: bool = True,
) -> TandemWorker:
    backend = task_backends["default"]
    if type(backend).__name__ != "DatabaseBackend":
        raise RuntimeError(
            f"tandem worker needs the database task backend; this process has {type(backend)}"
        )
    return TandemWorker(
        queue_names=queues.split(","),
        interval=interval,
        batch=batch,
        backend_name="default",
        startup_delay=startup_delay,
        max_tasks=max_tasks,
        worker_id=get_random_string(32),
        excluded_queue_names=[],
        stale_after=settings.TANDEM_WORKER_STALE_SECONDS if stale_after is None else stale_after,
        periodic=periodic,
    )

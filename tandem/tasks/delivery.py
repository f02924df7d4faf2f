"""Idempotency helpers for tasks that send something: sent once, however often the task runs."""

from __future__ import annotations

from django_tasks import TaskContext

from tandem.tasks.models import Delivery


def already_sent(key: str) -> bool:
    return Delivery.objects.filter(key=key).exists()


def mark_sent(key: str) -> None:
    Delivery.objects.get_or_create(key=key)


def forget_arguments(context: TaskContext, kwargs: dict[str, object]) -> None:
    """Overwrite a finished task's stored arguments with ``kwargs``.

    A task's arguments stay in the queue table after it ran; when they carry something the
    database otherwise keeps only as a hash (an invitation link's token) or should not keep at
    all (an address that has no business here), the task replaces them once it has sent.
    Only the database backend stores arguments; other backends keep nothing to forget.
    """
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if isinstance(context.task_result.task.get_backend(), DatabaseBackend):
        DBTaskResult.objects.filter(pk=context.task_result.id).update(
            args_kwargs={"args": [], "kwargs": kwargs}
        )

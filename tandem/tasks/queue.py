"""Queue a task as part of the change that asks for it."""

from __future__ import annotations

from typing import ParamSpec, TypeVar

from django.db import connection, transaction
from django_tasks.base import Task
from django_tasks_db import DatabaseBackend

P = ParamSpec("P")
T = TypeVar("T")


def after_commit(task: Task[P, T], *args: P.args, **kwargs: P.kwargs) -> None:
    """Queue ``task`` so that it runs only if the current transaction commits.

    On the database backend the task's row is written inside the transaction: the change and
    the work it asks for commit (or roll back) together, so a crash between the two cannot lose
    an email. Other backends (the test runner's immediate one) run the task once committed.
    """
    if isinstance(task.get_backend(), DatabaseBackend) and connection.in_atomic_block:
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))

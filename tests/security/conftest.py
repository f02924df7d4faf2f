"""The worker's fixtures (database task queue, SMTP server, in-process worker) for the flow tests."""

from tandem.tasks.tests.conftest import db_tasks, run_worker, smtp  # noqa: F401

# The worker and its queue, and a local mail server, as the tasks app's tests run them.
from tandem.tasks.tests.conftest import db_tasks, run_worker, smtp  # noqa: F401

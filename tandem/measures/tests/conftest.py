# The worker and its queue, as the tasks app's tests run them.
from tandem.tasks.tests.conftest import db_tasks, run_worker  # noqa: F401

# The worker's queue and a local mail server, as the tasks app's tests run them; a fake SMS
# gateway and a verified mobile number, for reminders by text.
from tandem.sms.tests.conftest import gateway, verified  # noqa: F401
from tandem.tasks.tests.conftest import db_tasks, run_worker, smtp  # noqa: F401

# A clean cache for every test, as the reports tests have: the progress page reads the
# practice's bands through it.
from tandem.reports.tests.conftest import _no_cached_bands  # noqa: F401

"""The demo practice: a seeded, realistic practice to look around in (``tandem seed-demo``).

Harbour Lane Therapy has an admin, four therapists, a supervisor and about sixty clients with
weekly sessions. Their stories are the ones a feedback-informed practice meets: most clients
improve (many reliably, into recovery), some stall, about one in twelve get worse, some drop out,
the working relationship dips and is repaired, a few clients lean more on therapy while their
symptoms improve, some graduate and one comes back. "Other Practice" next door has one therapist
and two clients, to show that nothing crosses between practices.

Everything is drawn from one seeded generator and dated relative to today, so the demo always
looks current and is the same every time. Answers are generated item by item and scored by the
core (``tandem.core.instruments.score``), exactly as a submitted form would be.
"""

from tandem.demo.practices import seed
from tandem.demo.words import DEMO_LOGINS, DEMO_PASSWORD, DEMO_SLUG, OTHER_SLUG, SEED

__all__ = ["DEMO_LOGINS", "DEMO_PASSWORD", "DEMO_SLUG", "OTHER_SLUG", "SEED", "seed"]

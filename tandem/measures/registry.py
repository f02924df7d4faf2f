"""The instruments this server knows: the built-in files plus the practice's own folder."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from tandem.core.instruments import Instrument, Registry, load_instruments
from tandem.core.instruments.translation import risk_words

log = logging.getLogger("tandem.instruments")

# Instruments every new practice collects, with Tandem's defaults (a practice admin can change
# them): symptoms and the session partnership each session, growth and reliance every 4 sessions;
# the symptom measures again 1, 3 and 6 months after the ending (the follow-up check-in, which
# also asks whether the client would like to talk to their therapist again).
FOLLOW_UPS = ("follow_up_1m", "follow_up_3m", "follow_up_6m")
DEFAULT_SCHEDULE: tuple[tuple[str, tuple[str, ...], int | None], ...] = (
    ("phq9", ("every_session", *FOLLOW_UPS), None),
    ("gad7", ("every_session", *FOLLOW_UPS), None),
    ("partnership", ("every_session",), None),
    ("partnership_mirror", ("every_session",), None),
    ("reflection", ("every_session",), None),
    ("growth", ("every_n",), 4),
    ("reliance", ("every_n",), 4),
)

# Collected outside the session schedule.
SESSION_SCALE = "partnership"
MIRROR_SCALE = "partnership_mirror"
REFLECTION = "reflection"
SELF_CARE = "selfcare"
PRACTICE_LOG = "practice_log"
# Asked at every follow-up check-in, after the symptom measures.
TALK_AGAIN = "talk_again"


@lru_cache(maxsize=1)
def registry() -> Registry:
    folder = settings.TANDEM_INSTRUMENTS_DIR
    reg = load_instruments(folder) if folder.is_dir() else load_instruments()
    for error in reg.errors:
        log.warning("instrument file not loaded: %s", error)
    return reg


def get(instrument_id: str) -> Instrument | None:
    return registry().get(instrument_id)


def what_stops(instrument: Instrument) -> list[str]:
    """What a practice loses when it stops collecting ``instrument``, in plain words: said before
    an admin turns it off (issue 17.10)."""
    from tandem.core.outcomes.long_table import INSTRUMENTS as NHS_OUTCOME_MEASURES

    stops: list[str] = []
    for number, item in enumerate(instrument.items, start=1):
        if item.risk is not None:
            stops.append(
                _(
                    "Risk screening: question %(number)s (%(topic)s) is no longer asked, so no "
                    "risk alert can come from it."
                )
                % {"number": number, "topic": risk_words(item.risk, get_language()).topic}
            )
    if instrument.id == "phq9":
        stops.append(
            _(
                "Outcome figures: recovery, reliable improvement and reliable deterioration need "
                "PHQ-9 at the start and end of each episode; the practice report and the "
                "client's progress page lose them."
            )
        )
        stops.append(
            _(
                "Progress alerts: the expected-recovery band and 'not on track' are set from "
                "PHQ-9, the measure they are first judged on."
            )
        )
    elif instrument.id == "gad7":
        stops.append(
            _(
                "Outcome figures for clients whose problem is measured with %(measure)s (and, as "
                "the back-up, for problems without a measure of their own)."
            )
            % {"measure": instrument.short_title}
        )
    elif instrument.id in NHS_OUTCOME_MEASURES:
        stops.append(
            _("Outcome figures for clients whose problem is measured with %(measure)s.")
            % {"measure": instrument.short_title}
        )
    if instrument.id in (SESSION_SCALE, MIRROR_SCALE):
        stops.append(
            _(
                "The partnership picture: the two views of each session side by side, and the "
                "alert when the relationship drops."
            )
        )
    return stops

"""The instruments this server knows: the built-in files plus the practice's own folder."""

from __future__ import annotations

import logging
from functools import lru_cache

from django.conf import settings

from tandem.core.instruments import Instrument, Registry, load_instruments

log = logging.getLogger("tandem.instruments")

# Instruments every new practice collects, with Tandem's defaults (a practice admin can change
# them): symptoms and the session partnership each session, growth and reliance every 4 sessions.
DEFAULT_SCHEDULE: tuple[tuple[str, str, int | None], ...] = (
    ("phq9", "every_session", None),
    ("gad7", "every_session", None),
    ("partnership", "every_session", None),
    ("partnership_mirror", "every_session", None),
    ("reflection", "every_session", None),
    ("growth", "every_n", 4),
    ("reliance", "every_n", 4),
)

# Collected outside the session schedule.
SESSION_SCALE = "partnership"
MIRROR_SCALE = "partnership_mirror"
REFLECTION = "reflection"
SELF_CARE = "selfcare"
PRACTICE_LOG = "practice_log"


@lru_cache(maxsize=1)
def registry() -> Registry:
    folder = settings.TANDEM_INSTRUMENTS_DIR
    reg = load_instruments(folder) if folder.is_dir() else load_instruments()
    for error in reg.errors:
        log.warning("instrument file not loaded: %s", error)
    return reg


def get(instrument_id: str) -> Instrument | None:
    return registry().get(instrument_id)

"""Instruments are data: questionnaires described in YAML files, checked, scored and read here.

The app, the API and the command line all go through these functions, so a questionnaire is
scored the same way wherever its answers arrive.
"""

from __future__ import annotations

from tandem.core.instruments.loader import (
    InstrumentError,
    Registry,
    builtin_dir,
    instrument_from_data,
    load_instrument,
    load_instruments,
)
from tandem.core.instruments.schema import Instrument, Item, Option, Risk, SeverityBand
from tandem.core.instruments.scoring import (
    InvalidAnswers,
    RiskSignal,
    ScoreResult,
    risk_signals,
    score,
    validate_answers,
)

__all__ = [
    "Instrument",
    "InstrumentError",
    "InvalidAnswers",
    "Item",
    "Option",
    "Registry",
    "Risk",
    "RiskSignal",
    "ScoreResult",
    "SeverityBand",
    "builtin_dir",
    "instrument_from_data",
    "load_instrument",
    "load_instruments",
    "risk_signals",
    "score",
    "validate_answers",
]

"""Instruments are data: questionnaires described in YAML files, checked, scored and read here.

The app, the API and the command line all go through these functions, so a questionnaire is
scored the same way wherever its answers arrive.
"""

from __future__ import annotations

from tandem.core.instruments.loader import (
    InstrumentError,
    Registry,
    attach,
    builtin_dir,
    instrument_files,
    instrument_from_data,
    load_file,
    load_instrument,
    load_instruments,
)
from tandem.core.instruments.schema import (
    Instrument,
    Item,
    Option,
    Risk,
    SeverityBand,
    TranslationFile,
    Wording,
)
from tandem.core.instruments.scoring import (
    InvalidAnswers,
    RiskSignal,
    ScoreResult,
    risk_signals,
    score,
    validate_answers,
)
from tandem.core.instruments.translation import Shown, in_language, languages, same_language

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
    "Shown",
    "TranslationFile",
    "Wording",
    "attach",
    "builtin_dir",
    "in_language",
    "instrument_files",
    "instrument_from_data",
    "languages",
    "load_file",
    "load_instrument",
    "load_instruments",
    "risk_signals",
    "same_language",
    "score",
    "validate_answers",
]

"""Session transcript analysis (DESIGN.md capability E): how the two people actually talk.

Parse a transcript (:func:`parse_transcript`), then :func:`analyse_sessions` labels every
utterance (therapist behaviour with subtypes, client talk type, self-disclosure) and summarises
each session (talk balance, MITI 4.2.1 summary scores, language style matching, coordination,
an estimate of overall quality). No Django; numpy is imported only when analysing.

>>> from tandem.core.transcripts import parse_transcript, analyse_sessions
>>> sessions = analyse_sessions(parse_transcript("T: What brings you here?\\nC: My drinking."))
>>> sessions[0].to_dict()["utterances"][0]["behaviour"]
'question'
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .errors import TranscriptError
from .parsers import FORMATS, detect_format, parse_transcript
from .transcript import Transcript, Utterance

if TYPE_CHECKING:
    from .analysis import SessionAnalysis, UtteranceAnalysis

__all__ = [
    "FORMATS",
    "SessionAnalysis",
    "Transcript",
    "TranscriptError",
    "Utterance",
    "UtteranceAnalysis",
    "analyse_sessions",
    "detect_format",
    "parse_transcript",
]


def analyse_sessions(transcripts: list[Transcript]) -> list[SessionAnalysis]:
    """Analyse parsed transcripts with the committed model (see :mod:`.analysis`)."""
    from .analysis import analyse_sessions as run

    return run(transcripts)


def __getattr__(name: str) -> Any:
    if name in ("SessionAnalysis", "UtteranceAnalysis"):
        from . import analysis

        return getattr(analysis, name)
    raise AttributeError(name)

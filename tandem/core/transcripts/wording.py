"""Plain words for the analyser's labels, for everything a person reads (pages, reports, CLI).

The JSON keeps the codes (``therapist_input``, ``change``, ...) as its contract; a page never
shows them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

BEHAVIOUR_WORDS: dict[str, str] = {
    "question": "Question",
    "reflection": "Reflection",
    "therapist_input": "Information or advice",
    "other": "Other",
}
SUBTYPE_WORDS: dict[tuple[str, str], str] = {
    ("question", "open"): "Open question",
    ("question", "closed"): "Closed question",
    ("reflection", "simple"): "Simple reflection",
    ("reflection", "complex"): "Complex reflection",
    ("therapist_input", "information"): "Giving information",
    ("therapist_input", "advice"): "Giving advice",
    ("therapist_input", "negotiation"): "Agreeing goals or a plan",
    ("therapist_input", "options"): "Offering options",
}
TALK_WORDS: dict[str, str] = {
    "change": "Change talk (towards change)",
    "sustain": "Sustain talk (for staying the same)",
    "neutral": "Neutral talk",
}


def read_as(utterance: Mapping[str, Any]) -> str:
    """How the analyser read one turn, in words: "Giving advice; advice without permission"."""
    behaviour, subtype = utterance.get("behaviour"), utterance.get("subtype")
    if behaviour:
        words = SUBTYPE_WORDS.get((behaviour, subtype or "")) or BEHAVIOUR_WORDS.get(
            behaviour, "Other"
        )
    else:
        words = TALK_WORDS.get(utterance.get("talk_type") or "neutral", "Neutral talk")
    if utterance.get("advice_without_permission"):
        if (behaviour, subtype) == ("therapist_input", "advice"):
            words += "; advice without asking permission"
        else:
            # the model read it otherwise, but the turn tells the client what to do (rules.py)
            words += "; tells the client what to do, without asking permission"
    if utterance.get("self_disclosure"):
        words += "; therapist shares something about themself"
    return words

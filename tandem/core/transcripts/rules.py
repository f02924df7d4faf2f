"""Two judgements made by rule, not by the trained model (AnnoMI has no label for either).

* Advice without permission (MITI 4.2.1, "Persuade" vs "Persuade with permission"): an utterance
  the model calls advice, with no permission asked in it or in the two turns before, and no
  request for advice from the client in the turn before.
* Therapist self-disclosure: talk about the therapist's own life. Checked by hand against the
  sentences in tests/test_it_detects_self_disclosure.py.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from .lexicon import ASKING_FOR_ADVICE, DISCLOSURE_PHRASES, FAMILY_WORDS, PERMISSION_PHRASES

_DISCLOSURE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in DISCLOSURE_PHRASES) + r")\b")
_FAMILY = re.compile(r"\bmy (?:own )?(?:" + "|".join(sorted(FAMILY_WORDS)) + r")\b")
_PERMISSION = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in PERMISSION_PHRASES) + r")")
_ASKING = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in ASKING_FOR_ADVICE) + r")\b")
# Every disclosure phrase and the family pattern contain one of these words: an utterance without
# any of them is not searched further (tests/test_it_detects_self_disclosure.py checks the lists).
FIRST_PERSON = re.compile(r"\b(?:i|me|my|myself|i've|i'm)\b")
# Reported speech ("you said 'my wife …'") is the client's life, not the therapist's.
_QUOTING = re.compile(r"\b(?:you said|you say|you're saying|you mentioned|your)\b")


def _norm(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def self_disclosure_probability(text: str) -> float:
    """A rough probability that a therapist utterance discloses something of their own life."""
    said = _norm(text)
    if not FIRST_PERSON.search(said):
        return 0.02
    if _DISCLOSURE.search(said):
        return 0.85
    if _FAMILY.search(said) and not _QUOTING.search(said):
        return 0.75
    return 0.02


def asked_permission(speakers: Sequence[str], texts: Sequence[str], i: int) -> bool:
    """Whether advice at ``i`` was preceded by a request for permission or for advice."""
    if _PERMISSION.search(_norm(texts[i])):
        return True
    for j in range(max(0, i - 2), i):
        said = _norm(texts[j])
        if speakers[j] == "therapist" and _PERMISSION.search(said):
            return True
        if speakers[j] == "client" and (_ASKING.search(said) or _PERMISSION.search(said)):
            return True
    return False

"""Session metrics from labelled utterances: talk balance, MITI summary scores, mutuality.

Sources:

* Moyers, T. B., Manuel, J. K. & Ernst, D. (2014, rev. 4.2.1 2015). Motivational Interviewing
  Treatment Integrity Coding Manual 4.2.1. Summary scores R:Q and % complex reflections, with the
  thresholds "fair" (R:Q 1:1, 40 % complex) and "good" (R:Q 2:1, 50 % complex).
* Ireland, M. E. & Pennebaker, J. W. (2010). Language style matching in writing. JPSP 99(3).
  LSM per category = 1 - |p1 - p2| / (p1 + p2 + 0.0001), p = % of a person's words in it;
  the session's LSM is the mean over the nine categories.
* Danescu-Niculescu-Mizil, C., Lee, L., Pang, B. & Kleinberg, J. (2012). Echoes of power.
  WWW 2012. Coordination of B towards A on marker m = P(B's reply has m | A's turn has m) -
  P(B's reply has m), averaged over the markers for which A used m at least once.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from .features import words
from .lexicon import COORDINATION_MARKERS, FUNCTION_WORDS

MITI_THRESHOLDS: dict[str, dict[str, float]] = {
    "reflection_to_question": {"fair": 1.0, "good": 2.0},
    "percent_complex_reflections": {"fair": 40.0, "good": 50.0},
}


@dataclass(frozen=True)
class Labelled:
    """What the metrics need to know about one utterance."""

    speaker: str
    text: str
    behaviour: str | None = None
    subtype: str | None = None
    talk_type: str | None = None
    advice_without_permission: bool = False
    self_disclosure: bool = False


def _share(part: float, whole: float) -> float | None:
    return round(part / whole, 4) if whole else None


def _percent(part: float, whole: float) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def miti_level(name: str, value: float | None) -> str | None:
    if value is None:
        return None
    limits = MITI_THRESHOLDS[name]
    if value >= limits["good"]:
        return "good"
    if value >= limits["fair"]:
        return "fair"
    return "below fair"


def session_metrics(utterances: Sequence[Labelled]) -> dict[str, Any]:
    """Every per-session figure, keyed by the names documented in docs/transcripts.md."""
    tokens = [words(u.text) for u in utterances]
    marks = [_markers(t) for t in tokens]
    t_words = sum(
        len(w) for u, w in zip(utterances, tokens, strict=True) if u.speaker == "therapist"
    )
    c_words = sum(len(w) for u, w in zip(utterances, tokens, strict=True) if u.speaker == "client")
    therapist = [u for u in utterances if u.speaker == "therapist"]
    client = [u for u in utterances if u.speaker == "client"]

    def count(behaviour: str, subtype: str | None = None) -> int:
        return sum(
            1
            for u in therapist
            if u.behaviour == behaviour and (subtype is None or u.subtype == subtype)
        )

    questions, reflections = count("question"), count("reflection")
    open_q, complex_r = count("question", "open"), count("reflection", "complex")
    change = sum(1 for u in client if u.talk_type == "change")
    sustain = sum(1 for u in client if u.talk_type == "sustain")
    r_to_q = round(reflections / questions, 3) if questions else None
    pct_complex = _percent(complex_r, reflections)
    return {
        "utterances": len(utterances),
        "therapist_utterances": len(therapist),
        "client_utterances": len(client),
        "therapist_words": t_words,
        "client_words": c_words,
        "therapist_word_share": _share(t_words, t_words + c_words),
        "client_word_share": _share(c_words, t_words + c_words),
        "therapist_turn_share": _share(len(therapist), len(utterances)),
        "client_turn_share": _share(len(client), len(utterances)),
        "questions": questions,
        "open_questions": open_q,
        "closed_questions": questions - open_q,
        "reflections": reflections,
        "complex_reflections": complex_r,
        "simple_reflections": reflections - complex_r,
        "therapist_inputs": count("therapist_input"),
        "reflection_to_question": r_to_q,
        "percent_open_questions": _percent(open_q, questions),
        "percent_complex_reflections": pct_complex,
        "change_talk": change,
        "sustain_talk": sustain,
        "change_talk_share": _share(change, change + sustain),
        "advice_without_permission": sum(1 for u in therapist if u.advice_without_permission),
        "self_disclosures": sum(1 for u in therapist if u.self_disclosure),
        "language_style_matching": language_style_matching(
            [w for u, w in zip(utterances, tokens, strict=True) if u.speaker == "therapist"],
            [w for u, w in zip(utterances, tokens, strict=True) if u.speaker == "client"],
        ),
        "coordination_therapist_to_client": coordination(utterances, tokens, "therapist", marks),
        "coordination_client_to_therapist": coordination(utterances, tokens, "client", marks),
        "benchmarks": {
            name: {**limits, "value": value, "level": miti_level(name, value)}
            for (name, limits), value in zip(
                MITI_THRESHOLDS.items(), (r_to_q, pct_complex), strict=True
            )
        },
    }


def language_style_matching(
    first: Sequence[Sequence[str]], second: Sequence[Sequence[str]]
) -> float | None:
    """Ireland & Pennebaker's (2010) LSM of two people's words, 0 (none) to 1 (identical)."""
    a = Counter(w for turn in first for w in turn)
    b = Counter(w for turn in second for w in turn)
    n_a, n_b = a.total(), b.total()
    if not n_a or not n_b:
        return None
    scores = []
    for members in FUNCTION_WORDS.values():
        # each category has a few dozen members: look those up, not every word spoken
        pa = 100.0 * sum(a[w] for w in members if w in a) / n_a
        pb = 100.0 * sum(b[w] for w in members if w in b) / n_b
        scores.append(1.0 - abs(pa - pb) / (pa + pb + 0.0001))
    return round(sum(scores) / len(scores), 4)


# Each function word's coordination markers as bits (bit k: COORDINATION_MARKERS[k]).
_MARKER_BITS: dict[str, int] = {}
for _k, _marker in enumerate(COORDINATION_MARKERS):
    for _w in FUNCTION_WORDS[_marker]:
        _MARKER_BITS[_w] = _MARKER_BITS.get(_w, 0) | (1 << _k)


def _markers(turn: Sequence[str]) -> int:
    bits = 0
    get = _MARKER_BITS.get
    for w in turn:
        bits |= get(w, 0)
    return bits


def coordination(
    utterances: Sequence[Labelled],
    tokens: Sequence[Sequence[str]],
    replier: str,
    marks: Sequence[int] | None = None,
) -> float | None:
    """How much ``replier`` echoes the other person's function-word use in the very next turn.

    ``marks`` (each turn's markers as bits, :func:`_markers`) saves recomputing them.
    """
    if marks is None:
        marks = [_markers(t) for t in tokens]
    pairs = [
        (marks[i - 1], marks[i])
        for i in range(1, len(utterances))
        if utterances[i].speaker == replier and utterances[i - 1].speaker != replier
    ]
    if not pairs:
        return None
    values = []
    for k in range(len(COORDINATION_MARKERS)):
        bit = 1 << k
        prompted = [reply & bit for before, reply in pairs if before & bit]
        if not prompted:
            continue
        base = sum(1 for _, reply in pairs if reply & bit) / len(pairs)
        values.append(sum(1 for r in prompted if r) / len(prompted) - base)
    return round(sum(values) / len(values), 4) if values else None

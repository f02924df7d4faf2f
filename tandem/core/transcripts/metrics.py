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

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

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


class LabelledLike(Protocol):
    """What the metrics read from an utterance: a :class:`Labelled` or an analysed utterance."""

    @property
    def speaker(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def behaviour(self) -> str | None: ...
    @property
    def subtype(self) -> str | None: ...
    @property
    def talk_type(self) -> str | None: ...
    @property
    def advice_without_permission(self) -> bool | None: ...
    @property
    def self_disclosure(self) -> bool | None: ...


@dataclass(frozen=True)
class WordCounts:
    """One session's words as the style metrics need them, per utterance, counted once.

    ``words``: how many words; ``markers``: the coordination markers used, as bits (bit k:
    ``COORDINATION_MARKERS[k]``); ``categories``: how many words in each ``FUNCTION_WORDS``
    category (a word in two categories counts in both). :func:`word_counts` computes them from
    words; :func:`.vectorise.session_word_counts` computes the same for many sessions at once.
    """

    words: Sequence[int]
    markers: Sequence[int]
    categories: Sequence[Sequence[int]]


# Each word's function-word categories as bits (bit k: the k-th category of FUNCTION_WORDS).
CATEGORY_BITS: dict[str, int] = {}
for _k, _members in enumerate(FUNCTION_WORDS.values()):
    for _w in _members:
        CATEGORY_BITS[_w] = CATEGORY_BITS.get(_w, 0) | (1 << _k)


def word_counts(tokens: Sequence[Sequence[str]]) -> WordCounts:
    n_categories = len(FUNCTION_WORDS)
    categories = []
    for turn in tokens:
        row = [0] * n_categories
        for w in turn:
            bits = CATEGORY_BITS.get(w, 0)
            k = 0
            while bits:
                if bits & 1:
                    row[k] += 1
                bits >>= 1
                k += 1
        categories.append(row)
    return WordCounts([len(t) for t in tokens], [_markers(t) for t in tokens], categories)


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


def session_metrics(
    utterances: Sequence[LabelledLike], counts: WordCounts | None = None
) -> dict[str, Any]:
    """Every per-session figure, keyed by the names documented in docs/transcripts.md.

    ``counts`` (the utterances' :class:`WordCounts`, in order) saves reading the words again.
    """
    if counts is None:
        counts = word_counts([words(u.text) for u in utterances])
    marks = counts.markers
    is_therapist = [u.speaker == "therapist" for u in utterances]
    t_words = sum(n for n, mine in zip(counts.words, is_therapist, strict=True) if mine)
    c_words = sum(n for n, mine in zip(counts.words, is_therapist, strict=True) if not mine)
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
        "language_style_matching": _lsm(
            _column_sums(counts.categories, is_therapist, True),
            t_words,
            _column_sums(counts.categories, is_therapist, False),
            c_words,
        ),
        "coordination_therapist_to_client": coordination(utterances, (), "therapist", marks),
        "coordination_client_to_therapist": coordination(utterances, (), "client", marks),
        "benchmarks": {
            name: {**limits, "value": value, "level": miti_level(name, value)}
            for (name, limits), value in zip(
                MITI_THRESHOLDS.items(), (r_to_q, pct_complex), strict=True
            )
        },
    }


def _column_sums(rows: Sequence[Sequence[int]], mine: Sequence[bool], who: bool) -> list[int]:
    picked = [row for row, m in zip(rows, mine, strict=True) if m == who]
    if not picked:
        return [0] * len(FUNCTION_WORDS)
    return [sum(column) for column in zip(*picked, strict=True)]


def language_style_matching(
    first: Sequence[Sequence[str]], second: Sequence[Sequence[str]]
) -> float | None:
    """Ireland & Pennebaker's (2010) LSM of two people's words, 0 (none) to 1 (identical)."""
    a, b = word_counts(first), word_counts(second)
    everyone = [True] * len(first) + [False] * len(second)
    rows = [*a.categories, *b.categories]
    return _lsm(
        _column_sums(rows, everyone, True),
        sum(a.words),
        _column_sums(rows, everyone, False),
        sum(b.words),
    )


def _lsm(a: Sequence[int], n_a: int, b: Sequence[int], n_b: int) -> float | None:
    """LSM from each person's word count per category and their number of words."""
    if not n_a or not n_b:
        return None
    scores = []
    for in_a, in_b in zip(a, b, strict=True):
        pa = 100.0 * in_a / n_a
        pb = 100.0 * in_b / n_b
        scores.append(1.0 - abs(pa - pb) / (pa + pb + 0.0001))
    return round(sum(scores) / len(scores), 4)


# Each function word's coordination markers as bits (bit k: COORDINATION_MARKERS[k]).
MARKER_BITS: dict[str, int] = {}
for _k, _marker in enumerate(COORDINATION_MARKERS):
    for _w in FUNCTION_WORDS[_marker]:
        MARKER_BITS[_w] = MARKER_BITS.get(_w, 0) | (1 << _k)


def _markers(turn: Sequence[str]) -> int:
    bits = 0
    get = MARKER_BITS.get
    for w in turn:
        bits |= get(w, 0)
    return bits


def coordination(
    utterances: Sequence[LabelledLike],
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

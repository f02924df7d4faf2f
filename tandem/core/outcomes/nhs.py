"""NHS Talking Therapies outcomes, vectorised over a long table of scores.

Sources (every rule below, cited again where it is applied):

* NHS England, *The NHS Talking Therapies for anxiety and depression manual* (formerly the IAPT
  manual), the chapter on outcome measurement and its appendices;
* NHS Digital, "NHS Talking Therapies, for anxiety and depression" annual report glossary
  ("Finished course of treatment", "Caseness", "Recovery", "Reliable improvement", "Reliable
  deterioration", "Reliable recovery");
* Clark DM (2018), Annu Rev Clin Psychol 14:159-183, Table 2: which anxiety measure is paired
  with the PHQ-9 for each problem descriptor (see :mod:`.nhs_measures`).

Tandem applies them to episodes of care with session-numbered scores:

* **ended**: the episode has ended (open and paused episodes are never outcomes);
* **finished** (a finished course of treatment): ended, with at least two distinct sessions at
  which any of the measures was scored;
* **paired**: finished, with the PHQ-9 and the paired anxiety measure each scored at two or more
  distinct sessions. The anxiety measure is the ADSM for the problem descriptor when it has such
  scores, else the GAD-7 (:func:`.nhs_measures.anxiety_measure`). A finished episode without
  paired scores is counted as finished and unpaired (NHS reports data completeness separately);
* first/last score: the lowest and highest session scored on that measure;
* **caseness** (at the first score): PHQ-9 >= 10 or the anxiety measure at or above its
  caseness threshold;
* **recovered**: a case at the first score and not at the last;
* **reliable improvement**: a fall of at least the reliable-change threshold on at least one of
  the pair and a reliable rise on neither; **reliable deterioration** is the mirror image; a
  reliable change in both directions is neither;
* **reliable recovery**: recovered and reliably improved;
* rates: recovery and reliable recovery over paired episodes at caseness; reliable improvement
  and reliable deterioration over paired episodes.

The input is the long table of scores (:mod:`tandem.core.outcomes.long_table`, which reads and
checks it): columns ``episode_id, session, instrument, score`` plus optional ``ended`` and
``problem`` (one value per episode). This module reads no files.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tandem.core.outcomes.long_table import (
    CODE,
    INSTRUMENTS,
    NHS_MEASURES,
    BoolArray,
    FloatArray,
    IntArray,
    LongArrays,
    long_arrays,
)
from tandem.core.outcomes.nhs_measures import (
    ADSM_FOR_PROBLEM,
    BACKUP_ANXIETY_MEASURE,
    MEASURES,
    PAIRED_SESSIONS,
    PROBLEMS,
    TOLERANCE,
)

PHQ9_CODE = CODE["phq9"]
GAD7_CODE = CODE[BACKUP_ANXIETY_MEASURE]
CASENESS = np.array([m.caseness for m in NHS_MEASURES], dtype=np.float64)
RELIABLE = np.array([m.reliable_change for m in NHS_MEASURES], dtype=np.float64)
# Per problem code: its ADSM codes in order of preference (Clark 2018, Table 2).
ADSM_CODES: tuple[tuple[int, ...], ...] = tuple(
    tuple(CODE[m] for m in ADSM_FOR_PROBLEM.get(p, ())) for p in PROBLEMS
)


@dataclass(frozen=True)
class MeasureScores:
    """Per episode, for one measure: the first and last score (NaN when never scored) and the
    number of distinct sessions at which it was scored."""

    first: FloatArray
    last: FloatArray
    sessions: IntArray


def _first_last(arrays: LongArrays, code: int) -> MeasureScores:
    n = arrays.n_episodes
    first = np.full(n, np.nan)
    last = np.full(n, np.nan)
    count = np.zeros(n, dtype=np.int64)
    rows = np.flatnonzero(arrays.instrument == code)
    if rows.size == 0:
        return MeasureScores(first, last, count)
    ep = arrays.episode[rows]
    starts = np.flatnonzero(np.concatenate(([True], ep[1:] != ep[:-1])))
    ends = np.append(starts[1:], ep.size) - 1
    owners = ep[starts]
    # Rows are in session order within an episode, and one row per session and measure, so the
    # first row of a run is the lowest session (the first score) and the last the highest.
    first[owners] = arrays.score[rows[starts]]
    last[owners] = arrays.score[rows[ends]]
    count[owners] = ends - starts + 1
    return MeasureScores(first, last, count)


def _distinct_sessions(arrays: LongArrays) -> IntArray:
    """Per episode, the number of distinct sessions at which any measure was scored."""
    n = arrays.n_episodes
    if arrays.episode.size == 0:
        return np.zeros(n, dtype=np.int64)
    ep, se = arrays.episode, arrays.session
    new = np.ones(ep.size, dtype=np.bool_)
    new[1:] = (ep[1:] != ep[:-1]) | (se[1:] != se[:-1])
    counts: IntArray = np.bincount(ep[new], minlength=n)
    return counts


def outcome_columns(arrays: LongArrays) -> dict[str, Any]:
    """Per-episode outcome arrays (the columns of :func:`episode_outcomes`)."""
    present = set(np.unique(arrays.instrument).tolist()) if arrays.instrument.size else set()
    n = arrays.n_episodes
    empty = MeasureScores(np.full(n, np.nan), np.full(n, np.nan), np.zeros(n, dtype=np.int64))
    scores = {
        code: (_first_last(arrays, code) if code in present else empty)
        for code in range(len(INSTRUMENTS))
    }
    return outcomes_from_scores(
        arrays.episode_ids, scores, _distinct_sessions(arrays), arrays.ended, arrays.problem
    )


def outcomes_from_scores(
    episode_ids: Any,
    scores: dict[int, MeasureScores],
    sessions: IntArray,
    ended: BoolArray,
    problem: npt.NDArray[np.int8],
) -> dict[str, Any]:
    """The rules of the module docstring, per episode, from each measure's first/last scores."""
    phq = scores[PHQ9_CODE]
    gad = scores[GAD7_CODE]
    # The anxiety measure: the problem's ADSM when scored at >= 2 sessions, else the GAD-7
    # (Clark 2018 Table 2; nhs_measures.anxiety_measure says the same for one episode).
    anxiety = np.full(len(sessions), GAD7_CODE, dtype=np.int8)
    for problem_code, adsms in enumerate(ADSM_CODES):
        if not adsms:
            continue
        undecided = problem == problem_code
        if not bool(undecided.any()):
            continue
        for code in adsms:
            take = undecided & (scores[code].sessions >= PAIRED_SESSIONS)
            anxiety[take] = code
            undecided &= ~take
    anx_first, anx_last, anx_n = gad.first.copy(), gad.last.copy(), gad.sessions.copy()
    for code in np.unique(anxiety).tolist():
        if code == GAD7_CODE:
            continue
        rows = anxiety == code
        anx_first[rows] = scores[code].first[rows]
        anx_last[rows] = scores[code].last[rows]
        anx_n[rows] = scores[code].sessions[rows]
    anx_case = CASENESS[anxiety]
    anx_reliable = RELIABLE[anxiety]
    # Finished course of treatment (NHS Digital glossary): ended, with at least two sessions.
    finished = ended & (sessions >= 2)
    # Paired scores (NHS Talking Therapies manual, data completeness): both measures of the pair
    # at two or more sessions, so that a first and a last score exist.
    paired = finished & (phq.sessions >= PAIRED_SESSIONS) & (anx_n >= PAIRED_SESSIONS)
    phq9 = MEASURES["phq9"]
    with np.errstate(invalid="ignore"):
        # Caseness (same manual): PHQ-9 >= 10 or the anxiety measure at or above its threshold;
        # inclusive, with TOLERANCE for the MI's decimal means.
        case_start = paired & ((phq.first >= phq9.caseness) | (anx_first >= anx_case - TOLERANCE))
        case_end = paired & ((phq.last >= phq9.caseness) | (anx_last >= anx_case - TOLERANCE))
        phq_change = phq.last - phq.first
        anx_change = anx_last - anx_first
        # Reliable change (same manual): PHQ-9 6 or more; the anxiety measure's own threshold.
        down = (phq_change <= -phq9.reliable_change) | (anx_change <= -anx_reliable + TOLERANCE)
        up = (phq_change >= phq9.reliable_change) | (anx_change >= anx_reliable - TOLERANCE)
    # Reliable improvement: a reliable fall on at least one measure and a reliable rise on
    # neither; deterioration is the mirror image, so "both directions" is neither (same manual).
    improved = paired & down & ~up
    deteriorated = paired & up & ~down
    # Recovery: a case at the first score, not a case at the last (same manual).
    recovered = case_start & ~case_end
    return {
        "episode_id": episode_ids,
        "ended": ended,
        "sessions": sessions,
        "problem": problem,
        "finished": finished,
        "paired": paired,
        "anxiety_measure": anxiety,
        "phq9_first": phq.first,
        "phq9_last": phq.last,
        "phq9_sessions": phq.sessions,
        "anxiety_first": anx_first,
        "anxiety_last": anx_last,
        "anxiety_sessions": anx_n,
        "gad7_first": gad.first,
        "gad7_last": gad.last,
        "gad7_sessions": gad.sessions,
        "case_at_start": case_start,
        "case_at_end": case_end,
        "recovered": recovered,
        "reliable_improvement": improved,
        "reliable_deterioration": deteriorated,
        # Reliable recovery: recovered and reliably improved (same manual).
        "reliable_recovery": recovered & improved,
    }


def episode_outcomes(df: Any) -> Any:
    """One row per episode with its outcome flags (the columns of :func:`outcome_columns`,
    with ``problem`` and ``anxiety_measure`` as names). First/last scores are NaN when a
    measure was never scored; every flag is False for an episode without paired scores."""
    import pandas as pd  # type: ignore[import-untyped]

    columns = outcome_columns(long_arrays(df))
    labels = columns.pop("episode_id")
    columns["problem"] = np.array(PROBLEMS, dtype=object)[columns["problem"]]
    columns["anxiety_measure"] = np.array(INSTRUMENTS, dtype=object)[columns["anxiety_measure"]]
    out = pd.DataFrame(columns)
    out.insert(0, "episode_id", labels.to_pandas() if hasattr(labels, "to_pandas") else labels)
    return out


def _rate(count: int, denominator: int) -> float | None:
    return None if denominator == 0 else count / denominator


@dataclass(frozen=True)
class OutcomeReport:
    """The NHS Talking Therapies headline figures (rates are fractions, None over zero).

    Field order is the JSON contract of ``tandem outcomes --json``."""

    episodes: int
    not_ended: int
    finished: int
    paired: int
    at_caseness: int
    recovered: int
    recovery_rate: float | None
    reliable_improvement: int
    reliable_improvement_rate: float | None
    reliable_deterioration: int
    reliable_deterioration_rate: float | None
    reliable_recovery: int
    reliable_recovery_rate: float | None

    def to_dict(self) -> dict[str, int | float | None]:
        return asdict(self)

    @classmethod
    def from_columns(cls, columns: dict[str, Any]) -> OutcomeReport:
        paired = int(np.count_nonzero(columns["paired"]))
        at_caseness = int(np.count_nonzero(columns["case_at_start"]))
        recovered = int(np.count_nonzero(columns["recovered"]))
        improved = int(np.count_nonzero(columns["reliable_improvement"]))
        deteriorated = int(np.count_nonzero(columns["reliable_deterioration"]))
        reliable_recovery = int(np.count_nonzero(columns["reliable_recovery"]))
        episodes = len(columns["finished"])
        return cls(
            episodes=episodes,
            not_ended=episodes - int(np.count_nonzero(columns["ended"])),
            finished=int(np.count_nonzero(columns["finished"])),
            paired=paired,
            at_caseness=at_caseness,
            recovered=recovered,
            # Recovery and reliable recovery are over paired episodes at caseness; improvement
            # and deterioration over paired episodes (NHS Talking Therapies manual).
            recovery_rate=_rate(recovered, at_caseness),
            reliable_improvement=improved,
            reliable_improvement_rate=_rate(improved, paired),
            reliable_deterioration=deteriorated,
            reliable_deterioration_rate=_rate(deteriorated, paired),
            reliable_recovery=reliable_recovery,
            reliable_recovery_rate=_rate(reliable_recovery, at_caseness),
        )


def outcome_report(df: Any) -> OutcomeReport:
    """The headline report over a long DataFrame (see the module docstring for the rules)."""
    return OutcomeReport.from_columns(outcome_columns(long_arrays(df)))

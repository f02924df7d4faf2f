"""NHS Talking Therapies outcomes for PHQ-9 with GAD-7, vectorised over a long table.

Source for every rule below: NHS England, *The NHS Talking Therapies for anxiety and depression
manual* (formerly the IAPT manual), the chapter on outcome measurement, and the NHS
Digital "NHS Talking Therapies, for anxiety and depression" annual report glossary ("Finished
course of treatment", "Caseness", "Recovery", "Reliable improvement", "Reliable deterioration",
"Reliable recovery"). Tandem applies them to episodes of care with session-numbered scores:

* finished: at least two distinct sessions, with both PHQ-9 and GAD-7 scored at two or more
  distinct sessions; the first score is the earliest session's, the last is the latest's;
* caseness: PHQ-9 >= 10 or GAD-7 >= 8;
* recovered: a case at the first score and not a case at the last;
* reliable improvement: PHQ-9 down by 6 or more or GAD-7 down by 4 or more, and a reliable rise
  on neither; reliable deterioration is the mirror image; a reliable change in both directions
  counts as neither;
* reliable recovery: recovered and reliably improved;
* rates: recovery and reliable recovery over finished episodes at caseness; reliable improvement
  and reliable deterioration over finished episodes.

The input is a long table with columns ``episode_id, session, instrument, score`` (session is the
1-based contact number; rows for other instruments are ignored). The file reader lives in
:mod:`tandem.core.outcomes.reader`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from tandem.core.outcomes.errors import OutcomeInputError

IntArray = npt.NDArray[np.integer[Any]]
FloatArray = npt.NDArray[np.float64]
NumberArray = npt.NDArray[np.number[Any]]
BoolArray = npt.NDArray[np.bool_]

REQUIRED_COLUMNS = ("episode_id", "session", "instrument", "score")


@dataclass(frozen=True)
class NhsMeasure:
    """What the NHS Talking Therapies manual says about one of its two core measures."""

    id: str
    label: str
    code: int  # position in the per-row instrument code
    min: int
    max: int
    caseness: int  # first score that counts as a case
    reliable_change: int  # smallest change that counts as reliable


# PHQ-9: range 0-27 (Kroenke, Spitzer & Williams, 2001); caseness >= 10 and reliable change 6
# (NHS Talking Therapies manual, outcome measurement chapter).
PHQ9 = NhsMeasure("phq9", "PHQ-9", 0, 0, 27, 10, 6)
# GAD-7: range 0-21 (Spitzer et al., 2006); caseness >= 8 and reliable change 4 (same manual).
GAD7 = NhsMeasure("gad7", "GAD-7", 1, 0, 21, 8, 4)
MEASURES = (PHQ9, GAD7)


def normalise_instrument(name: object) -> str:
    """``"PHQ-9"``, ``"phq_9"`` and ``"phq9"`` all name the same instrument."""
    if not isinstance(name, str):
        return ""
    return name.strip().lower().replace("-", "").replace("_", "").replace(" ", "")


def instrument_codes(names: Any) -> npt.NDArray[np.int8]:
    """Code per name: 0 PHQ-9, 1 GAD-7, -1 anything else."""
    lookup = {m.id: m.code for m in MEASURES}
    return np.array([lookup.get(normalise_instrument(n), -1) for n in names], dtype=np.int8)


@dataclass(frozen=True)
class LongArrays:
    """The long table as aligned arrays, PHQ-9/GAD-7 rows only, sorted by (episode, session)."""

    episode: IntArray  # 0..n_episodes-1
    episode_ids: Any  # labels indexed by the codes above (a pandas Index or an Arrow array)
    session: IntArray
    instrument: npt.NDArray[np.int8]
    score: NumberArray  # whole numbers, as integers from a file, possibly floats from a frame

    @property
    def n_episodes(self) -> int:
        return len(self.episode_ids)


def instrument_column_codes(column: Any, names: tuple[str, ...] = ("phq9", "gad7")) -> Any:
    """Per row of a pandas column: the index of its (normalised) name in ``names``, else -1."""
    import pandas as pd  # type: ignore[import-untyped]

    if isinstance(column.dtype, pd.CategoricalDtype):
        raw = column.cat.codes.to_numpy()
        uniques = column.cat.categories
    else:
        raw, uniques = pd.factorize(column, sort=False)
    wanted = {normalise_instrument(n): i for i, n in enumerate(names)}
    lut = np.array([wanted.get(normalise_instrument(u), -1) for u in uniques] + [-1], dtype=np.int8)
    return lut[raw]


def _codes(column: Any) -> tuple[IntArray, Any]:
    import pandas as pd

    if isinstance(column.dtype, pd.CategoricalDtype):
        return column.cat.codes.to_numpy(dtype=np.int64), column.cat.categories
    codes, uniques = pd.factorize(column, sort=False)
    return np.asarray(codes, dtype=np.int64), uniques


def sort_order(episode: IntArray, session: IntArray, instrument: npt.NDArray[np.int8]) -> Any:
    """``None`` when rows are already grouped by episode in session order, else the stable order.

    Raises :class:`DuplicateRows` when the same episode/session/instrument appears twice.
    """
    n = len(episode)
    if n < 2:
        return None
    de = episode[1:] - episode[:-1]
    same_ep = de == 0
    ds = session[1:] - session[:-1]
    ordered = bool(np.all((de > 0) | (same_ep & (ds >= 0))))
    if ordered:
        same = same_ep & (ds == 0)
        # With two instruments, a third row at one episode/session, or two neighbours with the
        # same instrument, is a duplicate.
        clash = same & (instrument[1:] == instrument[:-1])
        if same.size > 1:
            clash[1:] |= same[1:] & same[:-1]
        if clash.any():
            raise DuplicateRows(*_find_duplicate(episode, session, instrument))
        return None
    key = _row_key(episode, session, instrument)
    order = np.argsort(key, kind="stable")
    sorted_key = key[order]
    if bool(np.any(sorted_key[1:] == sorted_key[:-1])):
        raise DuplicateRows(*_find_duplicate(episode, session, instrument))
    return order


def _row_key(episode: IntArray, session: IntArray, instrument: npt.NDArray[np.int8]) -> IntArray:
    span = int(session.max()) + 1 if len(session) else 1
    if len(episode) and (int(episode.max()) + 1) * span * 4 >= 2**62:
        raise OutcomeInputError(0, "session numbers are too large to order", unit="row")
    key: IntArray = (episode.astype(np.int64) * span + session) * 2 + instrument.astype(np.int64)
    return key


class DuplicateRows(Exception):
    """Two rows (0-based indices, in input order) with the same episode/session/instrument."""

    def __init__(self, first: int, second: int) -> None:
        super().__init__(first, second)
        self.first = first
        self.second = second


def _find_duplicate(
    episode: IntArray, session: IntArray, instrument: npt.NDArray[np.int8]
) -> tuple[int, int]:
    key = _row_key(episode, session, instrument)
    order = np.argsort(key, kind="stable")
    sk = key[order]
    hits = np.flatnonzero(sk[1:] == sk[:-1])
    seconds = order[hits + 1]
    pick = int(np.argmin(seconds))
    first_of_key = order[np.searchsorted(sk, sk[hits[pick]], side="left")]
    return int(first_of_key), int(seconds[pick])


def long_arrays(df: Any, row_offset: int = 1, unit: str = "row") -> LongArrays:
    """Turn a long DataFrame into :class:`LongArrays`, dropping other instruments.

    ``row_offset``/``unit`` only shape the message of a duplicate-row error (the file reader
    passes line numbers; a DataFrame is reported by 1-based row).
    """
    import pandas as pd

    missing = [c for c in REQUIRED_COLUMNS if c not in df.columns]
    if missing:
        raise OutcomeInputError(0, f"missing column(s): {', '.join(missing)}", unit=unit)
    instrument = instrument_column_codes(df["instrument"])
    keep = instrument >= 0
    rows = np.flatnonzero(keep) if not bool(keep.all()) else None
    sub = df if rows is None else df.iloc[rows]
    episode, labels = _codes(sub["episode_id"])
    instrument = instrument if rows is None else instrument[rows]
    present = np.bincount(episode, minlength=len(labels)) > 0
    if not bool(present.all()):
        remap = np.cumsum(present) - 1
        episode = remap[episode]
        labels = labels[present]
    session = sub["session"].to_numpy(dtype=np.int64)
    score = sub["score"].to_numpy(dtype=np.float64)
    try:
        order = sort_order(episode, session, instrument)
    except DuplicateRows as dup:
        original = (lambda i: i) if rows is None else (lambda i: int(rows[i]))
        first, second = original(dup.first), original(dup.second)
        measure = MEASURES[int(instrument[dup.second])]
        raise OutcomeInputError(
            second + row_offset,
            f"episode {labels[episode[dup.second]]}, session {session[dup.second]} has a "
            f"second {measure.label} score (the first is on {unit} {first + row_offset})",
            unit=unit,
        ) from None
    if order is not None:
        episode, session, instrument, score = (
            episode[order],
            session[order],
            instrument[order],
            score[order],
        )
    return LongArrays(episode, pd.Index(labels), session, instrument, score)


@dataclass(frozen=True)
class MeasureScores:
    """Per episode, for one measure: the first and last score (NaN when never scored) and the
    number of sessions at which it was scored."""

    first: FloatArray
    last: FloatArray
    sessions: IntArray


def _first_last(arrays: LongArrays, code: int) -> MeasureScores:
    """First score, last score and number of scored sessions per episode for one measure."""
    n = arrays.n_episodes
    first = np.full(n, np.nan)
    last = np.full(n, np.nan)
    count = np.zeros(n, dtype=np.int64)
    mask = arrays.instrument == code
    ep = arrays.episode[mask]
    if ep.size == 0:
        return MeasureScores(first, last, count)
    score = arrays.score[mask]
    starts = np.flatnonzero(np.concatenate(([True], ep[1:] != ep[:-1])))
    ends = np.concatenate((starts[1:], [ep.size])) - 1
    owners = ep[starts]
    # Rows are in session order within an episode, so the first row of a run is the earliest
    # session and the last row the latest (the manual's first and last scores).
    first[owners] = score[starts]
    last[owners] = score[ends]
    count[owners] = ends - starts + 1
    return MeasureScores(first, last, count)


def outcome_columns(arrays: LongArrays) -> dict[str, Any]:
    """Per-episode outcome arrays (the columns of :func:`episode_outcomes`)."""
    return outcomes_from_scores(
        arrays.episode_ids, _first_last(arrays, PHQ9.code), _first_last(arrays, GAD7.code)
    )


def outcomes_from_scores(
    episode_ids: Any, phq9: MeasureScores, gad7: MeasureScores
) -> dict[str, Any]:
    """The rules below, applied to each episode's first and last PHQ-9 and GAD-7 scores
    (``episode_ids`` labels the episodes; every array is indexed by episode)."""
    phq_first, phq_last, phq_n = phq9.first, phq9.last, phq9.sessions
    gad_first, gad_last, gad_n = gad7.first, gad7.last, gad7.sessions
    # Finished course of treatment (NHS Talking Therapies manual / NHS Digital glossary): two or
    # more sessions with paired scores; here both measures at >= 2 distinct sessions, which also
    # guarantees the episode has >= 2 distinct sessions.
    finished = (phq_n >= 2) & (gad_n >= 2)
    with np.errstate(invalid="ignore"):
        # Caseness (NHS Talking Therapies manual): PHQ-9 >= 10 or GAD-7 >= 8.
        case_start = finished & ((phq_first >= PHQ9.caseness) | (gad_first >= GAD7.caseness))
        case_end = finished & ((phq_last >= PHQ9.caseness) | (gad_last >= GAD7.caseness))
        phq_change = phq_last - phq_first
        gad_change = gad_last - gad_first
        # Reliable change (NHS Talking Therapies manual): 6 or more on PHQ-9, 4 or more on GAD-7.
        down = (phq_change <= -PHQ9.reliable_change) | (gad_change <= -GAD7.reliable_change)
        up = (phq_change >= PHQ9.reliable_change) | (gad_change >= GAD7.reliable_change)
    # Reliable improvement needs a reliable fall on at least one measure and a reliable rise on
    # neither; deterioration is the mirror image (same manual), so "both directions" is neither.
    improved = finished & down & ~up
    deteriorated = finished & up & ~down
    # Recovery: a case at the first score, not a case at the last (same manual).
    recovered = case_start & ~case_end
    return {
        "episode_id": episode_ids,
        "finished": finished,
        "phq9_first": phq_first,
        "phq9_last": phq_last,
        "phq9_sessions": phq_n,
        "gad7_first": gad_first,
        "gad7_last": gad_last,
        "gad7_sessions": gad_n,
        "case_at_start": case_start,
        "case_at_end": case_end,
        "recovered": recovered,
        "reliable_improvement": improved,
        "reliable_deterioration": deteriorated,
        # Reliable recovery: recovered and reliably improved (same manual).
        "reliable_recovery": recovered & improved,
    }


def episode_outcomes(df: Any) -> Any:
    """One row per episode with its NHS Talking Therapies outcome flags.

    Columns: ``episode_id, finished, phq9_first, phq9_last, phq9_sessions, gad7_first, gad7_last,
    gad7_sessions, case_at_start, case_at_end, recovered, reliable_improvement,
    reliable_deterioration, reliable_recovery``. First/last scores are NaN when a measure was
    never scored; every flag is False for an episode that is not finished.
    """
    import pandas as pd

    columns = outcome_columns(long_arrays(df))
    labels = columns.pop("episode_id")
    out = pd.DataFrame(columns)
    out.insert(0, "episode_id", labels.to_pandas() if hasattr(labels, "to_pandas") else labels)
    return out


def _rate(count: int, denominator: int) -> float | None:
    return None if denominator == 0 else count / denominator


@dataclass(frozen=True)
class OutcomeReport:
    """The NHS Talking Therapies headline figures (rates are fractions, None over zero)."""

    episodes: int
    finished: int
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
        finished = int(np.count_nonzero(columns["finished"]))
        at_caseness = int(np.count_nonzero(columns["case_at_start"]))
        recovered = int(np.count_nonzero(columns["recovered"]))
        improved = int(np.count_nonzero(columns["reliable_improvement"]))
        deteriorated = int(np.count_nonzero(columns["reliable_deterioration"]))
        reliable_recovery = int(np.count_nonzero(columns["reliable_recovery"]))
        return cls(
            episodes=len(columns["finished"]),
            finished=finished,
            at_caseness=at_caseness,
            recovered=recovered,
            # Recovery and reliable recovery are over finished episodes at caseness; improvement
            # and deterioration over all finished episodes (NHS Talking Therapies manual).
            recovery_rate=_rate(recovered, at_caseness),
            reliable_improvement=improved,
            reliable_improvement_rate=_rate(improved, finished),
            reliable_deterioration=deteriorated,
            reliable_deterioration_rate=_rate(deteriorated, finished),
            reliable_recovery=reliable_recovery,
            reliable_recovery_rate=_rate(reliable_recovery, at_caseness),
        )


def outcome_report(df: Any) -> OutcomeReport:
    """The headline report over a long DataFrame (see the module docstring for the rules)."""
    return OutcomeReport.from_columns(outcome_columns(long_arrays(df)))


def read_long_file(path: Any) -> tuple[Any, int]:
    """Read and check a CSV or Parquet long file; see :func:`tandem.core.outcomes.reader.read_long_file`."""
    from tandem.core.outcomes.reader import read_long_file as read

    return read(path)

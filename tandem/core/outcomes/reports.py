"""Practice and therapist outcome reports, adjusted for intake severity, with suppression.

* NHS Talking Therapies rates as in :mod:`.nhs`: only ended episodes are outcomes; recovery and
  reliable recovery over paired episodes at caseness, reliable improvement and deterioration over
  paired episodes (ended, two or more sessions, PHQ-9 and the paired anxiety measure each scored
  at two or more sessions).
* Pre-post effect size on PHQ-9 for paired episodes: the mean fall divided by the SD at intake
  (the "pre-post d" used in routine-practice benchmarking, e.g. Delgadillo et al., 2014 for IAPT),
  with a 95% interval from the large-sample variance of a standardised mean change,
  ``2(1 - r)/n + d^2/(2n)`` where r is the pre-post correlation (Becker, 1988).
* Deterioration rate: reliable deterioration over paired episodes (NHS definition).
* Drop-out rate: ended episodes that the client left unplanned over ended episodes. Where the
  platform records why an episode ended, ``episodes.dropped_out`` says so (Tandem: the end
  reason "client withdrew"); without it, an ended episode that did not finish a course (fewer
  than two sessions with both measures) counts as a drop-out, modelled on the NHS Talking
  Therapies split between referrals that "finished a course of treatment" and those that ended
  without. Both are Tandem's definitions, not a published rate.
* Rupture share: rated sessions with a rupture alert over rated sessions.
* Therapist comparison: residualised change (last PHQ-9 minus the last score predicted from the
  intake score by a practice-wide least-squares line), averaged per therapist with a 95%
  t-interval; below zero means clients ended lower than expected for their intake severity.
  Residualised change is the usual simple case-mix adjustment for therapist comparisons
  (Saxon & Barkham, 2012 use multilevel models; this is the transparent single-level version).
* Small numbers: any cell resting on fewer than ``MIN_CELL = 10`` episodes is suppressed: its
  value and its count are None and ``suppressed`` is True (issue 4).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any

import numpy as np

from tandem.core.outcomes import comparison as cmp
from tandem.core.outcomes import relationship as rel
from tandem.core.outcomes.long_table import long_arrays
from tandem.core.outcomes.nhs import outcome_columns

MIN_CELL = 10
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Rate:
    """count / denominator, or everything None when suppressed."""

    count: int | None
    denominator: int | None
    value: float | None
    suppressed: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Rate:
        return cls(**data)


@dataclass(frozen=True)
class Estimate:
    """A value with its 95% interval over ``n`` episodes, or None when suppressed."""

    value: float | None
    low: float | None
    high: float | None
    n: int | None
    suppressed: bool

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Estimate:
        return cls(**data)


def _rate(count: int, denominator: int, min_cell: int) -> Rate:
    if denominator < min_cell:
        return Rate(None, None, None, True)
    return Rate(count, denominator, count / denominator, False)


def _suppressed() -> Estimate:
    return Estimate(None, None, None, None, True)


def pre_post_effect_size(before: Any, after: Any, min_cell: int = MIN_CELL) -> Estimate:
    """Standardised pre-post change (positive = scores fell) with a 95% interval (Becker, 1988)."""
    pre = np.asarray(before, dtype=np.float64)
    post = np.asarray(after, dtype=np.float64)
    n = pre.size
    if n < max(min_cell, 3):
        return _suppressed()
    sd = float(pre.std(ddof=1))
    if sd == 0:
        return Estimate(None, None, None, n, False)
    d = float((pre.mean() - post.mean()) / sd)
    r = float(np.corrcoef(pre, post)[0, 1]) if post.std() > 0 else 0.0
    se = math.sqrt(max(2 * (1 - r) / n + d * d / (2 * n), 0.0))
    return Estimate(d, d - Z95 * se, d + Z95 * se, n, False)


def _mean_interval(values: Any, min_cell: int) -> Estimate:
    x = np.asarray(values, dtype=np.float64)
    if x.size < max(min_cell, 2):
        return _suppressed()
    mean = float(x.mean())
    half = _t975(int(x.size) - 1) * float(x.std(ddof=1)) / math.sqrt(x.size)
    return Estimate(mean, mean - half, mean + half, int(x.size), False)


@lru_cache(maxsize=512)
def _t975(df: int) -> float:
    """The 97.5th percentile of Student's t with ``df`` degrees of freedom (a 95% interval).
    Cached: a practice of a thousand therapists asks for a few dozen distinct values, and each
    scipy call costs about as much as the rest of a therapist's report."""
    # Imported here: scipy.stats costs a second or two at start-up, and only reports need it.
    from scipy import stats  # type: ignore[import-untyped]

    return float(stats.t.ppf(0.975, df))


@dataclass(frozen=True)
class GroupReport:
    """The report for the practice or one therapist."""

    name: str
    episodes: int | None
    suppressed: bool
    recovery: Rate
    reliable_improvement: Rate
    reliable_deterioration: Rate
    reliable_recovery: Rate
    effect_size: Estimate
    dropout: Rate
    rupture_sessions: Rate
    adjusted_change: Estimate

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> GroupReport:
        """The report back from :meth:`to_dict` (as a practice snapshot keeps it)."""
        values: dict[str, Any] = {}
        for name, value in data.items():
            if name in _RATES:
                values[name] = Rate.from_dict(value)
            elif name in _ESTIMATES:
                values[name] = Estimate.from_dict(value)
            else:
                values[name] = value
        return cls(**values)


_RATES = frozenset(
    {
        "recovery",
        "reliable_improvement",
        "reliable_deterioration",
        "reliable_recovery",
        "dropout",
        "rupture_sessions",
    }
)
_ESTIMATES = frozenset({"effect_size", "adjusted_change"})


@dataclass(frozen=True)
class PracticeReport:
    practice: GroupReport
    therapists: list[GroupReport]
    min_cell: int
    # The fair comparison of therapists (issue 15.2): see :func:`therapist_comparison`.
    comparison: cmp.Comparison | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "practice": self.practice.to_dict(),
            "therapists": [t.to_dict() for t in self.therapists],
            "min_cell": self.min_cell,
            "comparison": self.comparison.to_dict() if self.comparison is not None else None,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> PracticeReport:
        """The report back from :meth:`to_dict` (as a practice snapshot keeps it)."""
        comparison = data.get("comparison")
        return cls(
            practice=GroupReport.from_dict(data["practice"]),
            therapists=[GroupReport.from_dict(t) for t in data["therapists"]],
            min_cell=int(data["min_cell"]),
            comparison=cmp.Comparison.from_dict(comparison) if comparison else None,
        )


def rupture_flags(partnership: Any) -> Any:
    """Per rated session, whether it had a rupture alert, from a long table of client
    partnership scores (episode_id, session, score = 0-10 mean)."""
    import pandas as pd  # type: ignore[import-untyped]

    # Sort once and split with numpy: iterating a pandas groupby costs more than the rule itself.
    ordered = partnership.sort_values(["episode_id", "session"], kind="stable")
    episodes = ordered["episode_id"].to_numpy()
    sessions = ordered["session"].to_numpy(dtype=np.int64).tolist()
    scores = ordered["score"].to_numpy(dtype=np.float64).tolist()
    starts: list[int] = (
        np.flatnonzero(np.r_[True, episodes[1:] != episodes[:-1]]).tolist() if len(episodes) else []
    )
    bounds = [*starts, len(episodes)]
    flags: list[bool] = []
    for begin, end in zip(bounds[:-1], bounds[1:], strict=True):
        points = list(zip(sessions[begin:end], scores[begin:end], strict=True))
        hit = {r.session for r in rel.ruptures(points)}
        flags += [s in hit for s, _ in points]
    return pd.DataFrame({"episode_id": episodes, "session": sessions, "rupture": flags})


def _group(
    name: str, table: Any, sessions: Any, residuals: Any, min_cell: int, adjusted: bool
) -> GroupReport:
    n = len(table)
    if n < min_cell:
        empty = Rate(None, None, None, True)
        return GroupReport(
            name, None, True, empty, empty, empty, empty, _suppressed(), empty, empty, _suppressed()
        )
    # Rates rest on the paired episodes (ended, finished, with paired scores; see .nhs).
    finished = table[table["paired"]]
    cases = int(table["case_at_start"].sum())
    n_finished = len(finished)
    ended = table[table["ended"]]
    rupture = (
        _rate(int(sessions["rupture"].sum()), len(sessions), min_cell)
        if sessions is not None and sessions["episode_id"].nunique() >= min_cell
        else Rate(None, None, None, True)
    )
    return GroupReport(
        name=name,
        episodes=n,
        suppressed=False,
        recovery=_rate(int(table["recovered"].sum()), cases, min_cell),
        reliable_improvement=_rate(int(table["reliable_improvement"].sum()), n_finished, min_cell),
        reliable_deterioration=_rate(
            int(table["reliable_deterioration"].sum()), n_finished, min_cell
        ),
        reliable_recovery=_rate(int(table["reliable_recovery"].sum()), cases, min_cell),
        effect_size=pre_post_effect_size(finished["phq9_first"], finished["phq9_last"], min_cell),
        dropout=_rate(int(ended["dropped_out"].sum()), len(ended), min_cell),
        rupture_sessions=rupture,
        adjusted_change=_mean_interval(residuals, min_cell) if adjusted else _suppressed(),
    )


def practice_report(
    scores: Any,
    episodes: Any | None = None,
    sessions: Any | None = None,
    min_cell: int = MIN_CELL,
    practice_name: str = "practice",
) -> PracticeReport:
    """The practice report and one report per therapist.

    ``scores``: the long table (episode_id, session, instrument, score). ``episodes``: optional
    table with ``episode_id``, ``therapist_id``, ``ended`` (bool; every episode counts as
    ended when the column is missing), ``problem`` (the problem descriptor that picks the
    anxiety measure; ``none`` when missing) and ``dropped_out`` (bool, an unplanned ending by
    the client; when missing, an ended episode without a finished course counts as one).
    ``sessions``: optional table (episode_id, session, rupture bool), e.g. from
    :func:`rupture_flags`.
    """
    import pandas as pd

    extra = episodes.set_index("episode_id") if episodes is not None else None
    frame = scores
    if extra is not None:
        ids = scores["episode_id"]
        added = {}
        if "ended" in extra:
            added["ended"] = ids.map(extra["ended"]).fillna(True).astype(bool)
        if "problem" in extra:
            added["problem"] = ids.map(extra["problem"]).fillna("none").astype(str)
        frame = scores.assign(**added) if added else scores
    columns = outcome_columns(long_arrays(frame))
    labels = columns.pop("episode_id")
    table = pd.DataFrame(columns)
    table["episode_id"] = labels.to_pandas() if hasattr(labels, "to_pandas") else np.asarray(labels)
    if extra is not None:
        table["therapist_id"] = (
            table["episode_id"].map(extra["therapist_id"]) if "therapist_id" in extra else None
        )
        table["dropped_out"] = (
            table["episode_id"].map(extra["dropped_out"]).fillna(False).astype(bool)
            if "dropped_out" in extra
            else table["ended"] & ~table["finished"]
        )
    else:
        table["therapist_id"] = None
        table["dropped_out"] = table["ended"] & ~table["finished"]
    finished = table[table["paired"]]
    residual = pd.Series(np.nan, index=table.index)
    if len(finished) >= 3:
        # Practice-wide least-squares line of last PHQ-9 on intake PHQ-9 (residualised change);
        # with no spread in intake scores the line is flat at the mean.
        x = finished["phq9_first"].to_numpy(float)
        y = finished["phq9_last"].to_numpy(float)
        slope = float(np.cov(x, y)[0, 1] / x.var(ddof=1)) if x.var() > 0 else 0.0
        intercept = float(y.mean() - slope * x.mean())
        residual[finished.index] = finished["phq9_last"] - (
            intercept + slope * finished["phq9_first"]
        )
    table["residual"] = residual
    practice = _group(
        practice_name, table, sessions, table["residual"].dropna(), min_cell, adjusted=False
    )
    therapists: list[GroupReport] = []
    if table["therapist_id"].notna().any():
        # Each rated session under its episode's therapist, grouped once (not one scan of every
        # session per therapist: a thousand therapists made that the slowest part of the report).
        by_therapist: dict[Any, Any] = {}
        if sessions is not None:
            owner = sessions["episode_id"].map(table.set_index("episode_id")["therapist_id"])
            by_therapist = dict(tuple(sessions.groupby(owner, sort=False)))
        for therapist, sub in table.groupby("therapist_id", sort=True):
            own = by_therapist.get(therapist, sessions.iloc[:0]) if sessions is not None else None
            therapists.append(
                _group(str(therapist), sub, own, sub["residual"].dropna(), min_cell, adjusted=True)
            )
        raw = _raw_counts(table, by_therapist)
        therapists = _secondary_suppression(practice, therapists, raw, min_cell)
    comparison = therapist_comparison(table, min_cell) if therapists else None
    return PracticeReport(practice, therapists, min_cell, comparison)


RATE_FIELDS = (
    "recovery",
    "reliable_improvement",
    "reliable_deterioration",
    "reliable_recovery",
    "dropout",
    "rupture_sessions",
)


def _hide(report: GroupReport, name: str) -> GroupReport:
    if getattr(report, name).suppressed:
        return report
    values = {f: getattr(report, f) for f in report.__dataclass_fields__}
    values[name] = Rate(None, None, None, True)
    return GroupReport(**values)


def _raw_counts(table: Any, by_therapist: dict[Any, Any]) -> dict[str, tuple[list[int], list[int]]]:
    """Per therapist (in the report's order), each figure's denominator and count before any
    suppression: what a reader could try to work out by subtraction. One grouped pass."""
    t = table.assign(
        _paired=table["paired"].astype(int),
        _cases=table["case_at_start"].astype(int),
        _rec=table["recovered"].astype(int),
        _imp=table["reliable_improvement"].astype(int),
        _det=table["reliable_deterioration"].astype(int),
        _rr=table["reliable_recovery"].astype(int),
        _ended=table["ended"].astype(int),
        _drop=(table["ended"] & table["dropped_out"]).astype(int),
    )
    sums = t.groupby("therapist_id", sort=True)[
        ["_paired", "_cases", "_rec", "_imp", "_det", "_rr", "_ended", "_drop"]
    ].sum()
    size = t.groupby("therapist_id", sort=True).size()

    def col(name: str) -> list[int]:
        return [int(v) for v in sums[name].tolist()]

    sessions_n = [len(by_therapist[k]) if k in by_therapist else 0 for k in sums.index]
    sessions_hit = [
        int(by_therapist[k]["rupture"].sum()) if k in by_therapist else 0 for k in sums.index
    ]
    return {
        "episodes": ([int(v) for v in size.tolist()], [0] * len(size)),
        "recovery": (col("_cases"), col("_rec")),
        "reliable_improvement": (col("_paired"), col("_imp")),
        "reliable_deterioration": (col("_paired"), col("_det")),
        "reliable_recovery": (col("_cases"), col("_rr")),
        "dropout": (col("_ended"), col("_drop")),
        "rupture_sessions": (sessions_n, sessions_hit),
    }


def _secondary_suppression(
    practice: GroupReport,
    therapists: list[GroupReport],
    raw: dict[str, tuple[list[int], list[int]]],
    min_cell: int,
) -> list[GroupReport]:
    """Hide more therapist cells, column by column, until no hidden cell can be worked out by
    subtracting the shown ones from the practice total (:func:`comparison.suppress`)."""
    from dataclasses import replace

    names = [t.name for t in therapists]
    rows = list(therapists)
    # The episodes column: a therapist hidden as a whole for having few episodes, and any
    # further therapist whose count would give them away, shows no episode count.
    episodes = raw["episodes"][0]
    hide = cmp.suppress(episodes, None, min_cell, order=names, primary=[t.suppressed for t in rows])
    rows = [
        replace(t, episodes=None) if h and not t.suppressed else t
        for t, h in zip(rows, hide, strict=True)
    ]
    for name in RATE_FIELDS:
        total: Rate = getattr(practice, name)
        denominators, counts = raw[name]
        if total.denominator is None:
            rows = [_hide(t, name) for t in rows]
            continue
        hide = cmp.suppress(
            denominators,
            counts,
            min_cell,
            order=names,
            primary=[getattr(t, name).suppressed for t in rows],
        )
        rows = [_hide(t, name) if h else t for t, h in zip(rows, hide, strict=True)]
    return rows


def therapist_comparison(table: Any, min_cell: int = MIN_CELL) -> cmp.Comparison | None:
    """Therapists compared on reliable improvement, fairly (:mod:`.comparison`).

    Who counts: every **ended** episode with an intake PHQ-9, drop-outs included: an episode
    that ended early is judged on its last score as its end (last observation carried forward),
    so an episode with a single score counts as unchanged. The outcome is the NHS reliable
    improvement on the episode's pair (PHQ-9 down by 6 or more, or the paired anxiety measure
    down by its threshold, and a reliable rise on neither), over first and last available scores.
    Adjusted for intake severity by indirect standardisation on PHQ-9 bands, shrunk by
    beta-binomial empirical Bayes, with Wilson intervals and funnel limits.
    """
    if "therapist_id" not in table or table["therapist_id"].isna().all():
        return None
    rows = table[table["ended"] & (table["phq9_sessions"] >= 1)]
    rows = rows[rows["therapist_id"].notna()]
    if not len(rows):
        return None
    from tandem.core.outcomes.nhs_measures import MEASURES, TOLERANCE

    phq = MEASURES["phq9"].reliable_change
    anxiety_threshold = np.array(
        [MEASURES[m].reliable_change for m in _anxiety_names(rows["anxiety_measure"])]
    )
    with np.errstate(invalid="ignore"):
        phq_change = (rows["phq9_last"] - rows["phq9_first"]).to_numpy(float)
        anx_change = (rows["anxiety_last"] - rows["anxiety_first"]).to_numpy(float)
        down = (phq_change <= -phq) | (anx_change <= -anxiety_threshold + TOLERANCE)
        up = (phq_change >= phq) | (anx_change >= anxiety_threshold - TOLERANCE)
    hit = (down & ~up).tolist()
    therapist = [str(t) for t in rows["therapist_id"].tolist()]
    intake = rows["phq9_first"].to_numpy(float).tolist()
    return cmp.compare("reliable_improvement", therapist, intake, hit, min_cell)


def _anxiety_names(codes: Any) -> list[str]:
    from tandem.core.outcomes.long_table import INSTRUMENTS

    return [INSTRUMENTS[int(c)] for c in np.asarray(codes).tolist()]


def suppressed_names(report: PracticeReport) -> Sequence[str]:
    """Therapists whose whole report is suppressed (fewer than ``min_cell`` episodes)."""
    return [t.name for t in report.therapists if t.suppressed]

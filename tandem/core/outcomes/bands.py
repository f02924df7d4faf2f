"""Expected recovery bands by intake severity, and not-on-track flags for many clients at once.

*Bands.* For each intake-severity group and session number, the 10th, 25th, 50th, 75th and 90th
percentiles of the scores that the practice's own finished episodes had at that session. The
idea of comparing a client with the expected course of similar clients is that of expected
treatment response curves: Lambert, M. J., Whipple, J. L., Bishop, M. J., Vermeersch, D. A.,
Gray, G. V. & Finch, A. E. (2002), "Comparison of empirically-derived and rationally-derived
methods for identifying patients at risk for treatment failure", *Clinical Psychology &
Psychotherapy*; Lutz, W., Lambert, M. J., Harmon, S. C., Tschitsaz, A., Schürch, E. & Stulz, N.
(2006), "The probability of treatment success, failure and duration - what can be learned from
empirical data to support decision making in clinical practice?", *Clinical Psychology &
Psychotherapy*, doi:10.1002/cpp.496. Tandem uses plain empirical percentiles per cell rather than
their fitted models, so that every number can be checked by hand; the percentiles shown and the
choice of the 75th for the flag are Tandem's own (the product brief, issue 4).

*How many episodes a cell needs:* ``MIN_PER_CELL = 30``. The 75th percentile is the one the flag
uses. With *n* scores, the distribution-free 95% interval of a population 75th percentile runs
between two order statistics (binomial argument): for n = 20 it needs ranks 11 to 19 (the 55th to
the 95th percentile of the sample), for n = 30 ranks 17 to 27 (57th to 90th), for n = 50 ranks 32
to 44. From 30 on, that interval stays inside the sample's own 90th percentile and the 90th
percentile rests on three or more scores above it; below about 20 the upper end is the sample
maximum. This is Tandem's own choice, based on that arithmetic, not a published figure.

*Fallback.* Where a cell has fewer episodes, or no bands were learned yet, a fixed rule is used
instead: not on track when there is no reliable improvement by session 4, or any reliable
deterioration, using the instrument's reliable-change threshold (PHQ-9: 6 points, NHS Talking
Therapies manual; reliable change after Jacobson & Truax, 1991). The review point, session 4, is
the product brief's (issue 4), not a published figure; the code calls this rule
``published_rule`` because it rests on the instrument's published reliable-change figure.
"No reliable improvement" is only a warning for a client who was at caseness on the measure at
intake and is still at caseness now: the NHS Talking Therapies manual defines recovery and
reliable recovery only over referrals at caseness at the start, and a client who starts below
the cutoff (PHQ-9 8) cannot fall the 6 points that count as reliable without reaching the floor,
while one who is below it now (14 -> 9) has left the clinical range whatever the size of the
fall. Reliable deterioration is flagged for everyone.

*Not on track:* the latest score is worse than the 75th percentile of similar clients at that
session (above it for higher-is-worse measures), or the client has reliably deteriorated since
intake. Sessions beyond the last learned session use the last learned session of the group (the
expected course has levelled off by then).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from tandem.core.outcomes.change import Direction, is_clinical
from tandem.core.words import Number, Said, gettext_noop

MIN_PER_CELL = 30
PERCENTILES = (10, 25, 50, 75, 90)
# PHQ-9 severity groups (Kroenke, Spitzer & Williams, 2001): lower bounds of 0-4 minimal,
# 5-9 mild, 10-14 moderate, 15-19 moderately severe, 20-27 severe.
# The names are shown in not-on-track reasons, so they are marked for translation.
PHQ9_GROUPS: tuple[tuple[float, str], ...] = (
    (0, gettext_noop("minimal (0-4)")),
    (5, gettext_noop("mild (5-9)")),
    (10, gettext_noop("moderate (10-14)")),
    (15, gettext_noop("moderately severe (15-19)")),
    (20, gettext_noop("severe (20-27)")),
)
# GAD-7 severity groups (Spitzer et al., 2006): 0-4, 5-9, 10-14, 15-21.
GAD7_GROUPS: tuple[tuple[float, str], ...] = (
    (0, gettext_noop("minimal (0-4)")),
    (5, gettext_noop("mild (5-9)")),
    (10, gettext_noop("moderate (10-14)")),
    (15, gettext_noop("severe (15-21)")),
)
# The severity groups of each measure that has bands.
GROUPS_BY_INSTRUMENT: dict[str, tuple[tuple[float, str], ...]] = {
    "phq9": PHQ9_GROUPS,
    "gad7": GAD7_GROUPS,
}
FALLBACK_REVIEW_SESSION = 4  # "no reliable improvement by session 4" (issue 4)


@dataclass(frozen=True)
class BandCell:
    """Where similar clients were at one session (percentiles of their scores)."""

    group: str
    session: int
    n: int
    p10: float
    p25: float
    p50: float
    p75: float
    p90: float


@dataclass(frozen=True)
class Bands:
    """Learned percentiles, shaped ``(groups, sessions + 1)``; NaN where a cell is too small."""

    instrument: str
    direction: Direction
    groups: tuple[tuple[float, str], ...]
    min_per_cell: int
    n: npt.NDArray[np.int64]
    percentiles: dict[int, npt.NDArray[np.float64]] = field(repr=False)

    @property
    def max_session(self) -> int:
        return int(self.n.shape[1]) - 1

    def group_of(self, intake: Any) -> npt.NDArray[np.int64]:
        """Severity-group index of each intake score."""
        lows = np.array([low for low, _ in self.groups], dtype=np.float64)
        index = np.searchsorted(lows, np.asarray(intake, dtype=np.float64), side="right") - 1
        return np.clip(index, 0, len(lows) - 1).astype(np.int64)

    def usable_session(self, group: Any, session: Any) -> npt.NDArray[np.int64]:
        """The session whose cell to use (capped at the group's last usable session); -1 if none."""
        ok = self.n >= self.min_per_cell
        ok[:, 0] = False
        sessions = np.arange(ok.shape[1])
        last = np.where(ok.any(axis=1), np.max(np.where(ok, sessions, -1), axis=1), -1)
        group = np.asarray(group, dtype=np.int64)
        capped = np.minimum(np.asarray(session, dtype=np.int64), last[group])
        capped = np.where(capped < 1, -1, capped)
        valid = capped >= 1
        usable = np.full(capped.shape, -1, dtype=np.int64)
        usable[valid] = np.where(ok[group[valid], capped[valid]], capped[valid], -1)
        return usable

    def cell(self, intake: float, session: int) -> BandCell | None:
        """The band a client with this intake score is compared with at ``session``."""
        group = int(self.group_of([intake])[0])
        use = int(self.usable_session([group], [session])[0])
        if use < 0:
            return None
        p = {q: float(self.percentiles[q][group, use]) for q in PERCENTILES}
        return BandCell(
            self.groups[group][1], use, int(self.n[group, use]), p[10], p[25], p[50], p[75], p[90]
        )

    def to_dict(self) -> dict[str, Any]:
        """The bands as plain JSON (empty cells as null: PostgreSQL's JSON has no NaN)."""

        def plain(array: npt.NDArray[np.float64]) -> list[list[float | None]]:
            return [[None if math.isnan(x) else float(x) for x in row] for row in array.tolist()]

        return {
            "instrument": self.instrument,
            "direction": self.direction,
            "groups": [[low, label] for low, label in self.groups],
            "min_per_cell": self.min_per_cell,
            "n": self.n.tolist(),
            "percentiles": {str(q): plain(a) for q, a in self.percentiles.items()},
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Bands:
        """The bands back from :meth:`to_dict` (as a practice snapshot keeps them)."""
        return cls(
            instrument=data["instrument"],
            direction=data["direction"],
            groups=tuple((float(low), str(label)) for low, label in data["groups"]),
            min_per_cell=int(data["min_per_cell"]),
            n=np.asarray(data["n"], dtype=np.int64),
            percentiles={
                int(q): np.array(
                    [[np.nan if x is None else x for x in row] for row in rows], dtype=np.float64
                )
                for q, rows in data["percentiles"].items()
            },
        )

    def to_rows(self) -> list[dict[str, Any]]:
        """Every usable cell, for charts and tables."""
        rows = []
        for g, (_, label) in enumerate(self.groups):
            for s in range(1, self.max_session + 1):
                if self.n[g, s] >= self.min_per_cell:
                    row: dict[str, Any] = {"group": label, "session": s, "n": int(self.n[g, s])}
                    row.update({f"p{q}": float(self.percentiles[q][g, s]) for q in PERCENTILES})
                    rows.append(row)
        return rows


def _one_instrument(long: Any, instrument: str | None) -> Any:
    if instrument is not None and "instrument" in long.columns:
        from tandem.core.outcomes.long_table import instrument_column_codes

        long = long[instrument_column_codes(long["instrument"], (instrument,)) == 0]
    return long[["episode_id", "session", "score"]]


def _intake_and_latest(long: Any) -> tuple[Any, npt.NDArray[np.int64]]:
    """Per episode (index episode_id): intake and latest score and session, scored sessions.

    Also returns, as ``codes``, the episode index of every input row.
    """
    import pandas as pd  # type: ignore[import-untyped]

    codes, labels = pd.factorize(long["episode_id"], sort=False)
    codes = np.asarray(codes, dtype=np.int64)
    session = long["session"].to_numpy(dtype=np.int64)
    score = long["score"].to_numpy(dtype=np.float64)
    order = np.lexsort((session, codes))
    ep = codes[order]
    starts = np.flatnonzero(np.concatenate(([True], ep[1:] != ep[:-1]))) if ep.size else ep
    ends = np.concatenate((starts[1:], [ep.size])) - 1 if ep.size else ep
    out = pd.DataFrame(
        {
            "first_session": session[order][starts],
            "intake": score[order][starts],
            "session": session[order][ends],
            "latest": score[order][ends],
            "sessions": ends - starts + 1,
        },
        index=pd.Index(np.asarray(labels)[ep[starts]] if ep.size else [], name="episode_id"),
    )
    return out, codes


def _carry_forward(long: Any, horizon: int) -> Any:
    """Every episode's last score carried forward to every later session up to ``horizon``
    (and over sessions it skipped), so that each cell holds every episode that started."""
    import pandas as pd

    codes, _ = pd.factorize(long["episode_id"], sort=False)
    session = long["session"].to_numpy(dtype=np.int64)
    score = long["score"].to_numpy(dtype=np.float64)
    order = np.lexsort((session, codes))
    ep, session, score = np.asarray(codes)[order], session[order], score[order]
    last_of_episode = np.concatenate((ep[1:] != ep[:-1], [True])) if ep.size else ep
    following = np.concatenate((session[1:], [0])) if ep.size else session
    until = np.where(last_of_episode, np.maximum(horizon + 1, session + 1), following)
    repeats = np.maximum(until - session, 1)
    start = np.repeat(session, repeats)
    offset = np.arange(repeats.sum()) - np.repeat(np.cumsum(repeats) - repeats, repeats)
    return pd.DataFrame(
        {
            "episode_id": np.repeat(ep, repeats),
            "session": start + offset,
            "score": np.repeat(score, repeats),
        }
    )


def learn_bands(
    finished: Any,
    instrument: str | None = "phq9",
    direction: Direction = "higher_is_worse",
    groups: tuple[tuple[float, str], ...] = PHQ9_GROUPS,
    min_per_cell: int = MIN_PER_CELL,
    carry_forward: bool = False,
    cutoff: float | None = None,
) -> Bands:
    """Learn bands from the long table of *finished* episodes (episode_id, session, [instrument,]
    score). Episodes with the instrument at fewer than two sessions are left out.

    ``carry_forward``: an episode that ended below ``cutoff`` (recovered; every episode when
    ``cutoff`` is None) stands at its last score at every later session up to the longest
    episode, so that a late cell is not left to the clients still attending then (survivorship:
    those who recovered early have gone, and a cell of the slow and the stuck makes the band
    lenient). Episodes that ended above the cutoff (many of them drop-outs, whose later course
    nobody knows) count only where they were measured. Chosen by measurement on the realistic
    generator against carrying every episode forward and against none (docs/outcomes.md).
    """
    import pandas as pd

    long = _one_instrument(finished, instrument)
    if carry_forward and len(long):
        per_episode, _ = _intake_and_latest(long)
        enough = per_episode["sessions"].to_numpy() >= 2
        well = (
            ~np.asarray(is_clinical(per_episode["latest"].to_numpy(float), cutoff, direction))
            if cutoff is not None
            else np.ones(len(per_episode), dtype=np.bool_)
        )
        long = long[long["episode_id"].isin(per_episode.index[enough])]
        carried = long["episode_id"].isin(per_episode.index[enough & well]).to_numpy()
        if carried.any():
            horizon = int(long["session"].max())
            # distinct ids for the two parts, whatever type the episode ids are
            forward = _carry_forward(long[carried], horizon)
            rest = long[~carried]
            rest_codes = pd.factorize(rest["episode_id"], sort=False)[0] + len(forward)
            long = pd.concat(
                [
                    forward,
                    pd.DataFrame(
                        {
                            "episode_id": rest_codes,
                            "session": rest["session"].to_numpy(),
                            "score": rest["score"].to_numpy(),
                        }
                    ),
                ],
                ignore_index=True,
            )
    per_episode, codes = _intake_and_latest(long)
    lows = np.array([low for low, _ in groups], dtype=np.float64)
    # per_episode rows are in episode-code order, so a row's episode code indexes them directly
    intake_group = np.clip(
        np.searchsorted(lows, per_episode["intake"].to_numpy(float), side="right") - 1, 0, None
    )
    enough = per_episode["sessions"].to_numpy() >= 2
    keep = enough[codes] if codes.size else np.zeros(0, dtype=np.bool_)
    group = intake_group[codes[keep]].astype(np.int64)
    session = long["session"].to_numpy(dtype=np.int64)[keep]
    kept_scores = long["score"].to_numpy(dtype=np.float64)[keep]
    max_session = int(session.max()) if session.size else 1
    shape = (len(groups), max_session + 1)
    n = np.zeros(shape, dtype=np.int64)
    np.add.at(n, (group, session), 1)
    percentiles = {q: np.full(shape, np.nan) for q in PERCENTILES}
    if session.size:
        frame = pd.DataFrame({"g": group, "s": session, "x": kept_scores})
        table = frame.groupby(["g", "s"])["x"].quantile([q / 100 for q in PERCENTILES]).unstack()
        g_idx = table.index.get_level_values(0).to_numpy()
        s_idx = table.index.get_level_values(1).to_numpy()
        for q in PERCENTILES:
            percentiles[q][g_idx, s_idx] = table[q / 100].to_numpy()
    return Bands(
        instrument=instrument or "",
        direction=direction,
        groups=groups,
        min_per_cell=min_per_cell,
        n=n,
        percentiles=percentiles,
    )


def not_on_track(
    active: Any,
    bands: Bands | None = None,
    *,
    instrument: str | None = "phq9",
    label: str = "PHQ-9",
    reliable_change: float = 6,
    direction: Direction = "higher_is_worse",
    groups: tuple[tuple[float, str], ...] = PHQ9_GROUPS,
    cutoff: float | None = 10,
) -> Any:
    """Flag active clients who are not on track, each with a plain-words reason.

    ``cutoff``: the measure's caseness cutoff (PHQ-9's 10 by default, as the other defaults are
    PHQ-9's); the fixed-rule fallback applies only at caseness at intake and now. ``None``: no
    cutoff is known, and the fallback applies to everyone.

    ``active`` is the long table of the active episodes so far (episode_id, session,
    [instrument,] score). Returns one row per episode with ``episode_id, session, intake,
    latest, group, expected_p75, rule, not_on_track, reason, said``; ``rule`` says which test
    decided (``deterioration``, ``expected_band`` or ``published_rule``), empty when on track;
    ``said`` is the reason as a translatable :class:`~tandem.core.words.Said` (None when on
    track) and ``reason`` its English.
    """
    import pandas as pd

    long = _one_instrument(active, instrument)
    per, _ = _intake_and_latest(long)
    intake = per["intake"].to_numpy(dtype=np.float64)
    latest = per["latest"].to_numpy(dtype=np.float64)
    session = per["session"].to_numpy(dtype=np.int64)
    worse = latest - intake if direction == "higher_is_worse" else intake - latest
    # Reliable deterioration (Jacobson & Truax, 1991, with the instrument's published threshold):
    # a worsening of at least the reliable-change figure.
    deteriorated = worse >= reliable_change
    group_table = bands.groups if bands is not None else groups
    lows = np.array([low for low, _ in group_table], dtype=np.float64)
    group = np.clip(np.searchsorted(lows, intake, side="right") - 1, 0, len(lows) - 1)
    p75 = np.full(len(per), np.nan)
    use = np.full(len(per), -1, dtype=np.int64)
    if bands is not None and len(per):
        use = bands.usable_session(group, session)
        has = (use >= 1) & (session >= 2)
        use = np.where(has, use, -1)
        threshold = (
            bands.percentiles[75] if direction == "higher_is_worse" else bands.percentiles[25]
        )
        p75[has] = threshold[group[has], use[has]]
    has_band = use >= 1
    with np.errstate(invalid="ignore"):
        off_band = has_band & (latest > p75 if direction == "higher_is_worse" else latest < p75)
    # Fixed-rule fallback (the product brief, issue 4): no reliable improvement by session 4.
    stalled = ~has_band & (session >= FALLBACK_REVIEW_SESSION) & (-worse < reliable_change)
    if cutoff is not None:
        # Only for a client at caseness at intake and still at caseness now (see the module
        # docstring: NHS Talking Therapies manual, caseness; cutoffs inclusive, PHQ-9 >= 10).
        stalled &= np.asarray(is_clinical(intake, cutoff, direction)) & np.asarray(
            is_clinical(latest, cutoff, direction)
        )
    rule = np.select(
        [deteriorated, off_band, stalled],
        ["deterioration", "expected_band", "published_rule"],
        default="",
    )
    flagged = rule != ""
    reasons = np.full(len(per), "", dtype=object)
    saids = np.full(len(per), None, dtype=object)
    group_labels = [name for _, name in group_table]
    for i in np.flatnonzero(flagged):
        saids[i] = _reason(
            str(rule[i]),
            label,
            intake[i],
            latest[i],
            int(session[i]),
            reliable_change,
            p75[i],
            group_labels[group[i]],
            direction,
        )
        reasons[i] = str(saids[i])
    return pd.DataFrame(
        {
            "episode_id": per.index.to_numpy(),
            "session": session,
            "intake": intake,
            "latest": latest,
            "group": np.asarray(group_labels, dtype=object)[group],
            "expected_p75": p75,
            "rule": rule,
            "not_on_track": flagged,
            "reason": reasons,
            "said": saids,
        }
    )


def deterioration_said(
    label: str,
    first: Number,
    last: Number,
    change: Number,
    reliable_change: Number,
    direction: Direction,
    *,
    beyond: bool,
) -> Said:
    """A reliable deterioration in words (``beyond``: the change is more than the reliable-change
    figure, not equal to it). The four sentences are whole, as other languages inflect "a rise
    of" and "more than" differently."""
    if direction == "higher_is_worse":
        if beyond:
            template = gettext_noop(
                "{label} went from {first} to {last} since intake: a rise of {change}, more "
                "than the {rule} that counts as reliable"
            )
        else:
            template = gettext_noop(
                "{label} went from {first} to {last} since intake: a rise of {change}, at "
                "least the {rule} that counts as reliable"
            )
    elif beyond:
        template = gettext_noop(
            "{label} went from {first} to {last} since intake: a fall of {change}, more than "
            "the {rule} that counts as reliable"
        )
    else:
        template = gettext_noop(
            "{label} went from {first} to {last} since intake: a fall of {change}, at least "
            "the {rule} that counts as reliable"
        )
    return Said(
        template,
        {"label": label, "first": first, "last": last, "change": change, "rule": reliable_change},
    )


def _reason(
    rule: str,
    label: str,
    intake: float,
    latest: float,
    session: int,
    reliable_change: float,
    p75: float,
    group: str,
    direction: Direction,
) -> Said:
    # Numbers as ``:g`` writes them (floats; tandem.core.words).
    intake, latest, reliable_change = float(intake), float(latest), float(reliable_change)
    change = abs(latest - intake)
    if rule == "deterioration":
        return deterioration_said(
            label,
            intake,
            latest,
            change,
            reliable_change,
            direction,
            beyond=change > reliable_change,
        )
    if rule == "expected_band":
        values: dict[str, Any] = {
            "session": session,
            "label": label,
            "latest": latest,
            "group": Said(group),
            "expected": float(p75),
        }
        if direction == "higher_is_worse":
            return Said(
                gettext_noop(
                    "At session {session}, {label} is {latest}; three in four clients who "
                    "started in the {group} range were at {expected} or lower by this session"
                ),
                values,
            )
        return Said(
            gettext_noop(
                "At session {session}, {label} is {latest}; three in four clients who started "
                "in the {group} range were at {expected} or higher by this session"
            ),
            values,
        )
    moved = intake - latest if direction == "higher_is_worse" else latest - intake
    values = {
        "session": session,
        "label": label,
        "intake": intake,
        "latest": latest,
        "change": abs(moved),
        "rule": reliable_change,
    }
    # "toward" better: a fall on a higher-is-worse measure, a rise on the others.
    fell = (moved > 0) == (direction == "higher_is_worse")
    if moved == 0:
        template = gettext_noop(
            "By session {session}, {label} has not improved reliably: from {intake} to "
            "{latest}, no change, less than the {rule} that counts as reliable"
        )
    elif fell:
        template = gettext_noop(
            "By session {session}, {label} has not improved reliably: from {intake} to "
            "{latest}, a fall of {change}, less than the {rule} that counts as reliable"
        )
    else:
        template = gettext_noop(
            "By session {session}, {label} has not improved reliably: from {intake} to "
            "{latest}, a rise of {change}, less than the {rule} that counts as reliable"
        )
    return Said(template, values)

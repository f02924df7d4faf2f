"""The alert replay: how well did each kind of alert predict how episodes ended?

Every episode is replayed session by session with the same code the caseload uses
(:func:`tandem.core.outcomes.alerts.many_episode_alerts`), seeing at session *n* only what was
measured up to *n*. Its alerts are then compared with the end of the episode:

* **reliable deterioration**: PHQ-9 or the paired anxiety measure worse by at least its
  reliable-change figure, last score against first (NHS Talking Therapies manual; Jacobson &
  Truax, 1991);
* **no reliable improvement**: not reliably improved in the NHS sense (at least one of the pair
  reliably better and neither reliably worse); with one measure only, that measure.

**The pair of measures** is the episode's, exactly as the outcomes and the caseload pick it
(:func:`.nhs_measures.anxiety_measure`, from the optional ``problem`` column): at session *n*
the alerts see PHQ-9 and the disorder-specific measure for the problem once it has a score
(else the GAD-7), as the caseload would have; the outcome is judged on PHQ-9 and the anxiety
measure the NHS figures use (the ADSM when scored at two or more sessions, else the GAD-7).

An episode's outcome needs PHQ-9 at two or more sessions; episodes without it are replayed but
left out of the figures. An alert *predicts* only if it came before the episode's last session,
while there was still a session to act in; ``lead_time_sessions`` is the median number of
sessions from the first such alert to the last session, over the episodes it got right. An
alert's *onset* is a session where it is present and was not at the session before;
``alerts_per_episode`` counts onsets. Sensitivity, specificity and positive predictive value
(PPV) are over episodes with an outcome.

What this replay cannot say: the episodes were treated, maybe differently because of the alerts
themselves; and bands learned from the same episodes flatter the band alerts (in-sample).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from tandem.core.outcomes.alerts import (
    ALERT_KINDS,
    Alert,
    EpisodeSeries,
    InstrumentMeta,
    many_episode_alerts,
)
from tandem.core.outcomes.bands import GROUPS_BY_INSTRUMENT, Bands, learn_bands
from tandem.core.outcomes.errors import OutcomeInputError
from tandem.core.outcomes.nhs_measures import (
    ADSM_IDS,
    DEFAULT_PROBLEM,
    anxiety_measure,
    normalise_problem,
)

# Instruments the replay reads besides the symptom measures: session means on 0-10 (the client's
# partnership scale and the therapist's mirror) and 0-4 (growth, reliance).
PARTNERSHIP, MIRROR, GROWTH, RELIANCE = "partnership", "partnership_mirror", "growth", "reliance"
RELATIONSHIP = (PARTNERSHIP, MIRROR, GROWTH, RELIANCE)
RANGES = {PARTNERSHIP: (0.0, 10.0), MIRROR: (0.0, 10.0), GROWTH: (0.0, 4.0), RELIANCE: (0.0, 4.0)}
TARGETS = ("reliable_deterioration", "no_reliable_improvement")
# The item id a session mean stands in for (the alerts average items; one item is its mean).
MEAN_ITEM = "mean"


@dataclass(frozen=True)
class EpisodeReplay:
    episode_id: Any
    sessions: list[tuple[int, list[Alert]]]
    outcome: dict[str, bool] | None  # TARGETS -> True/False; None: no outcome


@dataclass
class Replay:
    episodes: list[EpisodeReplay] = field(default_factory=list)
    validation: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {
            "episodes": [
                {
                    "episode_id": _plain(e.episode_id),
                    "sessions": [
                        {
                            "session": n,
                            "alerts": [
                                {"kind": a.kind, "measure": a.measure, "sentence": a.sentence}
                                for a in alerts
                            ],
                        }
                        for n, alerts in e.sessions
                    ],
                }
                for e in self.episodes
            ],
            "validation": self.validation,
        }


def _plain(value: Any) -> Any:
    return value.item() if isinstance(value, np.generic) else value


def check_frame(long: Any, measures: Sequence[str]) -> Any:
    """The rows the replay uses (measures and relationship instruments), checked.

    Columns ``episode_id, session, instrument, score`` and optionally ``ended`` and ``problem``
    (a problem descriptor, the same on every row of an episode; empty or absent = ``none``). The
    anxiety-disorder-specific measures are read beside ``measures`` so that each episode can be
    judged on its own pair. A bad row raises :class:`OutcomeInputError` with its CSV line
    (header = line 1). Only ended episodes are kept (all of them when there is no ``ended``
    column): an open episode has no outcome yet.
    """
    import pandas as pd  # type: ignore[import-untyped]

    missing = [c for c in ("episode_id", "session", "instrument", "score") if c not in long]
    if missing:
        raise OutcomeInputError(1, f"the file has no column {', '.join(missing)}")
    long = long.reset_index(drop=True)
    line = long.index.to_numpy() + 2
    instrument = long["instrument"].astype(str).str.strip().str.lower()
    session = pd.to_numeric(long["session"], errors="coerce")
    score = pd.to_numeric(long["score"], errors="coerce")
    bad = session.isna() | (session < 1) | (session % 1 != 0)
    if bad.any():
        i = int(np.flatnonzero(bad.to_numpy())[0])
        raise OutcomeInputError(
            int(line[i]), f"session must be a whole number from 1, not {long['session'][i]!r}"
        )
    if long["episode_id"].isna().any():
        i = int(np.flatnonzero(long["episode_id"].isna().to_numpy())[0])
        raise OutcomeInputError(int(line[i]), "episode_id is empty")
    used = instrument.isin([*measures, *ADSM_IDS, *RELATIONSHIP]).to_numpy()
    if (used & score.isna().to_numpy()).any():
        i = int(np.flatnonzero(used & score.isna().to_numpy())[0])
        raise OutcomeInputError(int(line[i]), f"score must be a number, not {long['score'][i]!r}")
    for name, (low, high) in RANGES.items():
        out = ((instrument == name) & ((score < low) | (score > high))).to_numpy()
        if out.any():
            i = int(np.flatnonzero(out)[0])
            raise OutcomeInputError(
                int(line[i]), f"{name} is a session mean from {low:g} to {high:g}, not {score[i]:g}"
            )
    keep = np.ones(len(long), dtype=np.bool_)
    if "ended" in long:
        text = long["ended"].astype(str).str.strip().str.lower()
        ended = text.map({"1": True, "true": True, "0": False, "false": False})
        if ended.isna().any():
            i = int(np.flatnonzero(ended.isna().to_numpy())[0])
            raise OutcomeInputError(
                int(line[i]), f"ended must be 1, 0, true or false, not {long['ended'][i]!r}"
            )
        mixed = ended.groupby(long["episode_id"]).nunique() > 1
        if mixed.any():
            first = long["episode_id"].isin(mixed.index[mixed]).to_numpy()
            raise OutcomeInputError(
                int(line[int(np.flatnonzero(first)[0])]),
                "ended must be the same on every row of an episode",
            )
        keep = ended.to_numpy(dtype=bool)
    problem = pd.Series(DEFAULT_PROBLEM, index=long.index)
    if "problem" in long:
        raw = long["problem"].where(long["problem"].notna(), "")
        problem = raw.map(lambda v: normalise_problem(str(v)))
        if problem.isna().any():
            i = int(np.flatnonzero(problem.isna().to_numpy())[0])
            raise OutcomeInputError(
                int(line[i]), f"problem is not a known problem descriptor: {long['problem'][i]!r}"
            )
        mixed = problem.groupby(long["episode_id"]).nunique() > 1
        if mixed.any():
            first = long["episode_id"].isin(mixed.index[mixed]).to_numpy()
            raise OutcomeInputError(
                int(line[int(np.flatnonzero(first)[0])]),
                "problem must be the same on every row of an episode",
            )
    rows = keep & used
    return pd.DataFrame(
        {
            "episode_id": long["episode_id"].to_numpy()[rows],
            "session": session.to_numpy()[rows].astype(np.int64),
            "instrument": instrument.to_numpy()[rows],
            "score": score.to_numpy()[rows].astype(np.float64),
            "problem": problem.to_numpy()[rows].astype(str),
        }
    )


def _series_by_episode(
    long: Any, meta: Mapping[str, InstrumentMeta], measures: Sequence[str]
) -> tuple[list[Any], list[dict[str, list[tuple[int, float]]]], list[str]]:
    ids: list[Any] = []
    points: list[dict[str, list[tuple[int, float]]]] = []
    problems: list[str] = []
    ordered = long.sort_values(["episode_id", "session"], kind="stable")
    has_problem = "problem" in ordered
    for episode_id, rows in ordered.groupby("episode_id", sort=False):
        problems.append(str(rows["problem"].iloc[0]) if has_problem else DEFAULT_PROBLEM)
        by: dict[str, list[tuple[int, float]]] = {}
        for instrument, session, score in zip(
            rows["instrument"].tolist(),
            rows["session"].tolist(),
            rows["score"].tolist(),
            strict=True,
        ):
            # one score per session and instrument: the last row given wins
            found = by.setdefault(instrument, [])
            if found and found[-1][0] == session:
                found[-1] = (session, score)
            else:
                found.append((session, score))
        ids.append(episode_id)
        points.append(by)
    return ids, points, problems


def pair_at(
    by: Mapping[str, list[tuple[int, float]]], problem: str, n: int | None, min_sessions: int
) -> tuple[str, str]:
    """PHQ-9 and the episode's anxiety measure from what was scored up to session ``n`` (all
    sessions when None): the caseload's choice with ``min_sessions=1``, the NHS outcome's with
    2 (:func:`.nhs_measures.anxiety_measure`)."""
    counts = {m: len({s for s, _ in points if n is None or s <= n}) for m, points in by.items()}
    return ("phq9", anxiety_measure(problem, counts, min_sessions=min_sessions))


def _truncated(
    by: Mapping[str, list[tuple[int, float]]],
    n: int,
    meta: Mapping[str, InstrumentMeta],
    measures: Sequence[str],
) -> EpisodeSeries:
    def upto(name: str) -> list[tuple[int, float]]:
        return [p for p in by.get(name, ()) if p[0] <= n]

    return EpisodeSeries(
        scores={m: upto(m) for m in measures if upto(m)},
        meta=meta,
        primary=measures[0],
        measures=tuple(measures),
        partnership_client={s: {MEAN_ITEM: v} for s, v in upto(PARTNERSHIP)},
        partnership_therapist={s: {MEAN_ITEM: v} for s, v in upto(MIRROR)},
        growth=tuple(upto(GROWTH)),
        reliance=tuple(upto(RELIANCE)),
    )


def _outcome(
    by: Mapping[str, list[tuple[int, float]]],
    meta: Mapping[str, InstrumentMeta],
    measures: Sequence[str],
) -> dict[str, bool] | None:
    moves = []
    for m in measures:
        points, info = by.get(m, []), meta.get(m)
        if len(points) < 2 or info is None or info.reliable_change is None:
            if m == measures[0]:
                return None
            continue
        first, last = points[0][1], points[-1][1]
        better = first - last if info.direction == "higher_is_worse" else last - first
        moves.append((better >= info.reliable_change, -better >= info.reliable_change))
    improved = any(up for up, _ in moves) and not any(down for _, down in moves)
    return {
        "reliable_deterioration": any(down for _, down in moves),
        "no_reliable_improvement": not improved,
    }


def learn_replay_bands(
    long: Any, meta: Mapping[str, InstrumentMeta], measures: Sequence[str]
) -> dict[str, Bands]:
    """Bands for each measure from the table's own episodes, learned the way the practice's are
    (recovered episodes' last score carried forward)."""
    from dataclasses import replace

    out = {}
    for m in measures:
        info, groups = meta.get(m), GROUPS_BY_INSTRUMENT.get(m)
        rows = long[long["instrument"] == m]
        if info is None or groups is None or not len(rows):
            continue
        learned = learn_bands(
            rows,
            instrument=None,
            direction=info.direction,
            groups=groups,
            carry_forward=True,
            cutoff=info.cutoff,
        )
        out[m] = replace(learned, instrument=m)
    return out


def replay(
    long: Any,
    meta: Mapping[str, InstrumentMeta],
    measures: Sequence[str] = ("phq9", "gad7"),
    bands: Bands | Mapping[str, Bands] | None = None,
) -> Replay:
    """Replay every episode of a checked long table (see :func:`check_frame`).

    ``measures`` names the default pair (PHQ-9 and GAD-7); an episode whose ``problem`` names
    an anxiety-disorder-specific measure is judged on that one instead, once it has scores, as
    the caseload and the outcome figures judge it (:func:`pair_at`)."""
    ids, points, problems = _series_by_episode(long, meta, measures)
    sessions = [sorted({s for series in by.values() for s, _ in series}) for by in points]
    alerts: list[dict[int, list[Alert]]] = [{} for _ in ids]
    for n in sorted({s for found in sessions for s in found}):
        at = {
            i: _truncated(points[i], n, meta, _pair(points[i], problems[i], n, measures))
            for i, found in enumerate(sessions)
            if n in found
        }
        for i, found_alerts in many_episode_alerts(at, bands).items():
            alerts[i][n] = found_alerts
    episodes = [
        EpisodeReplay(
            ids[i],
            [(n, alerts[i][n]) for n in sessions[i]],
            _outcome(points[i], meta, _pair(points[i], problems[i], None, measures)),
        )
        for i in range(len(ids))
    ]
    return Replay(episodes, validate(episodes))


def _pair(
    by: Mapping[str, list[tuple[int, float]]],
    problem: str,
    n: int | None,
    measures: Sequence[str],
) -> tuple[str, ...]:
    """The measures the episode is judged on at session ``n`` (live: an ADSM with one score
    counts) or at the end (``n`` None: the NHS outcome's rule, two scored sessions)."""
    if problem == DEFAULT_PROBLEM or tuple(measures[:1]) != ("phq9",):
        return tuple(measures)
    return pair_at(by, problem, n, 1 if n is not None else 2)


def _ratio(top: int, bottom: int) -> float | None:
    return round(top / bottom, 3) if bottom else None


def validate(episodes: Sequence[EpisodeReplay]) -> dict[str, Any]:
    """Per alert kind: how it did against each eventual outcome (see the module docstring)."""
    judged = [e for e in episodes if e.outcome is not None]
    out: dict[str, Any] = {
        "episodes": len(episodes),
        "with_outcome": len(judged),
        **{t: sum(bool(e.outcome and e.outcome[t]) for e in judged) for t in TARGETS},
        "kinds": {},
    }
    for kind in ALERT_KINDS:
        first: list[int | None] = []
        onsets = 0
        for e in episodes:
            before_end = [n for n, found in e.sessions[:-1] if any(a.kind == kind for a in found)]
            if e.outcome is not None:
                first.append(before_end[0] if before_end else None)
            present = False
            for _, found in e.sessions:
                now = any(a.kind == kind for a in found)
                onsets += now and not present
                present = now
        flagged = [f is not None for f in first]
        row: dict[str, Any] = {
            "episodes_flagged": sum(flagged),
            "alerts_per_episode": _ratio(onsets, len(episodes)),
        }
        for target in TARGETS:
            truth = [bool(e.outcome and e.outcome[target]) for e in judged]
            tp = sum(f and t for f, t in zip(flagged, truth, strict=True))
            fp = sum(f and not t for f, t in zip(flagged, truth, strict=True))
            positives, negatives = sum(truth), len(truth) - sum(truth)
            leads = [
                e.sessions[-1][0] - f
                for e, f, t in zip(judged, first, truth, strict=True)
                if f is not None and t
            ]
            row[target] = {
                "sensitivity": _ratio(tp, positives),
                "specificity": _ratio(negatives - fp, negatives),
                "ppv": _ratio(tp, tp + fp),
                "lead_time_sessions": float(np.median(leads)) if leads else None,
            }
        out["kinds"][kind] = row
    return out


def markdown(validation: Mapping[str, Any]) -> str:
    """The validation as a table (one row per alert kind that fired)."""

    def f(x: float | None) -> str:
        return "—" if x is None else f"{x:.2f}"

    lines = [
        f"{validation['episodes']:,} episodes, {validation['with_outcome']:,} with an outcome: "
        f"{validation['reliable_deterioration']:,} reliably deteriorated, "
        f"{validation['no_reliable_improvement']:,} without reliable improvement.",
        "",
        "| alert | episodes flagged | alerts per episode | deterioration: sens / spec / PPV | "
        "lead | no improvement: sens / spec / PPV | lead |",
        "|---|---:|---:|---|---:|---|---:|",
    ]
    for kind, row in validation["kinds"].items():
        if not row["episodes_flagged"] and not row["alerts_per_episode"]:
            continue
        cells = []
        for target in TARGETS:
            t = row[target]
            cells += [
                f"{f(t['sensitivity'])} / {f(t['specificity'])} / {f(t['ppv'])}",
                "—" if t["lead_time_sessions"] is None else f"{t['lead_time_sessions']:g}",
            ]
        lines.append(
            f"| {kind} | {row['episodes_flagged']:,} | {f(row['alerts_per_episode'])} | "
            + " | ".join(cells)
            + " |"
        )
    return "\n".join(lines)

"""Every alert for one episode, each with a plain-words sentence that carries its numbers.

The web app builds an :class:`EpisodeSeries` from its database rows and calls
:func:`episode_alerts`. Instrument facts (cutoff, reliable change, direction) are passed in, so
this module reads no instrument files. Rules and thresholds are in :mod:`.bands` and
:mod:`.relationship`, each with its source or justification.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from tandem.core.outcomes import relationship as rel
from tandem.core.outcomes.bands import Bands, not_on_track
from tandem.core.outcomes.change import Direction, is_clinical

AlertKind = Literal[
    "not_on_track",
    "deterioration",
    "rupture",
    "repair",
    "gap",
    "reliance_rising",
    "feeling_better_not_getting_better",
    "low_engagement",
    "ready_to_graduate",
]

# Lower = more urgent: harm first, then the relationship, then patterns to discuss, then news.
PRIORITY: dict[str, int] = {
    "deterioration": 1,
    "not_on_track": 2,
    "rupture": 2,
    "feeling_better_not_getting_better": 3,
    "reliance_rising": 3,
    "gap": 4,
    "low_engagement": 4,
    "repair": 5,
    "ready_to_graduate": 5,
}


@dataclass(frozen=True)
class InstrumentMeta:
    """What the alerts need to know about an instrument (from its instrument file)."""

    label: str
    direction: Direction = "higher_is_worse"
    cutoff: float | None = None
    reliable_change: float | None = None


@dataclass(frozen=True)
class EpisodeSeries:
    """Everything measured in one episode, as plain values.

    ``scores``: instrument id -> [(session number, total score)]; ``meta``: instrument id ->
    :class:`InstrumentMeta` (symptom measures without a reliable-change figure are skipped);
    ``primary``: the instrument used for not-on-track and graduation (PHQ-9 by default);
    ``partnership_client`` / ``partnership_therapist``: session -> {item id: answer 0-10} for the
    client's partnership scale and the therapist's mirror (same item ids); ``growth`` /
    ``reliance``: [(session, mean 0-4)]; ``practice_log``: entries of the practice log;
    ``as_of``: the day engagement is judged on (today; the latest log day when None).
    """

    scores: Mapping[str, Sequence[tuple[int, float]]] = field(default_factory=dict)
    meta: Mapping[str, InstrumentMeta] = field(default_factory=dict)
    primary: str = "phq9"
    partnership_client: Mapping[int, Mapping[str, float]] = field(default_factory=dict)
    partnership_therapist: Mapping[int, Mapping[str, float]] = field(default_factory=dict)
    growth: Sequence[tuple[int, float]] = ()
    reliance: Sequence[tuple[int, float]] = ()
    practice_log: Sequence[rel.PracticeEntry] = ()
    as_of: date | None = None


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    priority: int
    sentence: str
    session: int | None = None


def _n(x: float) -> str:
    return f"{x:g}" if float(x).is_integer() else f"{x:.1f}"


def _alert(kind: AlertKind, sentence: str, session: int | None) -> Alert:
    return Alert(kind, PRIORITY[kind], sentence, session)


# What not-on-track said for one episode's primary measure: (flagged, rule, reason, session).
TrackRow = tuple[bool, str, str, int]


def episode_alerts(
    series: EpisodeSeries,
    bands: Bands | None = None,
    rules: rel.RelationshipRules = rel.DEFAULT_RULES,
) -> list[Alert]:
    """All current alerts for the episode, most urgent first (``rules``: the relationship
    thresholds, Tandem's defaults unless a practice passes its own)."""
    return _alerts(series, bands, _track_rows({0: series}, bands).get(0), rules)


def many_episode_alerts(
    series: Mapping[int, EpisodeSeries],
    bands: Bands | None = None,
    rules: rel.RelationshipRules = rel.DEFAULT_RULES,
) -> dict[int, list[Alert]]:
    """The same as :func:`episode_alerts` for many episodes, with one vectorised not-on-track
    pass for all of them (a caseload of 150 costs about what one episode does)."""
    rows = _track_rows(series, bands)
    return {key: _alerts(one, bands, rows.get(key), rules) for key, one in series.items()}


def _alerts(
    series: EpisodeSeries,
    bands: Bands | None,
    track: TrackRow | None,
    rules: rel.RelationshipRules,
) -> list[Alert]:
    alerts: list[Alert] = []
    alerts += _symptom_alerts(series, track)
    alerts += _relationship_alerts(series, rules)
    alerts += _growth_alerts(series, rules)
    return sorted(alerts, key=lambda a: (a.priority, a.kind, a.session or 0))


def _track_rows(series: Mapping[int, EpisodeSeries], bands: Bands | None) -> dict[int, TrackRow]:
    """Not-on-track for every episode's primary measure, one call per kind of primary measure."""
    import pandas as pd  # type: ignore[import-untyped]

    by_kind: dict[tuple[str, InstrumentMeta], list[tuple[int, int, float]]] = {}
    for key, one in series.items():
        meta = one.meta.get(one.primary)
        points = one.scores.get(one.primary, ())
        if meta is None or meta.reliable_change is None or len(points) < 2:
            continue
        rows = by_kind.setdefault((one.primary, meta), [])
        rows.extend((key, session, score) for session, score in points)
    out: dict[int, TrackRow] = {}
    for (primary, meta), rows in by_kind.items():
        assert meta.reliable_change is not None
        keys, sessions, scores = zip(*rows, strict=True)
        frame = pd.DataFrame({"episode_id": keys, "session": sessions, "score": scores})
        use_bands = bands if bands is not None and bands.instrument == primary else None
        table = not_on_track(
            frame,
            use_bands,
            instrument=None,
            label=meta.label,
            reliable_change=meta.reliable_change,
            direction=meta.direction,
        )
        for key, flagged, rule, reason, session in zip(
            table["episode_id"].tolist(),
            table["not_on_track"].tolist(),
            table["rule"].tolist(),
            table["reason"].tolist(),
            table["session"].tolist(),
            strict=True,
        ):
            out[int(key)] = (bool(flagged), str(rule), str(reason), int(session))
    return out


def _symptom_alerts(series: EpisodeSeries, track: TrackRow | None) -> list[Alert]:
    out: list[Alert] = []
    deteriorated_primary = False
    for instrument, points in series.scores.items():
        meta = series.meta.get(instrument)
        ordered = sorted(points)
        if meta is None or meta.reliable_change is None or len(ordered) < 2:
            continue
        (_, first), (session, last) = ordered[0], ordered[-1]
        worse = last - first if meta.direction == "higher_is_worse" else first - last
        # Reliable deterioration since intake (Jacobson & Truax, 1991; the instrument's
        # published reliable-change figure, e.g. PHQ-9 6 and GAD-7 4 in the NHS Talking
        # Therapies manual).
        if worse >= meta.reliable_change:
            word = "rise" if meta.direction == "higher_is_worse" else "fall"
            more = "more than" if worse > meta.reliable_change else "at least"
            out.append(
                _alert(
                    "deterioration",
                    f"{meta.label} went from {_n(first)} to {_n(last)} since intake: a {word} of "
                    f"{_n(worse)}, {more} the {_n(meta.reliable_change)} that counts as reliable",
                    session,
                )
            )
            deteriorated_primary |= instrument == series.primary
    if track is None or deteriorated_primary:
        return out
    flagged, rule, reason, session = track
    if flagged and rule != "deterioration":
        out.append(_alert("not_on_track", reason, session))
    return out


def _relationship_alerts(series: EpisodeSeries, rules: rel.RelationshipRules) -> list[Alert]:
    out: list[Alert] = []
    scores = rel.session_means(series.partnership_client)
    if scores:
        latest = scores[-1][0]
        found = rel.ruptures(scores, rules)
        if found:
            last = found[-1]
            if last.repaired_at is None:
                if last.level is not None:
                    why = (
                        f"fell to {_n(last.score)} from the client's recent level of "
                        f"{_n(last.level)}, a drop of {_n(last.level - last.score)} "
                        f"({_n(rules.rupture_drop)} or more counts as a rupture)"
                    )
                else:
                    why = f"was {_n(last.score)}, below the floor of {_n(rules.rupture_floor)}"
                out.append(
                    _alert(
                        "rupture",
                        f"The client's partnership score at session {last.session} {why}; "
                        "worth talking about together",
                        last.session,
                    )
                )
            elif last.repaired_at == latest:
                back = dict(scores)[latest]
                out.append(
                    _alert(
                        "repair",
                        f"The partnership score is back to {_n(back)} at session {latest} after "
                        f"falling to {_n(last.score)} at session {last.session}: the rupture "
                        "looks repaired",
                        latest,
                    )
                )
    persistent = rel.persistent_gap(
        rel.gaps(series.partnership_client, series.partnership_therapist), rules
    )
    if persistent:
        higher = "higher" if persistent[-1].gap > 0 else "lower"
        sizes = ", ".join(_n(abs(g.gap)) for g in persistent)
        out.append(
            _alert(
                "gap",
                f"At the last {len(persistent)} sessions the therapist rated the partnership "
                f"{higher} than the client did, by {sizes} points on 0-10 (a gap of "
                f"{_n(rules.gap_points)} or more each time): something to talk about, not a verdict",
                persistent[-1].session,
            )
        )
    if series.practice_log:
        as_of = series.as_of or max(e.day for e in series.practice_log)
        found_engagement = rel.engagement(series.practice_log, as_of, rules)
        if found_engagement is not None and found_engagement.low:
            out.append(
                _alert(
                    "low_engagement",
                    f"Practice logged {_n(found_engagement.recent_per_week)} times a week over the "
                    f"last {rules.engagement_window_weeks} weeks, fewer than "
                    f"{_n(rules.low_engagement_per_week)} a week",
                    None,
                )
            )
    return out


def _growth_alerts(series: EpisodeSeries, rules: rel.RelationshipRules) -> list[Alert]:
    out: list[Alert] = []
    rise = rel.reliance_rising(series.reliance, rules)
    reliance = sorted(series.reliance)
    meta = series.meta.get(series.primary)
    symptoms = sorted(series.scores.get(series.primary, ()))
    if rise is not None:
        window = reliance[-rules.trend_window :]
        start, end = window[0][0], window[-1][0]
        same_span = [(s, v) for s, v in symptoms if s >= start]
        falling = False
        if meta is not None and len(same_span) >= 2:
            move = same_span[-1][1] - same_span[0][1]
            falling = move < 0 if meta.direction == "higher_is_worse" else move > 0
        if falling and meta is not None:
            out.append(
                _alert(
                    "feeling_better_not_getting_better",
                    f"{meta.label} fell from {_n(same_span[0][1])} to {_n(same_span[-1][1])} "
                    f"between sessions {same_span[0][0]} and {same_span[-1][0]}, while reliance "
                    f"rose by {_n(rise)} (0-4): feeling better may not yet be getting better",
                    end,
                )
            )
        else:
            out.append(
                _alert(
                    "reliance_rising",
                    f"Reliance rose by {_n(rise)} on 0-4 between sessions {start} and {end} "
                    f"({_n(rules.reliance_rise)} or more counts as rising)",
                    end,
                )
            )
    if (
        meta is not None
        and meta.cutoff is not None
        and meta.reliable_change is not None
        and len(symptoms) >= 2
    ):
        first, last = symptoms[0][1], symptoms[-1][1]
        better = first - last if meta.direction == "higher_is_worse" else last - first
        if (
            not is_clinical(last, meta.cutoff, meta.direction)
            and better >= meta.reliable_change
            and rel.ready_to_graduate_checks(series.growth, series.reliance, rules)
        ):
            g = sorted(series.growth)[-rules.ready_checks :]
            r = reliance[-rules.ready_checks :]
            out.append(
                _alert(
                    "ready_to_graduate",
                    f"{meta.label} is {_n(last)} (below the cutoff of {_n(meta.cutoff)}), down "
                    f"{_n(better)} since intake; growth was {' and '.join(_n(v) for _, v in g)} "
                    f"and reliance {' and '.join(_n(v) for _, v in r)} at the last {len(r)} checks: "
                    "worth talking about a planned ending",
                    symptoms[-1][0],
                )
            )
    return out

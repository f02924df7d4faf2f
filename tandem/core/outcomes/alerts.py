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
from decimal import Decimal
from typing import Literal

from tandem.core.outcomes import relationship as rel
from tandem.core.outcomes.bands import Bands, deterioration_said, not_on_track
from tandem.core.outcomes.change import Direction, is_clinical
from tandem.core.words import Listed, Said, Value, Words, gettext_noop, ngettext

AlertKind = Literal[
    "risk_item_blank",
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
ALERT_KINDS: tuple[str, ...] = AlertKind.__args__  # type: ignore[attr-defined]

# Lower = more urgent: safety and harm first, then the relationship, then patterns to discuss,
# then news.
PRIORITY: dict[str, int] = {
    "risk_item_blank": 1,
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

# A paused episode (therapy on hold, e.g. the client is away or in hospital) keeps only the
# prompts about safety and harm: a risk question left blank, and a reliable deterioration (both
# priority 1 above). Both can still arrive while paused (a client may answer a questionnaire from
# the portal) and both ask for contact now, whatever the plan. The rest are nudges about the
# course of therapy and are held until it resumes: not on track and ready to graduate compare
# the course with an expected course of sessions, which a pause interrupts; a gap between
# sessions and low engagement are what a pause is; ruptures, repairs, the rater gap, reliance
# and "feeling better" are for the next session, and there is none until it resumes. Tandem's
# own reasoned rule (docs/outcomes.md, "Paused episodes"), not a published one. Risk alerts
# raised from risk answers (tandem.safety) are separate and are never held.
PAUSED_KINDS: frozenset[str] = frozenset({"risk_item_blank", "deterioration"})


# Alerts that rest on a measure's caseness or reliable-change threshold.
THRESHOLD_KINDS: frozenset[str] = frozenset(
    {"not_on_track", "deterioration", "ready_to_graduate", "feeling_better_not_getting_better"}
)


def note_unverified(found: Sequence[Alert]) -> list[Alert]:
    """An alert that rests on a threshold not yet checked against the NHS text (an
    anxiety-disorder-specific measure's, :func:`.nhs_measures.unverified_thresholds`) says so
    at the end of its sentence (issue 15.1)."""
    from dataclasses import replace

    from tandem.core.outcomes.nhs_measures import MEASURES

    out = []
    for alert in found:
        measure = MEASURES.get(alert.measure or "")
        if alert.kind in THRESHOLD_KINDS and measure is not None and not measure.verified:
            alert = replace(
                alert,
                said=Said(
                    gettext_noop(
                        "{sentence} (the {measure}'s NHS thresholds are not yet checked against "
                        "the published text)"
                    ),
                    {"sentence": alert.said, "measure": measure.label},
                ),
            )
        out.append(alert)
    return out


def while_paused(found: Sequence[Alert]) -> list[Alert]:
    """The alerts a paused episode shows: the safety prompts only (:data:`PAUSED_KINDS`)."""
    return [a for a in found if a.kind in PAUSED_KINDS]


# Ready to graduate needs no risk answer (and no risk question left blank) at the last four
# sessions. Tandem's own choice, not a published figure: the PHQ-9's risk question asks about
# the last two weeks, so with weekly sessions four sessions are two back-to-back recall periods
# (about a month) without thoughts of self-harm, rather than one good fortnight.
RISK_CLEAR_SESSIONS = 4


@dataclass(frozen=True)
class InstrumentMeta:
    """What the alerts need to know about an instrument (from its instrument file)."""

    label: str
    direction: Direction = "higher_is_worse"
    cutoff: float | None = None
    reliable_change: float | None = None


@dataclass(frozen=True)
class BlankRiskItem:
    """A risk question (an item marked ``risk:`` in its instrument file) left unanswered.

    ``number``: the question's place in the questionnaire (1-based); ``topic``: a few words
    saying what it asks about ("thoughts of self-harm"), from the instrument file, with its
    translations when the file gives them (``Words``).
    """

    session: int
    instrument: str
    number: int
    topic: str | Words


@dataclass(frozen=True)
class EpisodeSeries:
    """Everything measured in one episode, as plain values.

    ``scores``: instrument id -> [(session number, total score)]; ``meta``: instrument id ->
    :class:`InstrumentMeta` (symptom measures without a reliable-change figure are skipped);
    ``primary``: the main symptom measure (PHQ-9 by default), whose reliable improvement
    graduation needs; ``measures``: the symptom measures in use, each judged for not-on-track
    (PHQ-9 and the paired anxiety measure; None: every scored measure with a reliable-change
    figure); ``partnership_client`` / ``partnership_therapist``: session -> {item id: answer
    0-10} for the client's partnership scale and the therapist's mirror (same item ids);
    ``growth`` / ``reliance``: [(session, mean 0-4)]; ``practice_log``: entries of the practice
    log; ``as_of``: the day engagement is judged on (today; the latest log day when None);
    ``risk_sessions``: sessions at which a risk question was answered at or above its risk
    threshold; ``blank_risk``: risk questions left blank.
    """

    scores: Mapping[str, Sequence[tuple[int, float]]] = field(default_factory=dict)
    meta: Mapping[str, InstrumentMeta] = field(default_factory=dict)
    primary: str = "phq9"
    measures: Sequence[str] | None = None
    partnership_client: Mapping[int, Mapping[str, float]] = field(default_factory=dict)
    partnership_therapist: Mapping[int, Mapping[str, float]] = field(default_factory=dict)
    growth: Sequence[tuple[int, float]] = ()
    reliance: Sequence[tuple[int, float]] = ()
    practice_log: Sequence[rel.PracticeEntry] = ()
    as_of: date | None = None
    risk_sessions: Sequence[int] = ()
    blank_risk: Sequence[BlankRiskItem] = ()

    def measures_in_use(self) -> list[str]:
        """The symptom measures judged for not-on-track: scored, with a reliable-change figure."""
        names = self.measures if self.measures is not None else sorted(self.scores)
        ordered = [self.primary, *[m for m in names if m != self.primary]]
        return [
            m
            for m in dict.fromkeys(ordered)
            if m in names
            and self.scores.get(m)
            and (meta := self.meta.get(m)) is not None
            and meta.reliable_change is not None
        ]

    def latest_session(self) -> int:
        """The most recent session anything was measured at (0 when nothing was)."""
        found = [s for points in self.scores.values() for s, _ in points]
        found += [s for s, _ in self.growth] + [s for s, _ in self.reliance]
        found += list(self.partnership_client) + list(self.risk_sessions)
        found += [b.session for b in self.blank_risk]
        return max(found, default=0)


@dataclass(frozen=True)
class Alert:
    kind: AlertKind
    priority: int
    # What the alert says, translatable (tandem.core.words); :attr:`sentence` is its English.
    said: Said
    session: int | None = None
    measure: str | None = None  # the instrument id the alert is about, where there is one

    @property
    def sentence(self) -> str:
        """The alert in English, as the JSON API, the command line and the replay give it."""
        return str(self.said)


def _n(x: float) -> Decimal:
    """A figure as the alerts show it: whole numbers as they are, others to one decimal."""
    return Decimal(f"{x:g}" if float(x).is_integer() else f"{x:.1f}")


def _alert(kind: AlertKind, said: Said, session: int | None, measure: str | None = None) -> Alert:
    return Alert(kind, PRIORITY[kind], said, session, measure)


# What not-on-track said for one measure: (flagged, rule, reason, session).
TrackRow = tuple[bool, str, Said, int]
BandsArg = Bands | Mapping[str, Bands] | None


def _bands_by_instrument(bands: BandsArg) -> dict[str, Bands]:
    if bands is None:
        return {}
    if isinstance(bands, Bands):
        return {bands.instrument: bands}
    return dict(bands)


def episode_alerts(
    series: EpisodeSeries,
    bands: BandsArg = None,
    rules: rel.RelationshipRules = rel.DEFAULT_RULES,
) -> list[Alert]:
    """All current alerts for the episode, most urgent first (``bands``: learned bands, one set
    or one per instrument id; ``rules``: the relationship thresholds, Tandem's defaults unless a
    practice passes its own)."""
    return many_episode_alerts({0: series}, bands, rules)[0]


def many_episode_alerts(
    series: Mapping[int, EpisodeSeries],
    bands: BandsArg = None,
    rules: rel.RelationshipRules = rel.DEFAULT_RULES,
) -> dict[int, list[Alert]]:
    """The same as :func:`episode_alerts` for many episodes, with one vectorised not-on-track
    pass per measure for all of them (a caseload of 150 costs about what one episode does)."""
    rows = _track_rows(series, _bands_by_instrument(bands))
    return {key: _alerts(one, rows.get(key, {}), rules) for key, one in series.items()}


def _alerts(
    series: EpisodeSeries,
    track: Mapping[str, TrackRow],
    rules: rel.RelationshipRules,
) -> list[Alert]:
    alerts: list[Alert] = []
    alerts += _risk_alerts(series)
    alerts += _symptom_alerts(series, track)
    alerts += _relationship_alerts(series, rules)
    alerts += _growth_alerts(series, rules)
    return sorted(alerts, key=lambda a: (a.priority, a.kind, a.session or 0, a.measure or ""))


def _track_rows(
    series: Mapping[int, EpisodeSeries], bands: Mapping[str, Bands]
) -> dict[int, dict[str, TrackRow]]:
    """Not-on-track for every episode's measures in use, one call per measure."""
    import pandas as pd  # type: ignore[import-untyped]

    by_kind: dict[tuple[str, InstrumentMeta], list[tuple[int, int, float]]] = {}
    for key, one in series.items():
        for instrument in one.measures_in_use():
            meta = one.meta[instrument]
            points = one.scores.get(instrument, ())
            if len(points) < 2:
                continue
            rows = by_kind.setdefault((instrument, meta), [])
            rows.extend((key, session, score) for session, score in points)
    out: dict[int, dict[str, TrackRow]] = {}
    for (instrument, meta), rows in by_kind.items():
        assert meta.reliable_change is not None
        keys, sessions, scores = zip(*rows, strict=True)
        frame = pd.DataFrame({"episode_id": keys, "session": sessions, "score": scores})
        table = not_on_track(
            frame,
            bands.get(instrument),
            instrument=None,
            label=meta.label,
            reliable_change=meta.reliable_change,
            direction=meta.direction,
            cutoff=meta.cutoff,
        )
        for key, flagged, rule, reason, session in zip(
            table["episode_id"].tolist(),
            table["not_on_track"].tolist(),
            table["rule"].tolist(),
            table["said"].tolist(),
            table["session"].tolist(),
            strict=True,
        ):
            out.setdefault(int(key), {})[instrument] = (
                bool(flagged),
                str(rule),
                reason,
                int(session),
            )
    return out


def _risk_alerts(series: EpisodeSeries) -> list[Alert]:
    """A risk question left blank is never silent, until a later answer to it is given.

    The score itself stays right (the instrument's prorating rule fills the gap for the total),
    but a blank risk question says nothing about safety, so the therapist is asked to ask.
    """
    out: list[Alert] = []
    blank = {(b.instrument, b.number, b.session) for b in series.blank_risk}
    for item in series.blank_risk:
        later = [s for s, _ in series.scores.get(item.instrument, ()) if s > item.session]
        if any((item.instrument, item.number, s) not in blank for s in later):
            continue  # answered at a later session
        meta = series.meta.get(item.instrument)
        label = meta.label if meta is not None else item.instrument
        out.append(
            _alert(
                "risk_item_blank",
                Said(
                    gettext_noop(
                        "{label} question {number} ({topic}) was left blank at session "
                        "{session}: ask about safety"
                    ),
                    {
                        "label": label,
                        "number": item.number,
                        # the instrument file's words (data, like the label), in the
                        # reader's language when the file has it
                        "topic": item.topic,
                        "session": item.session,
                    },
                ),
                item.session,
                item.instrument,
            )
        )
    return out


def _worsening(meta: InstrumentMeta, first: float, last: float) -> float:
    return last - first if meta.direction == "higher_is_worse" else first - last


def _symptom_alerts(series: EpisodeSeries, track: Mapping[str, TrackRow]) -> list[Alert]:
    out: list[Alert] = []
    deteriorated: set[str] = set()
    for instrument, points in series.scores.items():
        meta = series.meta.get(instrument)
        ordered = sorted(points)
        if meta is None or meta.reliable_change is None or len(ordered) < 2:
            continue
        (_, first), (session, last) = ordered[0], ordered[-1]
        worse = _worsening(meta, first, last)
        # Reliable deterioration since intake (Jacobson & Truax, 1991; the instrument's
        # published reliable-change figure, e.g. PHQ-9 6 and GAD-7 4 in the NHS Talking
        # Therapies manual).
        if worse >= meta.reliable_change:
            out.append(
                _alert(
                    "deterioration",
                    deterioration_said(
                        meta.label,
                        _n(first),
                        _n(last),
                        _n(worse),
                        _n(meta.reliable_change),
                        meta.direction,
                        beyond=worse > meta.reliable_change,
                    ),
                    session,
                    instrument,
                )
            )
            deteriorated.add(instrument)
    for instrument in series.measures_in_use():
        row = track.get(instrument)
        if row is None or instrument in deteriorated:
            continue
        flagged, rule, reason, session = row
        if flagged and rule != "deterioration":
            out.append(_alert("not_on_track", reason, session, instrument))
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
                    said = Said(
                        gettext_noop(
                            "The client's partnership score at session {session} fell to "
                            "{score} from the client's recent level of {level}, a drop of "
                            "{drop} ({rule} or more counts as a rupture); worth talking about "
                            "together"
                        ),
                        {
                            "session": last.session,
                            "score": _n(last.score),
                            "level": _n(last.level),
                            "drop": _n(last.level - last.score),
                            "rule": _n(rules.rupture_drop),
                        },
                    )
                else:
                    said = Said(
                        gettext_noop(
                            "The client's partnership score at session {session} was {score}, "
                            "below the floor of {floor}; worth talking about together"
                        ),
                        {
                            "session": last.session,
                            "score": _n(last.score),
                            "floor": _n(rules.rupture_floor),
                        },
                    )
                out.append(_alert("rupture", said, last.session))
            elif last.repaired_at == latest:
                back = dict(scores)[latest]
                out.append(
                    _alert(
                        "repair",
                        Said(
                            gettext_noop(
                                "The partnership score is back to {back} at session {latest} "
                                "after falling to {score} at session {session}: the rupture "
                                "looks repaired"
                            ),
                            {
                                "back": _n(back),
                                "latest": latest,
                                "score": _n(last.score),
                                "session": last.session,
                            },
                        ),
                        latest,
                    )
                )
    persistent = rel.persistent_gap(
        rel.gaps(series.partnership_client, series.partnership_therapist), rules
    )
    if persistent:
        if persistent[-1].gap > 0:
            one, many = ngettext(
                "At the last {count} session the therapist rated the partnership higher than "
                "the client did, by {sizes} points on 0-10 (a gap of {rule} or more each time): "
                "something to talk about, not a verdict",
                "At the last {count} sessions the therapist rated the partnership higher than "
                "the client did, by {sizes} points on 0-10 (a gap of {rule} or more each time): "
                "something to talk about, not a verdict",
            )
        else:
            one, many = ngettext(
                "At the last {count} session the therapist rated the partnership lower than "
                "the client did, by {sizes} points on 0-10 (a gap of {rule} or more each time): "
                "something to talk about, not a verdict",
                "At the last {count} sessions the therapist rated the partnership lower than "
                "the client did, by {sizes} points on 0-10 (a gap of {rule} or more each time): "
                "something to talk about, not a verdict",
            )
        out.append(
            _alert(
                "gap",
                Said(
                    one,
                    {
                        "count": len(persistent),
                        "sizes": Listed(tuple(_n(abs(g.gap)) for g in persistent), "comma"),
                        "rule": _n(rules.gap_points),
                    },
                    plural=(many, "count"),
                ),
                persistent[-1].session,
            )
        )
    if series.practice_log:
        as_of = series.as_of or max(e.day for e in series.practice_log)
        found_engagement = rel.engagement(series.practice_log, as_of, rules)
        if found_engagement is not None and found_engagement.low:
            one, many = ngettext(
                "Practice logged {times} times a week over the last {count} week, fewer than "
                "{rule} a week",
                "Practice logged {times} times a week over the last {count} weeks, fewer than "
                "{rule} a week",
            )
            out.append(
                _alert(
                    "low_engagement",
                    Said(
                        one,
                        {
                            "times": _n(found_engagement.recent_per_week),
                            "count": rules.engagement_window_weeks,
                            "rule": _n(rules.low_engagement_per_week),
                        },
                        plural=(many, "count"),
                    ),
                    None,
                )
            )
    return out


def _reliable_improvement(series: EpisodeSeries, instrument: str) -> tuple[float, float] | None:
    """(intake, latest) when the measure improved reliably since intake, else None."""
    meta = series.meta.get(instrument)
    points = sorted(series.scores.get(instrument, ()))
    if meta is None or meta.reliable_change is None or len(points) < 2:
        return None
    first, last = points[0][1], points[-1][1]
    # Reliable improvement: at least the instrument's published reliable-change figure
    # (Jacobson & Truax, 1991; PHQ-9 6, GAD-7 4, NHS Talking Therapies manual).
    return (first, last) if -_worsening(meta, first, last) >= meta.reliable_change else None


def _growth_alerts(series: EpisodeSeries, rules: rel.RelationshipRules) -> list[Alert]:
    out: list[Alert] = []
    rise = rel.reliance_rising(series.reliance, rules)
    reliance = sorted(series.reliance)
    if rise is not None:
        window = reliance[-rules.trend_window :]
        start, end = window[0][0], window[-1][0]
        # "Feeling better" must be more than measurement error: a reliable fall since intake on
        # a measure in use, not any fall (PHQ-9 15 -> 14 is noise, and says nothing).
        better = next(
            (
                (m, found)
                for m in series.measures_in_use()
                if (found := _reliable_improvement(series, m)) is not None
            ),
            None,
        )
        if better is not None:
            instrument, (first, last) = better
            meta = series.meta[instrument]
            assert meta.reliable_change is not None
            out.append(
                _alert(
                    "feeling_better_not_getting_better",
                    Said(
                        gettext_noop(
                            "{label} fell from {first} to {last} since intake, a reliable fall "
                            "({rule} or more), while reliance rose by {rise} (0-4) between "
                            "sessions {start} and {end}: feeling better may not yet be getting "
                            "better"
                        ),
                        {
                            "label": meta.label,
                            "first": _n(first),
                            "last": _n(last),
                            "rule": _n(meta.reliable_change),
                            "rise": _n(rise),
                            "start": start,
                            "end": end,
                        },
                    ),
                    end,
                    instrument,
                )
            )
        else:
            out.append(
                _alert(
                    "reliance_rising",
                    Said(
                        gettext_noop(
                            "Reliance rose by {rise} on 0-4 between sessions {start} and {end} "
                            "({rule} or more counts as rising)"
                        ),
                        {
                            "rise": _n(rise),
                            "start": start,
                            "end": end,
                            "rule": _n(rules.reliance_rise),
                        },
                    ),
                    end,
                )
            )
    ready = _ready_to_graduate(series, rules)
    if ready is not None:
        out.append(ready)
    return out


def _ready_to_graduate(series: EpisodeSeries, rules: rel.RelationshipRules) -> Alert | None:
    """A planned ending is worth talking about only when every sign agrees.

    The primary measure reliably improved since intake and below its cutoff; every measure
    in use below its cutoff (caseness, NHS Talking Therapies manual; cutoffs inclusive) and none
    reliably deteriorated; no risk answer and no blank risk question at the last
    :data:`RISK_CLEAR_SESSIONS` sessions; growth high and reliance low at the latest checks.
    """
    meta = series.meta.get(series.primary)
    improved = _reliable_improvement(series, series.primary)
    if meta is None or meta.cutoff is None or improved is None:
        return None
    first, last = improved
    below: list[Value] = []
    for instrument, points in sorted(series.scores.items()):
        other = series.meta.get(instrument)
        ordered = sorted(points)
        if other is None or not ordered:
            continue
        latest = ordered[-1][1]
        if other.cutoff is not None:
            if is_clinical(latest, other.cutoff, other.direction):
                return None
            if instrument != series.primary:
                below.append(
                    Said(
                        gettext_noop("{label} is {score} (below {cutoff})"),
                        {"label": other.label, "score": _n(latest), "cutoff": _n(other.cutoff)},
                    )
                )
        if (
            other.reliable_change is not None
            and len(ordered) >= 2
            and _worsening(other, ordered[0][1], latest) >= other.reliable_change
        ):
            return None
    recent_from = series.latest_session() - RISK_CLEAR_SESSIONS + 1
    if any(s >= recent_from for s in series.risk_sessions) or any(
        b.session >= recent_from for b in series.blank_risk
    ):
        return None
    if not rel.ready_to_graduate_checks(series.growth, series.reliance, rules):
        return None
    g = sorted(series.growth)[-rules.ready_checks :]
    r = sorted(series.reliance)[-rules.ready_checks :]
    values: dict[str, Value] = {
        "label": meta.label,
        "score": _n(last),
        "cutoff": _n(meta.cutoff),
        "down": _n(-_worsening(meta, first, last)),
        "others": Listed(tuple(below), "semicolon"),
        "risk_sessions": RISK_CLEAR_SESSIONS,
        "growth": Listed(tuple(_n(v) for _, v in g)),
        "reliance": Listed(tuple(_n(v) for _, v in r)),
        "count": len(r),
    }
    # Two counts change the words: the risk sessions are a fixed 4 (plural in every language
    # Tandem has), the checks a practice's own number (ngettext on it).
    if below:
        one, many = ngettext(
            "{label} is {score} (below the cutoff of {cutoff}), down {down} since intake; "
            "{others}; no risk answer at the last {risk_sessions} sessions; growth was {growth} "
            "and reliance {reliance} at the last {count} check: worth talking about a planned "
            "ending",
            "{label} is {score} (below the cutoff of {cutoff}), down {down} since intake; "
            "{others}; no risk answer at the last {risk_sessions} sessions; growth was {growth} "
            "and reliance {reliance} at the last {count} checks: worth talking about a planned "
            "ending",
        )
    else:
        del values["others"]
        one, many = ngettext(
            "{label} is {score} (below the cutoff of {cutoff}), down {down} since intake; "
            "no risk answer at the last {risk_sessions} sessions; growth was {growth} and "
            "reliance {reliance} at the last {count} check: worth talking about a planned ending",
            "{label} is {score} (below the cutoff of {cutoff}), down {down} since intake; "
            "no risk answer at the last {risk_sessions} sessions; growth was {growth} and "
            "reliance {reliance} at the last {count} checks: worth talking about a planned ending",
        )
    return _alert(
        "ready_to_graduate",
        Said(one, values, plural=(many, "count")),
        sorted(series.scores[series.primary])[-1][0],
        series.primary,
    )

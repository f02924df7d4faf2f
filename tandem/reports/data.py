"""Plain data for the dashboards: scores from the database, judged by the clinical core.

Nothing here decides a clinical rule: reliable change, expected bands, not-on-track, ruptures,
gaps and engagement all come from ``tandem.core.outcomes``; the alerts and the practice's learned
bands come through ``tandem.measures.analytics``, the same as the caseload's. This module only
fetches the scores a viewer may see (private answers only for who gave them) and shapes them for
the core and for the charts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Q
from django.utils import timezone

from tandem.accounts.models import User
from tandem.care.models import Episode
from tandem.core.outcomes import alerts, relationship
from tandem.core.outcomes.change import classify
from tandem.measures import analytics, registry
from tandem.measures.models import Response
from tandem.reports import charts

OUTCOMES = ("phq9", "gad7")


@dataclass
class Point:
    session: int
    date: date | None
    total: float
    severity: str = ""


@dataclass
class EpisodeData:
    """Every score of one episode that the viewer may see, by instrument and side."""

    episode: Episode
    series: dict[str, list[Point]] = field(default_factory=dict)  # instrument -> points
    answers: dict[str, dict[int, dict[str, float]]] = field(default_factory=dict)
    log: list[relationship.PracticeEntry] = field(default_factory=list)

    def points(self, instrument_id: str) -> list[tuple[int, float]]:
        return [(p.session, p.total) for p in self.series.get(instrument_id, [])]


def episode_data(viewer: User, episode: Episode, own_only: bool = False) -> EpisodeData:
    """One query: the episode's scored responses, private ones only for their respondent.

    ``own_only``: only what the viewer answered (a client sees their own side, not the
    therapist's, as ``tandem.policy.can_view_response`` says).
    """
    return episodes_data(viewer, [episode], own_only)[episode.pk]


def episodes_data(
    viewer: User, episodes: list[Episode], own_only: bool = False
) -> dict[int, EpisodeData]:
    """One query for any number of episodes (the caseload asks for all of them at once)."""
    out = {e.pk: EpisodeData(e) for e in episodes}
    visible = (
        Q(respondent_id=viewer.pk) if own_only else Q(private=False) | Q(respondent_id=viewer.pk)
    )
    rows = (
        Response.objects.filter(episode__in=list(out), total__isnull=False)
        .filter(visible)
        .order_by("episode_id", "session__number", "submitted_at")
        .values_list(
            "episode_id",
            "instrument_id",
            "session__number",
            "session__date",
            "total",
            "answers",
            "log_date",
            "severity",
        )
    )
    for episode_id, instrument_id, number, day, total, answers, log_date, severity in rows:
        data = out[episode_id]
        if instrument_id == registry.PRACTICE_LOG:
            when = log_date or day
            if when is not None:
                data.log.append(
                    relationship.PracticeEntry(
                        when, bool((answers or {}).get("practised")), float(total)
                    )
                )
            continue
        if number is None:
            continue
        data.series.setdefault(instrument_id, []).append(Point(number, day, float(total), severity))
        numeric = {
            k: float(v)
            for k, v in (answers or {}).items()
            if isinstance(v, int | float) and not isinstance(v, bool)
        }
        data.answers.setdefault(instrument_id, {})[number] = numeric
    return out


@dataclass
class OutcomeFacts:
    """One outcome measure over an episode, with what the core says about it."""

    instrument_id: str
    label: str
    points: list[tuple[int, float]]
    low: float
    high: float
    direction: str
    cutoff: float | None
    reliable_change: float | None
    severities: list[str] = field(default_factory=list)  # the instrument's words, per point
    band: list[Any] = field(default_factory=list)  # BandCell per session, where learned
    band_group: str = ""
    changes: list[tuple[int, float, str]] = field(default_factory=list)  # session, score, category

    @property
    def intake(self) -> float | None:
        return self.points[0][1] if self.points else None

    @property
    def latest(self) -> float | None:
        return self.points[-1][1] if self.points else None

    @property
    def latest_category(self) -> str:
        return self.changes[-1][2] if self.changes else "no_change"

    @property
    def above_cutoff_now(self) -> bool | None:
        if self.cutoff is None or self.latest is None:
            return None
        return self.latest >= self.cutoff


def outcome_facts(data: EpisodeData, instrument_id: str) -> OutcomeFacts | None:
    instrument = registry.get(instrument_id)
    points = data.points(instrument_id)
    if instrument is None or not points:
        return None
    rng = instrument.range
    facts = OutcomeFacts(
        instrument_id=instrument_id,
        label=instrument.short_title,
        points=points,
        low=float(rng.min) if rng else 0.0,
        high=float(rng.max) if rng else max(v for _, v in points),
        direction=instrument.direction or "higher_is_worse",
        cutoff=instrument.cutoff,
        reliable_change=instrument.reliable_change,
        severities=[p.severity for p in data.series.get(instrument_id, [])],
    )
    intake = points[0][1]
    if facts.reliable_change is not None:
        for session, value in points[1:]:
            result = classify(
                intake,
                value,
                facts.reliable_change,
                facts.cutoff,
                facts.direction,  # type: ignore[arg-type]
            )
            facts.changes.append((session, value, result.category))
    learned = analytics.practice_bands(data.episode.client.practice_id, instrument_id)
    if learned is not None:
        last = max(points[-1][0] + 2, 8)
        for session in range(1, last + 1):
            cell = learned.cell(intake, session)
            if cell is not None and cell.session == session:
                facts.band.append(cell)
        facts.band_group = facts.band[0].group if facts.band else ""
    return facts


@dataclass
class PartnershipFacts:
    client: list[tuple[int, float]]
    therapist: list[tuple[int, float]]
    ruptures: list[relationship.Rupture]
    gaps: list[relationship.Gap]
    persistent_gap: list[relationship.Gap] | None

    @property
    def latest_dip(self) -> relationship.Rupture | None:
        """A rupture at the client's most recent rating, not yet repaired."""
        if not self.ruptures or not self.client:
            return None
        last = self.ruptures[-1]
        return last if last.session == self.client[-1][0] and last.repaired_at is None else None


def partnership_facts(data: EpisodeData) -> PartnershipFacts | None:
    client = data.points(registry.SESSION_SCALE)
    therapist = data.points(registry.MIRROR_SCALE)
    if not client and not therapist:
        return None
    all_gaps = relationship.gaps(
        data.answers.get(registry.SESSION_SCALE, {}), data.answers.get(registry.MIRROR_SCALE, {})
    )
    return PartnershipFacts(
        client=client,
        therapist=therapist,
        ruptures=relationship.ruptures(client),
        gaps=all_gaps,
        persistent_gap=relationship.persistent_gap(all_gaps),
    )


@dataclass
class GrowthFacts:
    growth: list[tuple[int, float]]
    reliance: list[tuple[int, float]]
    reliance_rise: float | None
    ready: bool


def growth_facts(data: EpisodeData) -> GrowthFacts | None:
    growth, reliance = data.points("growth"), data.points("reliance")
    if not growth and not reliance:
        return None
    return GrowthFacts(
        growth,
        reliance,
        relationship.reliance_rising(reliance),
        relationship.ready_to_graduate_checks(growth, reliance),
    )


@dataclass
class EngagementFacts:
    weekly: list[tuple[int, float]]  # week number from the first entry, practised entries
    summary: relationship.Engagement


def engagement_facts(data: EpisodeData, as_of: date | None = None) -> EngagementFacts | None:
    as_of = as_of or timezone.localdate()
    summary = relationship.engagement(data.log, as_of)
    if summary is None:
        return None
    first = min(e.day for e in data.log)
    counts: dict[int, float] = defaultdict(float)
    for e in data.log:
        if e.practised:
            counts[(e.day - first).days // 7 + 1] += 1
    weeks = max(1, (as_of - first).days // 7 + 1)
    return EngagementFacts([(w, counts.get(w, 0.0)) for w in range(1, weeks + 1)], summary)


def fmt(value: float | None) -> str:
    """A score in words, with the reader's decimal separator (tandem.reports.charts.number)."""
    return charts.number(value)


def episode_alerts_for(data: EpisodeData) -> list[alerts.Alert]:
    """Every current alert of the episode, most urgent first: the same alerts as the caseload's
    (tandem.measures.analytics asks the core)."""
    return analytics.alerts_for_episodes([data.episode]).get(data.episode.pk, [])

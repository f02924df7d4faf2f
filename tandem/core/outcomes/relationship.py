"""The relationship: ruptures and repairs, the client-therapist gap, engagement, growth/reliance.

Tandem's session partnership scale and its therapist mirror, the growth and reliance scales and
the practice log are Tandem's own and have no published norms, cutoffs or reliable-change
figures yet (see their instrument files). **Every number in this module is therefore Tandem's
own provisional product choice, pending data**, not a published figure. Each is a field of
:class:`RelationshipRules`, with its reasoning next to it, so that a practice or a study can pass
its own values and recalibrate them once real data exist.

Only the *ideas* come from the literature:

* An alliance rupture is a deterioration in the collaboration between client and therapist, and
  its repair (resolution) is the work of restoring it: Safran, J. D. & Muran, J. C. (2000),
  *Negotiating the Therapeutic Alliance: A Relational Treatment Guide*, New York: Guilford
  Press; Eubanks, C. F., Muran, J. C. & Safran, J. D. (2018), "Alliance rupture repair: a
  meta-analysis", *Psychotherapy* 55(4), 508-519.
* Ruptures and repairs can be read from session-by-session alliance ratings as a fall below the
  client's own level that later recovers (a "V" in the series): Stiles, W. B., Glick, M. J.,
  Osatuke, K., Hardy, G. E., Shapiro, D. A., Agnew-Davies, R., Rees, A. & Barkham, M. (2004),
  "Patterns of alliance development and the rupture-repair hypothesis: are productive
  relationships U-shaped or V-shaped?", *Journal of Counseling Psychology* 51(1), 81-92. Their
  numerical criterion was set for their own alliance measure and they called it preliminary;
  Tandem does not reuse it.
* Client and therapist see the alliance differently: across 53 studies their ratings correlated
  only moderately (r = .36) and clients rated the alliance *higher* than their therapists did
  (d = .63): Tryon, G. S., Blackwell, S. C. & Hammel, E. F. (2007), "A meta-analytic
  examination of client-therapist perspectives of the working alliance", *Psychotherapy
  Research* 17(6), 629-642. So some gap is normal; Tandem flags only a large, persistent one,
  in either direction, and its sentence says which way it goes.
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, fields
from datetime import date, timedelta

import numpy as np


@dataclass(frozen=True)
class RelationshipRules:
    """Every threshold of this module: all are Tandem's own provisional choices (see above).

    Pass an instance to the functions below (``rules=``) to use other values; the defaults are
    :data:`DEFAULT_RULES`.
    """

    # Rupture: "recent level" is the median of the client's previous three partnership scores (a
    # median, so one unusual session does not move it; three, so it follows a relationship that
    # changes over weeks). At least two earlier sessions are needed to have a level at all.
    recent_window: int = 3
    min_history: int = 2
    # A "drop" is a fall of at least 2 points on the 0-10 mean: a fifth of the scale, more than
    # the half-point steps in which a 5-item mean moves when one or two answers change by one or
    # two.
    rupture_drop: float = 2.0
    # Below 5 on a 0-10 scale the client, on average, does not agree that the session worked: a
    # rupture whatever the client's own level.
    rupture_floor: float = 5.0
    # Repair: back to within half a point of the level the drop was measured from (half a point
    # allows for the rounding of a 5-item mean), however many sessions that takes: a rupture that
    # has healed late has still healed (issue 15), and an alert about it would be stale.
    repair_tolerance: float = 0.5
    # Gap: therapist's mean minus client's mean over the mirrored items (same item ids). A gap of
    # 1.5 points or more, in the same direction, at three consecutive jointly rated sessions is
    # "persistent": one or two sessions apart can be chance, three in a row is a pattern worth
    # talking about.
    gap_points: float = 1.5
    gap_sessions: int = 3
    # Trends: least-squares slope over the last four checks (at least three).
    trend_window: int = 4
    trend_min_points: int = 3
    # Reliance "rising": a fitted rise of half a point or more over that window on the 0-4 scale
    # (an eighth of the scale, i.e. two of five items up by one step).
    reliance_rise: float = 0.5
    # Readiness to graduate: growth "high" is a mean of 3 or more ("often" or more on 0-4),
    # reliance "low" a mean of 1 or less ("rarely" or less), on each of the two most recent
    # checks (two, so one good week is not enough).
    growth_high: float = 3.0
    reliance_low: float = 1.0
    ready_checks: int = 2
    # Engagement: practised entries per week over the last three weeks; "low" is fewer than one
    # a week on average once the plan has run for three weeks.
    engagement_window_weeks: int = 3
    low_engagement_per_week: float = 1.0

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
                raise ValueError(f"{f.name} must be a number of 0 or more, not {value!r}")
        counts = ("recent_window", "gap_sessions", "trend_window", "ready_checks")
        for name in counts:
            if not isinstance(getattr(self, name), int) or getattr(self, name) < 1:
                raise ValueError(f"{name} is a number of sessions and must be a whole number >= 1")
        if not 1 <= self.min_history <= self.recent_window:
            raise ValueError("min_history must be between 1 and recent_window")
        if not 2 <= self.trend_min_points <= self.trend_window:
            raise ValueError("a trend needs trend_min_points between 2 and trend_window")
        if self.rupture_floor > 10 or self.gap_points > 10 or self.reliance_rise > 4:
            raise ValueError("a threshold is beyond its scale (partnership 0-10, reliance 0-4)")
        if self.growth_high > 4 or self.reliance_low > 4:
            raise ValueError("growth_high and reliance_low are on the 0-4 scales")


DEFAULT_RULES = RelationshipRules()

# The defaults under the names other modules and tests have used.
RECENT_WINDOW = DEFAULT_RULES.recent_window
MIN_HISTORY = DEFAULT_RULES.min_history
RUPTURE_DROP = DEFAULT_RULES.rupture_drop
RUPTURE_FLOOR = DEFAULT_RULES.rupture_floor
REPAIR_TOLERANCE = DEFAULT_RULES.repair_tolerance
GAP_POINTS = DEFAULT_RULES.gap_points
GAP_SESSIONS = DEFAULT_RULES.gap_sessions
TREND_WINDOW = DEFAULT_RULES.trend_window
TREND_MIN_POINTS = DEFAULT_RULES.trend_min_points
RELIANCE_RISE = DEFAULT_RULES.reliance_rise
GROWTH_HIGH = DEFAULT_RULES.growth_high
RELIANCE_LOW = DEFAULT_RULES.reliance_low
READY_CHECKS = DEFAULT_RULES.ready_checks
ENGAGEMENT_WINDOW_WEEKS = DEFAULT_RULES.engagement_window_weeks
LOW_ENGAGEMENT_PER_WEEK = DEFAULT_RULES.low_engagement_per_week

Points = Sequence[tuple[int, float]]


def session_means(answers: Mapping[int, Mapping[str, float]]) -> list[tuple[int, float]]:
    """The partnership score per session: the mean of its answered items, in session order."""
    out = []
    for session in sorted(answers):
        values = [v for v in answers[session].values() if v is not None]
        if values:
            out.append((session, float(np.mean(values))))
    return out


@dataclass(frozen=True)
class Rupture:
    """A rupture at ``session``; ``level`` is None when only the floor rule applied."""

    session: int
    score: float
    level: float | None
    below_floor: bool
    repaired_at: int | None

    @property
    def drop(self) -> float | None:
        return None if self.level is None else self.level - self.score


def ruptures(scores: Points, rules: RelationshipRules = DEFAULT_RULES) -> list[Rupture]:
    """Every rupture in a client's partnership series (session, 0-10 mean), with its repair."""
    points = sorted(scores)
    found: list[Rupture] = []
    floor = rules.rupture_floor
    for i, (session, score) in enumerate(points):
        previous = [s for _, s in points[max(0, i - rules.recent_window) : i]]
        # statistics.median: the same value as numpy's for a handful of numbers, far cheaper.
        level = float(statistics.median(previous)) if len(previous) >= rules.min_history else None
        dropped = level is not None and level - score >= rules.rupture_drop
        below = score < floor
        if not (dropped or below):
            continue
        if found and (found[-1].repaired_at is None or found[-1].repaired_at > session):
            continue  # still inside the previous rupture, which has not healed yet
        target = (level if level is not None else floor) - rules.repair_tolerance
        repaired = next((s for s, v in points[i + 1 :] if v >= max(target, floor)), None)
        found.append(Rupture(session, score, level if dropped else None, below, repaired))
    return found


@dataclass(frozen=True)
class Gap:
    """Therapist minus client on the mirrored items at one session (positive: therapist higher)."""

    session: int
    gap: float
    items: dict[str, float]


def gaps(
    client: Mapping[int, Mapping[str, float]], therapist: Mapping[int, Mapping[str, float]]
) -> list[Gap]:
    """The gap at every session both rated, over the item ids both answered."""
    out = []
    for session in sorted(set(client) & set(therapist)):
        shared = sorted(
            k
            for k in set(client[session]) & set(therapist[session])
            if client[session][k] is not None and therapist[session][k] is not None
        )
        if not shared:
            continue
        items = {k: float(therapist[session][k]) - float(client[session][k]) for k in shared}
        out.append(Gap(session, float(np.mean(list(items.values()))), items))
    return out


def persistent_gap(
    all_gaps: Sequence[Gap], rules: RelationshipRules = DEFAULT_RULES
) -> list[Gap] | None:
    """The last ``gap_sessions`` gaps if they are all at least ``gap_points`` the same way."""
    recent = list(all_gaps)[-rules.gap_sessions :]
    if len(recent) < rules.gap_sessions:
        return None
    signs = {np.sign(g.gap) for g in recent}
    if len(signs) == 1 and all(abs(g.gap) >= rules.gap_points for g in recent):
        return recent
    return None


def slope(
    points: Points, window: int = TREND_WINDOW, min_points: int = TREND_MIN_POINTS
) -> float | None:
    """Least-squares change per session over the last ``window`` points (None if too few)."""
    recent = sorted(points)[-window:]
    if len(recent) < min_points:
        return None
    x = np.array([s for s, _ in recent], dtype=np.float64)
    y = np.array([v for _, v in recent], dtype=np.float64)
    if np.ptp(x) == 0:
        return None
    return float(np.polyfit(x, y, 1)[0])


def fitted_change(
    points: Points, window: int = TREND_WINDOW, min_points: int = TREND_MIN_POINTS
) -> float | None:
    """Slope times the span of sessions it covers: the fitted change over the window."""
    s = slope(points, window, min_points)
    if s is None:
        return None
    recent = sorted(points)[-window:]
    return s * (recent[-1][0] - recent[0][0])


def reliance_rising(reliance: Points, rules: RelationshipRules = DEFAULT_RULES) -> float | None:
    """The fitted rise when reliance is rising (see ``reliance_rise``), else None."""
    change = fitted_change(reliance, rules.trend_window, rules.trend_min_points)
    # a small tolerance so that a fitted rise of exactly the threshold counts despite rounding
    return change if change is not None and change >= rules.reliance_rise - 1e-9 else None


def ready_to_graduate_checks(
    growth: Points, reliance: Points, rules: RelationshipRules = DEFAULT_RULES
) -> bool:
    """Growth high and reliance low on each of the ``ready_checks`` most recent checks of both."""
    n = rules.ready_checks
    g = sorted(growth)[-n:]
    r = sorted(reliance)[-n:]
    if len(g) < n or len(r) < n:
        return False
    return all(v >= rules.growth_high for _, v in g) and all(v <= rules.reliance_low for _, v in r)


@dataclass(frozen=True)
class PracticeEntry:
    """One practice-log entry: the day, whether the client practised, how it went (0-10)."""

    day: date
    practised: bool
    how_it_went: float | None = None


@dataclass(frozen=True)
class Engagement:
    """Practised entries per week: overall, over the last three weeks, and the weekly trend."""

    weeks: int
    per_week: float
    recent_per_week: float
    trend_per_week: float | None
    mean_how_it_went: float | None
    low: bool


def engagement(
    entries: Sequence[PracticeEntry], as_of: date, rules: RelationshipRules = DEFAULT_RULES
) -> Engagement | None:
    """Engagement from the practice log, counted in 7-day weeks back from ``as_of``.

    None when there are no entries (no plan, or not started: nothing to judge).
    """
    if not entries:
        return None
    first = min(e.day for e in entries)
    weeks = max(1, (as_of - first).days // 7 + 1)
    counts = np.zeros(weeks, dtype=np.float64)  # index 0 = the week ending on as_of
    for e in entries:
        back = (as_of - e.day).days // 7
        if e.practised and 0 <= back < weeks:
            counts[back] += 1
    weekly = counts[::-1]  # oldest first
    recent = weekly[-rules.engagement_window_weeks :]
    trend = float(np.polyfit(np.arange(len(weekly)), weekly, 1)[0]) if len(weekly) >= 2 else None
    ratings = [e.how_it_went for e in entries if e.how_it_went is not None]
    full_window = as_of - first >= timedelta(weeks=rules.engagement_window_weeks)
    recent_rate = float(recent.mean())
    return Engagement(
        weeks=weeks,
        per_week=float(weekly.mean()),
        recent_per_week=recent_rate,
        trend_per_week=trend,
        mean_how_it_went=float(np.mean(ratings)) if ratings else None,
        low=full_window and recent_rate < rules.low_engagement_per_week,
    )

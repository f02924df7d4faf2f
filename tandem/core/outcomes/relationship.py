"""The relationship: ruptures and repairs, the client-therapist gap, engagement, growth/reliance.

Tandem's session partnership scale and its therapist mirror, the growth and reliance scales and
the practice log are Tandem's own and have no published norms, cutoffs or reliable-change
figures yet (see their instrument files). Every threshold in this module is therefore **Tandem's
own provisional choice, pending data**, set out and justified next to it so that a practice can
check and later recalibrate it. The *ideas* come from the literature: an alliance rupture is a
session-level deterioration in the working relationship and a repair is its resolution (Safran &
Muran, 2000; Eubanks, Muran & Safran, 2018); ruptures can be read from session-by-session alliance
ratings as a drop from the client's own level that later recovers (Stiles et al., 2004); therapist
and client views of the alliance differ, therapists usually rating it higher (Tryon, Blackwell &
Hammel, 2007).
"""

from __future__ import annotations

import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

# Rupture: "recent level" is the median of the client's previous three partnership scores (a
# median, so one unusual session does not move it; three, so it follows a relationship that
# changes over weeks). At least two earlier sessions are needed to have a level at all.
RECENT_WINDOW = 3
MIN_HISTORY = 2
# A "drop" is a fall of at least 2 points on the 0-10 mean: a fifth of the scale, more than the
# half-point steps in which a 5-item mean moves when one or two answers change by one or two.
RUPTURE_DROP = 2.0
# Below 5 on a 0-10 scale the client, on average, does not agree that the session worked: a
# rupture whatever the client's own level.
RUPTURE_FLOOR = 5.0
# Repair: back to within half a point of the level the drop was measured from, within two
# sessions (issue 4).
REPAIR_WITHIN = 2
REPAIR_TOLERANCE = 0.5
# Gap: therapist's mean minus client's mean over the mirrored items (same item ids). A gap of 1.5
# points or more, in the same direction, at three consecutive jointly rated sessions is
# "persistent": one or two sessions apart can be chance, three in a row is a pattern worth
# talking about.
GAP_POINTS = 1.5
GAP_SESSIONS = 3
# Trends: least-squares slope over the last four checks (at least three).
TREND_WINDOW = 4
TREND_MIN_POINTS = 3
# Reliance "rising": a fitted rise of half a point or more over that window on the 0-4 scale
# (an eighth of the scale, i.e. two of five items up by one step).
RELIANCE_RISE = 0.5
# Readiness to graduate: growth "high" is a mean of 3 or more ("often" or more on 0-4), reliance
# "low" a mean of 1 or less ("rarely" or less), on each of the two most recent checks.
GROWTH_HIGH = 3.0
RELIANCE_LOW = 1.0
READY_CHECKS = 2
# Engagement: practised entries per week over the last three weeks; "low" is fewer than one a
# week on average once the plan has run for three weeks.
ENGAGEMENT_WINDOW_WEEKS = 3
LOW_ENGAGEMENT_PER_WEEK = 1.0

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


def ruptures(scores: Points) -> list[Rupture]:
    """Every rupture in a client's partnership series (session, 0-10 mean), with its repair."""
    points = sorted(scores)
    found: list[Rupture] = []
    for i, (session, score) in enumerate(points):
        previous = [s for _, s in points[max(0, i - RECENT_WINDOW) : i]]
        # statistics.median: the same value as numpy's for a handful of numbers, far cheaper.
        level = float(statistics.median(previous)) if len(previous) >= MIN_HISTORY else None
        dropped = level is not None and level - score >= RUPTURE_DROP
        below = score < RUPTURE_FLOOR
        if not (dropped or below):
            continue
        if found and found[-1].repaired_at is None and found[-1].session >= session - REPAIR_WITHIN:
            continue  # still inside the previous rupture
        target = (level if level is not None else RUPTURE_FLOOR) - REPAIR_TOLERANCE
        repaired = next(
            (
                s
                for s, v in points[i + 1 :]
                if s - session <= REPAIR_WITHIN and v >= max(target, RUPTURE_FLOOR)
            ),
            None,
        )
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


def persistent_gap(all_gaps: Sequence[Gap]) -> list[Gap] | None:
    """The last ``GAP_SESSIONS`` gaps if they are all at least ``GAP_POINTS`` the same way."""
    recent = list(all_gaps)[-GAP_SESSIONS:]
    if len(recent) < GAP_SESSIONS:
        return None
    signs = {np.sign(g.gap) for g in recent}
    if len(signs) == 1 and all(abs(g.gap) >= GAP_POINTS for g in recent):
        return recent
    return None


def slope(points: Points, window: int = TREND_WINDOW) -> float | None:
    """Least-squares change per session over the last ``window`` points (None if too few)."""
    recent = sorted(points)[-window:]
    if len(recent) < TREND_MIN_POINTS:
        return None
    x = np.array([s for s, _ in recent], dtype=np.float64)
    y = np.array([v for _, v in recent], dtype=np.float64)
    if np.ptp(x) == 0:
        return None
    return float(np.polyfit(x, y, 1)[0])


def fitted_change(points: Points, window: int = TREND_WINDOW) -> float | None:
    """Slope times the span of sessions it covers: the fitted change over the window."""
    s = slope(points, window)
    if s is None:
        return None
    recent = sorted(points)[-window:]
    return s * (recent[-1][0] - recent[0][0])


def reliance_rising(reliance: Points) -> float | None:
    """The fitted rise when reliance is rising (see ``RELIANCE_RISE``), else None."""
    change = fitted_change(reliance)
    # a small tolerance so that a fitted rise of exactly the threshold counts despite rounding
    return change if change is not None and change >= RELIANCE_RISE - 1e-9 else None


def ready_to_graduate_checks(growth: Points, reliance: Points) -> bool:
    """Growth high and reliance low on each of the two most recent checks of both."""
    g = sorted(growth)[-READY_CHECKS:]
    r = sorted(reliance)[-READY_CHECKS:]
    if len(g) < READY_CHECKS or len(r) < READY_CHECKS:
        return False
    return all(v >= GROWTH_HIGH for _, v in g) and all(v <= RELIANCE_LOW for _, v in r)


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


def engagement(entries: Sequence[PracticeEntry], as_of: date) -> Engagement | None:
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
    recent = weekly[-ENGAGEMENT_WINDOW_WEEKS:]
    trend = float(np.polyfit(np.arange(len(weekly)), weekly, 1)[0]) if len(weekly) >= 2 else None
    ratings = [e.how_it_went for e in entries if e.how_it_went is not None]
    full_window = as_of - first >= timedelta(weeks=ENGAGEMENT_WINDOW_WEEKS)
    recent_rate = float(recent.mean())
    return Engagement(
        weeks=weeks,
        per_week=float(weekly.mean()),
        recent_per_week=recent_rate,
        trend_per_week=trend,
        mean_how_it_went=float(np.mean(ratings)) if ratings else None,
        low=full_window and recent_rate < LOW_ENGAGEMENT_PER_WEEK,
    )

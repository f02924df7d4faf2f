"""Comparing therapists fairly: intervals, case-mix adjustment, shrinkage, funnel limits and
small-number suppression that survives subtraction. Pure functions over plain numbers.

Methods, each cited where it is used:

* **Wilson interval** for a proportion (Wilson, 1927): the score interval, which stays inside
  0-1 and keeps close to its nominal coverage for small counts and rates near 0 or 1, where the
  usual "p +/- 1.96 SE" interval does not.
* **Case-mix adjustment by indirect standardisation** on intake severity: each episode's
  expected chance of the outcome is the practice-wide rate among episodes that started in the
  same PHQ-9 severity band (0-4, 5-9, 10-14, 15-19, 20-27: Kroenke, Spitzer & Williams, 2001).
  A therapist's expected count E is the sum of their episodes' expected chances; observed O
  against E says how they did for the clients they had.
* **Shrinkage by beta-binomial empirical Bayes**: a therapist's rate is drawn towards what their
  case mix predicts, the more so the fewer episodes they have. The prior for a therapist is a
  beta distribution with mean e = E/n (their case-mix expectation) and a precision M common to
  the practice, estimated by the method of moments from how far the therapists' rates spread
  beyond binomial noise (Kleinman, 1973; the shrinkage estimator of Efron & Morris, 1975). The
  shrunk rate is the posterior mean (O + M e) / (n + M); its 95% interval is the central 95% of
  the posterior Beta(O + M e, n - O + M (1 - e)). With no spread beyond chance, M is infinite
  and every therapist is shown at their case-mix expectation: the data cannot tell them apart.
* **Funnel plot** limits (Spiegelhalter, 2005): around the practice rate p, the 95% and 99.8%
  limits p +/- z sqrt(p (1 - p) / n) for a therapist with n episodes.
* **Secondary suppression** (see :func:`suppress`): a small cell is hidden, and then further cells
  are hidden until no hidden cell can be worked out from the practice total and the cells shown.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

Z95 = 1.959963984540054
Z998 = 3.090232306167813
# PHQ-9 severity bands at intake (Kroenke, Spitzer & Williams, 2001): lower bounds.
SEVERITY_BANDS: tuple[int, ...] = (0, 5, 10, 15, 20)
SEVERITY_NAMES: tuple[str, ...] = (
    "minimal (0-4)",
    "mild (5-9)",
    "moderate (10-14)",
    "moderately severe (15-19)",
    "severe (20-27)",
)


def wilson_interval(count: int, n: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson (1927) score interval for count/n; (0, 1) when n is 0."""
    if n <= 0:
        return (0.0, 1.0)
    p = count / n
    z2 = z * z
    centre = (p + z2 / (2 * n)) / (1 + z2 / n)
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n)
    # At 0 or n the bound is exactly 0 or 1 (rounding would leave a hair's breadth either side).
    low = 0.0 if count == 0 else max(0.0, min(p, centre - half))
    high = 1.0 if count == n else min(1.0, max(p, centre + half))
    return (low, high)


def severity_band(intake_phq9: float) -> int:
    """The index of the PHQ-9 severity band of an intake score (Kroenke et al., 2001)."""
    band = 0
    for i, low in enumerate(SEVERITY_BANDS):
        if intake_phq9 >= low:
            band = i
    return band


def expected_chances(intake: Sequence[float], outcome: Sequence[bool]) -> list[float]:
    """Each episode's expected chance of the outcome: the practice-wide rate in its intake
    severity band (indirect standardisation)."""
    bands = [severity_band(x) for x in intake]
    hits = [0] * len(SEVERITY_BANDS)
    totals = [0] * len(SEVERITY_BANDS)
    for band, hit in zip(bands, outcome, strict=True):
        totals[band] += 1
        hits[band] += int(bool(hit))
    rate = [h / t if t else 0.0 for h, t in zip(hits, totals, strict=True)]
    return [rate[b] for b in bands]


def shrinkage_precision(
    observed: Sequence[int], expected: Sequence[float], n: Sequence[int]
) -> float:
    """The beta prior's precision M (alpha + beta) by the method of moments (Kleinman, 1973):
    the spread of observed rates around their case-mix expectation beyond binomial noise,
    tau^2, gives M = e(1 - e) / tau^2 - 1 for the average expectation e. Infinite when the
    rates spread no more than chance (or there are fewer than two groups)."""
    groups = [(o, e, k) for o, e, k in zip(observed, expected, n, strict=True) if k > 0]
    if len(groups) < 2:
        return math.inf
    total = sum(k for _, _, k in groups)
    weights = [k / total for _, _, k in groups]
    spread = sum(w * (o / k - e / k) ** 2 for w, (o, e, k) in zip(weights, groups, strict=True))
    noise = sum(w * (e / k) * (1 - e / k) / k for w, (_, e, k) in zip(weights, groups, strict=True))
    tau2 = spread - noise
    mean_e = sum(e for _, e, _ in groups) / total
    if tau2 <= 0 or mean_e <= 0 or mean_e >= 1:
        return math.inf
    return max(mean_e * (1 - mean_e) / tau2 - 1, 0.0)


def _beta_quantiles(a: float, b: float) -> tuple[float, float]:
    # Imported here: scipy.stats costs a second or two at start-up, and only reports need it.
    from scipy import stats  # type: ignore[import-untyped]

    low, high = stats.beta.ppf([0.025, 0.975], a, b)
    return (float(low), float(high))


def shrunk_rate(
    observed: int, expected: float, n: int, precision: float
) -> tuple[float, float, float]:
    """Posterior mean and 95% interval of a therapist's rate (beta-binomial empirical Bayes)."""
    e = expected / n if n else 0.0
    if math.isinf(precision):
        return (e, e, e)
    a = observed + precision * e
    b = n - observed + precision * (1 - e)
    if a <= 0 or b <= 0:
        value = a / (a + b) if a + b > 0 else e
        return (value, value, value)
    low, high = _beta_quantiles(a, b)
    return (a / (a + b), low, high)


def funnel_limits(rate: float, n: float, z: float) -> tuple[float, float]:
    """Spiegelhalter (2005) funnel limits around ``rate`` for n episodes (normal approximation,
    kept inside 0-1)."""
    if n <= 0:
        return (0.0, 1.0)
    half = z * math.sqrt(max(rate * (1 - rate), 0.0) / n)
    return (max(0.0, rate - half), min(1.0, rate + half))


def _determined(total: int, lows: list[float], highs: list[float]) -> bool:
    """Whether some unknown of a set whose sum is ``total`` and whose members lie within their
    bounds is pinned to a single value (interval propagation over the sum)."""
    if not lows:
        return False
    sum_low = sum(lows)
    sum_high = sum(highs)
    for low, high in zip(lows, highs, strict=True):
        floor = max(low, total - (sum_high - high))
        ceiling = min(high, total - (sum_low - low))
        if floor >= ceiling:
            return True
    return False


def suppress(
    denominators: Sequence[int],
    counts: Sequence[int] | None = None,
    min_cell: int = 10,
    order: Sequence[Any] | None = None,
    primary: Sequence[bool] | None = None,
) -> list[bool]:
    """Which cells of one column (one figure for each therapist of a practice) to hide.

    Primary: a cell whose denominator is below ``min_cell``. Secondary: while the hidden cells
    could be worked out by subtracting the shown cells from the practice total (which is
    shown), hide the shown cell with the smallest denominator (ties by ``order``), and check
    again. "Worked out" means that, knowing the total of the hidden cells and that a cell hidden
    for being small has a denominator between 0 and ``min_cell - 1``, some hidden denominator, or
    some hidden count (between 0 and its denominator), can take only one value. So a single
    hidden cell is never left alone, two small hidden cells never add up to a total only their
    largest values reach, and a hidden group where nobody (or everybody) had the outcome is
    widened. Everything hidden is the end: then the practice total is all that is shown.
    ``primary`` (optional) marks cells already hidden for another reason (e.g. a rate over
    sessions hidden because the therapist has too few episodes).
    """
    n = len(denominators)
    keys = list(order) if order is not None else list(range(n))
    small = [d < min_cell for d in denominators]
    hidden = [a or bool(b) for a, b in zip(small, primary or [False] * n, strict=True)]
    big = float(sum(denominators))

    def bounds_den(i: int) -> tuple[float, float]:
        # What a reader can know of a hidden cell: a small one is below min_cell; one hidden to
        # protect another is at least min_cell; one hidden for another reason, anything.
        if small[i]:
            return (0.0, float(min_cell - 1))
        if primary is not None and primary[i]:
            return (0.0, big)
        return (float(min_cell), big)

    while True:
        members = [i for i in range(n) if hidden[i]]
        if not members or len(members) == n:
            return hidden
        den_total = sum(denominators[i] for i in members)
        den_bounds = [bounds_den(i) for i in members]
        unsafe = _determined(den_total, [b[0] for b in den_bounds], [b[1] for b in den_bounds])
        if not unsafe and counts is not None:
            count_total = sum(counts[i] for i in members)
            # Nobody or everybody in the hidden group had the outcome: each hidden rate is then
            # 0% or 100%, whatever the denominators.
            unsafe = (
                count_total in (0, den_total)
                and den_total > 0
                or _determined(count_total, [0.0] * len(members), [b[1] for b in den_bounds])
            )
        if not unsafe:
            return hidden
        shown = [i for i in range(n) if not hidden[i]]
        pick = min(shown, key=lambda i: (denominators[i], str(keys[i])))
        hidden[pick] = True


@dataclass(frozen=True)
class TherapistRate:
    """One therapist's place in the comparison (every figure None when suppressed)."""

    name: str
    suppressed: bool
    n: int | None = None
    observed: int | None = None
    expected: float | None = None
    rate: float | None = None  # observed / n
    rate_low: float | None = None  # Wilson 95%
    rate_high: float | None = None
    adjusted: float | None = None  # practice rate + (O - E) / n: the rate for an average case mix
    shrunk: float | None = None  # posterior mean, towards the case-mix expectation
    shrunk_low: float | None = None
    shrunk_high: float | None = None
    expected_rate: float | None = None  # E / n
    # "above" / "below" the 95% funnel limits for their n, or "within".
    position: str | None = None


@dataclass(frozen=True)
class Comparison:
    """The therapist comparison on one outcome."""

    outcome: str
    practice_n: int
    practice_observed: int
    practice_rate: float | None
    precision: float | None  # None: infinite (no spread beyond chance)
    therapists: list[TherapistRate] = field(default_factory=list)
    min_cell: int = 10

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Comparison:
        values = dict(data)
        values["therapists"] = [TherapistRate(**t) for t in data.get("therapists", [])]
        return cls(**values)


def compare(
    outcome: str,
    therapist: Sequence[Any],
    intake: Sequence[float],
    hit: Sequence[bool],
    min_cell: int = 10,
) -> Comparison:
    """The comparison of therapists on a yes/no outcome, one entry per episode: the episode's
    therapist, its intake PHQ-9 and whether it had the outcome."""
    expected = expected_chances(intake, hit)
    total = len(hit)
    observed_total = sum(1 for h in hit if h)
    p = observed_total / total if total else None
    groups: dict[str, list[int]] = {}
    for i, t in enumerate(therapist):
        groups.setdefault(str(t), []).append(i)
    names = sorted(groups)
    n = [len(groups[k]) for k in names]
    o = [sum(1 for i in groups[k] if hit[i]) for k in names]
    e = [sum(expected[i] for i in groups[k]) for k in names]
    precision = shrinkage_precision(o, e, n)
    hidden = suppress(n, o, min_cell, order=names)
    rows: list[TherapistRate] = []
    for k, name in enumerate(names):
        if hidden[k] or p is None:
            rows.append(TherapistRate(name, True))
            continue
        rate = o[k] / n[k]
        low, high = wilson_interval(o[k], n[k])
        adjusted = min(1.0, max(0.0, p + (o[k] - e[k]) / n[k]))
        shrunk, s_low, s_high = shrunk_rate(o[k], e[k], n[k], precision)
        f_low, f_high = funnel_limits(p, n[k], Z95)
        position = "above" if adjusted > f_high else "below" if adjusted < f_low else "within"
        rows.append(
            TherapistRate(
                name,
                False,
                n=n[k],
                observed=o[k],
                expected=e[k],
                rate=rate,
                rate_low=low,
                rate_high=high,
                adjusted=adjusted,
                shrunk=shrunk,
                shrunk_low=s_low,
                shrunk_high=s_high,
                expected_rate=e[k] / n[k],
                position=position,
            )
        )
    return Comparison(
        outcome=outcome,
        practice_n=total,
        practice_observed=observed_total,
        practice_rate=p,
        precision=None if math.isinf(precision) else precision,
        therapists=rows,
        min_cell=min_cell,
    )

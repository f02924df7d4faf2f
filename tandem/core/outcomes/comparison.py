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
  against E says how they did for the clients they had. The adjusted rate is the indirectly
  standardised rate O / E x p (p the practice rate), as national clinical audits plot on their
  funnels (e.g. risk-adjusted rates, O/E times the overall rate).
* **Shrinkage by beta-binomial empirical Bayes**: a therapist's rate is drawn towards what their
  case mix predicts, the more so the fewer episodes they have. The prior for a therapist is a
  beta distribution with mean e = E/n (their case-mix expectation) and a precision M common to
  the practice, estimated by the method of moments from how far the therapists' rates spread
  beyond binomial noise (Kleinman, 1973; the shrinkage estimator of Efron & Morris, 1975). The
  shrunk rate is the posterior mean (O + M e) / (n + M); its 95% interval is the central 95% of
  the posterior Beta(O + M e, n - O + M (1 - e)). With no spread beyond chance, M is infinite
  and no estimate is given: the data cannot tell the therapists apart. Nor is one given with
  fewer than four therapists to compare: shrinking towards a centre estimated from the same
  data improves on the separate rates only from four groups on (the James-Stein estimator
  towards the grand mean, factor k - 3: Efron & Morris, 1973, 1975), and with two or three the
  method-of-moments spread is too noisy to stand on.
* **Funnel plot** limits (Spiegelhalter, 2005, "Funnel plots for comparing institutional
  performance", Statistics in Medicine 24:1185-1202, section 3.1 and the appendix): exact
  binomial limits around the practice rate p for a therapist with n episodes, at 95% and
  99.8%, with the paper's interpolation between the discrete quantiles, so the limits are
  smooth in n and correct for small n and rates near 0 or 1 (where p +/- z sqrt(p(1-p)/n)
  is not).
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
# Below four groups, shrinking towards a centre estimated from the same groups does not
# improve on their own rates (James-Stein towards the grand mean: Efron & Morris, 1973).
MIN_GROUPS_FOR_SHRINKAGE = 4
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
    rates spread no more than chance, or there are fewer than
    :data:`MIN_GROUPS_FOR_SHRINKAGE` groups (no estimate is then given)."""
    groups = [(o, e, k) for o, e, k in zip(observed, expected, n, strict=True) if k > 0]
    if len(groups) < MIN_GROUPS_FOR_SHRINKAGE:
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
) -> tuple[float, float, float] | None:
    """Posterior mean and 95% interval of a therapist's rate (beta-binomial empirical Bayes),
    or None when there is no honest estimate: no spread beyond chance (infinite precision), no
    episodes, or a case-mix expectation of exactly 0 or 1 (a degenerate prior). A point with an
    interval of no width would claim a certainty the data do not have."""
    if n <= 0 or math.isinf(precision):
        return None
    e = expected / n
    a = observed + precision * e
    b = n - observed + precision * (1 - e)
    if a <= 0 or b <= 0:
        return None
    low, high = _beta_quantiles(a, b)
    return (a / (a + b), low, high)


# Two-sided levels of the funnel's limits, by the z of the normal quantile they stand for.
_FUNNEL_LEVELS = {Z95: 0.025, Z998: 0.001}


def funnel_limits(rate: float, n: float, z: float) -> tuple[float, float]:
    """Exact binomial funnel limits around ``rate`` for n episodes (Spiegelhalter, 2005,
    appendix): for a tail probability q, r is the smallest count with P(R <= r) >= q for
    R ~ Binomial(n, rate), and the limit is (r - a) / n with
    a = (P(R <= r) - q) / (P(R <= r) - P(R <= r - 1)), the paper's interpolation. ``z`` picks
    the level (:data:`Z95` or :data:`Z998`); n is rounded to whole episodes."""
    episodes = round(n)
    if episodes <= 0:
        return (0.0, 1.0)
    if rate <= 0.0 or rate >= 1.0:
        return (rate, rate)
    from scipy import stats

    q = _FUNNEL_LEVELS.get(z)
    if q is None:
        q = float(stats.norm.sf(z))

    def limit(tail: float) -> float:
        r = float(stats.binom.ppf(tail, episodes, rate))
        at = float(stats.binom.cdf(r, episodes, rate))
        below = float(stats.binom.cdf(r - 1, episodes, rate)) if r > 0 else 0.0
        a = (at - tail) / (at - below) if at > below else 0.0
        return min(1.0, max(0.0, (r - a) / episodes))

    return (limit(q), limit(1.0 - q))


def funnel_position(adjusted: float, rate: float, n: int) -> str:
    """Where an adjusted rate lies against the funnel around ``rate`` for n episodes: "within"
    the 95% limits; "above" or "below" them; "far_above" or "far_below" the 99.8% limits (which
    chance alone crosses about once in 500 therapists)."""
    low95, high95 = funnel_limits(rate, n, Z95)
    low998, high998 = funnel_limits(rate, n, Z998)
    if adjusted > high998:
        return "far_above"
    if adjusted < low998:
        return "far_below"
    if adjusted > high95:
        return "above"
    if adjusted < low95:
        return "below"
    return "within"


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
    # O / E x practice rate (indirect standardisation), at most 1: the rate for an average case
    # mix. None when E is 0 (every one of their clients was in a band where nobody improved).
    adjusted: float | None = None
    # Posterior mean, towards the case-mix expectation; None when there is no honest estimate
    # (see Comparison.shrinkage).
    shrunk: float | None = None
    shrunk_low: float | None = None
    shrunk_high: float | None = None
    expected_rate: float | None = None  # E / n
    # Against the funnel for their n (funnel_position): "within", "above" / "below" the 95%
    # limits, "far_above" / "far_below" the 99.8% limits.
    position: str | None = None


@dataclass(frozen=True)
class Comparison:
    """The therapist comparison on one outcome."""

    outcome: str
    practice_n: int
    practice_observed: int
    practice_rate: float | None
    precision: float | None  # None: infinite (no spread beyond chance, or too few therapists)
    therapists: list[TherapistRate] = field(default_factory=list)
    min_cell: int = 10
    # Why the estimates are given or not: "partial" (shrunk estimates shown), "too_few" (fewer
    # than MIN_GROUPS_FOR_SHRINKAGE therapists), "no_spread" (rates spread no more than chance).
    shrinkage: str = "partial"

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
    if not math.isinf(precision):
        shrinkage = "partial"
    elif sum(1 for k in n if k > 0) < MIN_GROUPS_FOR_SHRINKAGE:
        shrinkage = "too_few"
    else:
        shrinkage = "no_spread"
    hidden = suppress(n, o, min_cell, order=names)
    rows: list[TherapistRate] = []
    for k, name in enumerate(names):
        if hidden[k] or p is None:
            rows.append(TherapistRate(name, True))
            continue
        rate = o[k] / n[k]
        low, high = wilson_interval(o[k], n[k])
        # Indirect standardisation: O / E times the practice rate. The position uses the
        # unclamped value; the rate shown is at most 100%.
        standardised = o[k] / e[k] * p if e[k] > 0 else None
        adjusted = min(1.0, standardised) if standardised is not None else None
        position = funnel_position(standardised, p, n[k]) if standardised is not None else None
        shrunk, s_low, s_high = shrunk_rate(o[k], e[k], n[k], precision) or (None, None, None)
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
        shrinkage=shrinkage,
    )

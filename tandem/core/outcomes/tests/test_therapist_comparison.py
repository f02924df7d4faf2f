"""Fair therapist comparison (issue 15.2): Wilson intervals, case-mix adjustment, beta-binomial
shrinkage, funnel limits, and suppression that subtraction cannot undo."""

from __future__ import annotations

import itertools
import math

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core.outcomes import comparison as cmp
from tandem.core.outcomes.reports import practice_report


def test_the_wilson_interval_matches_the_published_formula() -> None:
    # Wilson (1927) for 8/10 at 95%, worked by hand from the formula: 0.4902 to 0.9433.
    low, high = cmp.wilson_interval(8, 10)
    assert low == pytest.approx(0.4902, abs=1e-4)
    assert high == pytest.approx(0.9433, abs=1e-4)
    assert cmp.wilson_interval(0, 10)[0] == 0.0
    assert cmp.wilson_interval(10, 10)[1] == pytest.approx(1.0)
    assert cmp.wilson_interval(0, 0) == (0.0, 1.0)


@given(st.integers(min_value=1, max_value=500), st.data())
def test_the_wilson_interval_holds_its_rate_and_stays_in_0_1(n: int, data: st.DataObject) -> None:
    count = data.draw(st.integers(min_value=0, max_value=n))
    low, high = cmp.wilson_interval(count, n)
    assert 0.0 <= low <= count / n <= high <= 1.0


def test_severity_bands_follow_kroenke() -> None:
    assert [cmp.severity_band(x) for x in (0, 4, 5, 9, 10, 14, 15, 19, 20, 27)] == [
        0,
        0,
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_no_estimate_when_therapists_differ_no_more_than_chance() -> None:
    # Everyone at exactly the expected rate: no spread beyond binomial noise. The estimate
    # would be the expectation with an interval of no width, e.g. "50% (50-50%)": a certainty
    # the data do not have. None instead, and the page shows a dash.
    observed, expected, n = [5, 10, 6, 8], [5.0, 10.0, 6.0, 8.0], [10, 20, 12, 16]
    assert math.isinf(cmp.shrinkage_precision(observed, expected, n))
    assert cmp.shrunk_rate(2, 5.0, 10, math.inf) is None


def test_no_estimate_with_fewer_than_four_therapists() -> None:
    # Three therapists with rates far apart: real spread, but three groups are too few to
    # estimate it (James-Stein towards an estimated centre needs four: Efron & Morris, 1973).
    three = ["A"] * 30 + ["B"] * 30 + ["C"] * 30
    hit = [i < 27 for i in range(30)] + [i < 15 for i in range(30)] + [i < 3 for i in range(30)]
    result = cmp.compare("reliable_improvement", three, [15.0] * 90, hit)
    assert result.precision is None and result.shrinkage == "too_few"
    assert all(t.shrunk is None and t.shrunk_low is None for t in result.therapists)
    # The same spread over four therapists is estimated.
    four = three + ["D"] * 30
    result = cmp.compare("reliable_improvement", four, [15.0] * 120, hit + hit[:30])
    assert result.shrinkage == "partial" and result.precision is not None
    for t in result.therapists:
        assert t.shrunk_low < t.shrunk < t.shrunk_high  # type: ignore[operator]


def test_no_estimate_of_no_width_for_a_degenerate_expectation() -> None:
    # Every client in a band where nobody improved: expectation 0, prior Beta(0, M).
    assert cmp.shrunk_rate(0, 0.0, 12, 15.0) is None


def test_shrinkage_draws_a_small_therapist_further_than_a_large_one() -> None:
    precision = 20.0
    small = cmp.shrunk_rate(9, 5.0, 10, precision)[0]  # raw 0.9, expected 0.5
    large = cmp.shrunk_rate(90, 50.0, 100, precision)[0]  # raw 0.9, expected 0.5
    assert 0.5 < small < large < 0.9


def test_the_shrunk_interval_holds_the_shrunk_rate() -> None:
    value, low, high = cmp.shrunk_rate(7, 4.0, 12, 15.0)
    assert 0 < low < value < high < 1


def test_case_mix_adjustment_does_not_penalise_a_therapist_with_milder_intakes() -> None:
    # Two therapists whose clients improve exactly at the band's rate: A has severe intakes
    # (who improve often), B mild ones (who cannot fall 6 points). Unadjusted, B looks worse;
    # adjusted, both sit at the practice rate.
    therapist, intake, hit = [], [], []
    for i in range(20):
        therapist.append("A")
        intake.append(22)
        hit.append(i < 16)  # 80% in the severe band
        therapist.append("B")
        intake.append(7)
        hit.append(i < 4)  # 20% in the mild band
    result = cmp.compare("reliable_improvement", therapist, intake, hit, min_cell=10)
    a, b = result.therapists
    assert a.rate == pytest.approx(0.8) and b.rate == pytest.approx(0.2)
    assert a.adjusted == pytest.approx(result.practice_rate)
    assert b.adjusted == pytest.approx(result.practice_rate)
    assert a.position == b.position == "within"


def test_a_therapist_far_outside_the_funnel_is_placed_there() -> None:
    therapist = ["A"] * 40 + ["B"] * 40 + ["C"] * 40 + ["D"] * 40
    intake = [15.0] * 160
    hit = (
        [True] * 38
        + [False] * 2
        + [i < 20 for i in range(40)]
        + [i < 2 for i in range(40)]
        + [i < 20 for i in range(40)]
    )
    result = cmp.compare("reliable_improvement", therapist, intake, hit)
    positions = {t.name: t.position for t in result.therapists}
    # Practice rate 80/160 = 0.5; at n = 40 the exact 99.8% limits are about 0.25-0.75.
    assert positions == {"A": "far_above", "B": "within", "C": "far_below", "D": "within"}
    assert result.precision is not None  # real spread: partial shrinkage
    for t in result.therapists:
        assert t.shrunk_low is not None and t.shrunk_high is not None
        assert t.shrunk_low <= t.shrunk <= t.shrunk_high  # type: ignore[operator]


def _binomial_cdf(r: int, n: int, p: float) -> float:
    return sum(math.comb(n, k) * p**k * (1 - p) ** (n - k) for k in range(r + 1)) if r >= 0 else 0.0


def _spiegelhalter_limit(q: float, n: int, p: float) -> float:
    """The appendix of Spiegelhalter (2005), worked with math.comb and nothing shared with the
    code under test: r the smallest count with P(R <= r) >= q, interpolated."""
    r = next(r for r in range(n + 1) if _binomial_cdf(r, n, p) >= q)
    at, below = _binomial_cdf(r, n, p), _binomial_cdf(r - 1, n, p)
    return min(1.0, max(0.0, (r - (at - q) / (at - below)) / n))


@pytest.mark.parametrize(("n", "p"), [(10, 0.5), (25, 0.3), (40, 0.5), (60, 0.12), (200, 0.48)])
def test_the_funnel_limits_are_exact_binomial(n: int, p: float) -> None:
    low, high = cmp.funnel_limits(p, n, cmp.Z95)
    assert low == pytest.approx(_spiegelhalter_limit(0.025, n, p), abs=1e-9)
    assert high == pytest.approx(_spiegelhalter_limit(0.975, n, p), abs=1e-9)
    far_low, far_high = cmp.funnel_limits(p, n, cmp.Z998)
    assert far_low == pytest.approx(_spiegelhalter_limit(0.001, n, p), abs=1e-9)
    assert far_high == pytest.approx(_spiegelhalter_limit(0.999, n, p), abs=1e-9)
    assert far_low <= low < p < high <= far_high


def test_exact_limits_differ_from_the_normal_ones_where_it_matters() -> None:
    # 10 episodes at 50%: by hand, r = 2, P(R<=2) = 56/1024, P(R<=1) = 11/1024, so the lower
    # 95% limit is (2 - (56/1024 - 0.025) / (45/1024)) / 10 = 0.13244; the normal
    # approximation's 0.5 - 1.96 sqrt(0.025) = 0.19010 is too narrow for a small therapist.
    assert cmp.funnel_limits(0.5, 10, cmp.Z95)[0] == pytest.approx(0.13244, abs=1e-5)
    # A low rate: the normal lower limit is below 0 (it was clamped); the exact one is 0 and
    # its upper limit is the exact one (0.142), not the normal 0.146.
    low, high = cmp.funnel_limits(0.05, 20, cmp.Z95)
    assert low == 0.0
    assert high == pytest.approx(_spiegelhalter_limit(0.975, 20, 0.05), abs=1e-9)


def test_the_adjusted_rate_is_observed_over_expected_times_the_practice_rate() -> None:
    # A: severe intakes (band rate 0.8), B: mild (band rate 0.2); A improves 12 of 20
    # against 16 expected. Indirect standardisation: 12 / 16 x p.
    therapist, intake, hit = [], [], []
    for i in range(20):
        therapist += ["A", "B", "C"]
        intake += [22, 7, 22]
        hit += [i < 12, i < 4, i < 20]  # C improves every time: the band rate is 32/40 = 0.8
    result = cmp.compare("reliable_improvement", therapist, intake, hit, min_cell=10)
    a = next(t for t in result.therapists if t.name == "A")
    assert a.expected == pytest.approx(20 * 32 / 40)
    p = result.practice_rate
    assert p is not None
    assert a.adjusted == pytest.approx(12 / 16 * p)
    c = next(t for t in result.therapists if t.name == "C")
    assert c.adjusted == pytest.approx(min(1.0, 20 / 16 * p))


# --- Suppression ---------------------------------------------------------------------------


def _recoverable(
    denominators: list[int], counts: list[int], hidden: list[bool], min_cell: int
) -> bool:
    """Brute force: can some hidden cell be worked out from the total and the shown cells,
    knowing that a cell hidden for being small is below min_cell and one hidden to protect
    another is at least min_cell? Tries every assignment of the hidden cells."""
    members = [i for i, h in enumerate(hidden) if h]
    if not members or len(members) == len(hidden):
        return False
    total_d = sum(denominators[i] for i in members)
    total_c = sum(counts[i] for i in members)
    ranges = []
    for i in members:
        small = denominators[i] < min_cell
        ranges.append(range(0, min_cell) if small else range(min_cell, total_d + 1))
    seen_d: dict[int, set[int]] = {i: set() for i in members}
    seen_rate: dict[int, set[tuple[int, int]]] = {i: set() for i in members}
    for ds in itertools.product(*ranges):
        if sum(ds) != total_d:
            continue
        for i, d in zip(members, ds, strict=True):
            seen_d[i].add(d)
        for cs in itertools.product(*(range(0, d + 1) for d in ds)):
            if sum(cs) != total_c:
                continue
            for i, d, c in zip(members, ds, cs, strict=True):
                seen_rate[i].add((c, d))
    for i in members:
        if len(seen_d[i]) < 2:
            return True
        rates = {c / d if d else None for c, d in seen_rate[i]}
        if len(rates) < 2:
            return True
    return False


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.integers(min_value=0, max_value=14).flatmap(
            lambda d: st.tuples(st.just(d), st.integers(min_value=0, max_value=d))
        ),
        min_size=1,
        max_size=4,
    )
)
def test_no_suppressed_cell_can_be_recovered_from_the_practice_total(
    cells: list[tuple[int, int]],
) -> None:
    min_cell = 5
    denominators = [d for d, _ in cells]
    counts = [c for _, c in cells]
    hidden = cmp.suppress(denominators, counts, min_cell)
    # Every small cell is hidden, and nothing hidden can be worked out by subtraction.
    assert all(h for d, h in zip(denominators, hidden, strict=True) if d < min_cell)
    assert not _recoverable(denominators, counts, hidden, min_cell)


def test_a_single_small_therapist_takes_the_next_smallest_with_them() -> None:
    hidden = cmp.suppress([4, 30, 12, 50], [2, 10, 6, 20], 10, order=["a", "b", "c", "d"])
    assert hidden == [True, False, True, False]


def test_nothing_is_hidden_when_every_cell_is_large_enough() -> None:
    assert cmp.suppress([10, 11, 30], [3, 4, 5], 10) == [False, False, False]


def _episode_rows(name: str, therapist: int, phq: list[float], gad: list[float]) -> list[tuple]:
    rows = []
    for s, (p, g) in enumerate(zip(phq, gad, strict=True), start=1):
        rows += [(name, s, "phq9", p), (name, s, "gad7", g)]
    return rows


def test_the_practice_report_hides_a_lone_small_therapist_and_one_more() -> None:
    rows: list[tuple] = []
    owners = {}
    for t, count in ((1, 4), (2, 25), (3, 14), (4, 30)):
        for i in range(count):
            name = f"t{t}-{i}"
            owners[name] = t
            rows += _episode_rows(name, t, [16, 12, 6 + i % 7], [12, 9, 5 + i % 6])
    scores = pd.DataFrame(rows, columns=["episode_id", "session", "instrument", "score"])
    episodes = pd.DataFrame(
        [(k, v, True) for k, v in owners.items()], columns=["episode_id", "therapist_id", "ended"]
    )
    report = practice_report(scores, episodes)
    by_name = {t.name: t for t in report.therapists}
    assert by_name["1"].suppressed
    # Therapist 3 (the next smallest) loses their episode count and rates as well, so that the
    # practice total minus the others does not give therapist 1's figures.
    assert by_name["3"].episodes is None
    assert by_name["3"].recovery.suppressed and by_name["3"].reliable_improvement.suppressed
    assert by_name["2"].episodes == 25 and not by_name["2"].recovery.suppressed
    shown = [t for t in report.therapists if not t.reliable_improvement.suppressed]
    total = report.practice.reliable_improvement
    hidden_count = total.count - sum(t.reliable_improvement.count for t in shown)  # type: ignore[operator]
    assert hidden_count >= 0  # a group of two: neither can be separated
    assert report.comparison is not None
    names = {t.name: t.suppressed for t in report.comparison.therapists}
    assert names["1"] and names["3"] and not names["2"]


def test_the_comparison_counts_drop_outs_with_their_last_score() -> None:
    # A therapist whose clients leave after one session: in the NHS paired rates they vanish,
    # in the comparison they count, unchanged.
    rows: list[tuple] = []
    owners = {}
    for i in range(12):
        rows += _episode_rows(f"a{i}", 1, [18, 10], [12, 6])
        owners[f"a{i}"] = 1
    for i in range(12):
        name = f"b{i}"
        owners[name] = 2
        rows += _episode_rows(name, 2, [18] if i < 8 else [18, 10], [12] if i < 8 else [12, 6])
    scores = pd.DataFrame(rows, columns=["episode_id", "session", "instrument", "score"])
    episodes = pd.DataFrame(
        [(k, v, True) for k, v in owners.items()], columns=["episode_id", "therapist_id", "ended"]
    )
    report = practice_report(scores, episodes)
    assert report.comparison is not None
    b = {t.name: t for t in report.comparison.therapists}["2"]
    assert (b.n, b.observed) == (12, 4)

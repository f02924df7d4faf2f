"""The practice report and the expected bands come back unchanged from the JSON a practice
snapshot keeps them as: ``from_dict(to_dict(x)) == x``, through ``json`` as the database stores it
(hypothesis)."""

import json
from typing import Any

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from tandem.core.outcomes.bands import PERCENTILES, Bands
from tandem.core.outcomes.comparison import Comparison, TherapistRate
from tandem.core.outcomes.reports import Estimate, GroupReport, PracticeReport, Rate

counts = st.none() | st.integers(0, 10_000)
numbers = st.none() | st.floats(allow_nan=False, allow_infinity=False)


def stored(data: dict[str, Any]) -> dict[str, Any]:
    """As the snapshot's JSON column gives it back (strict JSON: no NaN)."""
    loaded: dict[str, Any] = json.loads(json.dumps(data, allow_nan=False))
    return loaded


rates = st.builds(Rate, counts, counts, numbers, st.booleans())
estimates = st.builds(Estimate, numbers, numbers, numbers, counts, st.booleans())
groups = st.builds(
    GroupReport,
    name=st.text(max_size=12),
    episodes=counts,
    suppressed=st.booleans(),
    recovery=rates,
    reliable_improvement=rates,
    reliable_deterioration=rates,
    reliable_recovery=rates,
    effect_size=estimates,
    dropout=rates,
    rupture_sessions=rates,
    adjusted_change=estimates,
)
therapist_rates = st.builds(
    TherapistRate,
    name=st.text(max_size=12),
    suppressed=st.booleans(),
    n=counts,
    observed=counts,
    expected=numbers,
    rate=numbers,
    rate_low=numbers,
    rate_high=numbers,
    adjusted=numbers,
    shrunk=numbers,
    shrunk_low=numbers,
    shrunk_high=numbers,
    expected_rate=numbers,
    position=st.none() | st.sampled_from(["within", "above", "below", "far_above", "far_below"]),
)
comparisons = st.builds(
    Comparison,
    outcome=st.sampled_from(["reliable_improvement", "recovery"]),
    practice_n=st.integers(0, 10_000),
    practice_observed=st.integers(0, 10_000),
    practice_rate=numbers,
    precision=numbers,
    therapists=st.lists(therapist_rates, max_size=4),
    min_cell=st.integers(1, 50),
    shrinkage=st.sampled_from(["partial", "too_few", "no_spread"]),
)
reports = st.builds(
    PracticeReport,
    practice=groups,
    therapists=st.lists(groups, max_size=4),
    min_cell=st.integers(1, 50),
    comparison=st.none() | comparisons,
)


@settings(max_examples=200, deadline=None)
@given(reports)
def test_a_practice_report_comes_back_from_its_json(report: PracticeReport) -> None:
    assert PracticeReport.from_dict(stored(report.to_dict())) == report


@st.composite
def learned_bands(draw: st.DrawFn) -> Bands:
    n_groups = draw(st.integers(1, 5))
    width = draw(st.integers(1, 12))  # sessions + 1
    lows = sorted(
        draw(
            st.lists(
                st.floats(0, 100, allow_nan=False),
                min_size=n_groups,
                max_size=n_groups,
                unique=True,
            )
        )
    )
    labels = draw(st.lists(st.text(max_size=20), min_size=n_groups, max_size=n_groups))
    cells = st.floats(0, 100, allow_nan=False) | st.just(float("nan"))  # NaN: a cell too small

    def grid(values: st.SearchStrategy[Any], dtype: Any) -> Any:
        rows = [draw(st.lists(values, min_size=width, max_size=width)) for _ in range(n_groups)]
        return np.array(rows, dtype=dtype)

    return Bands(
        instrument=draw(st.sampled_from(["phq9", "gad7"])),
        direction=draw(st.sampled_from(["higher_is_worse", "higher_is_better"])),
        groups=tuple(zip(lows, labels, strict=True)),
        min_per_cell=draw(st.integers(1, 60)),
        n=grid(st.integers(0, 5_000), np.int64),
        percentiles={q: grid(cells, np.float64) for q in PERCENTILES},
    )


def same_bands(a: Bands, b: Bands) -> bool:
    """Field by field: a dataclass's ``==`` cannot compare numpy arrays (and NaN is not NaN)."""
    return (
        (a.instrument, a.direction, a.groups, a.min_per_cell)
        == (b.instrument, b.direction, b.groups, b.min_per_cell)
        and a.n.dtype == b.n.dtype
        and np.array_equal(a.n, b.n)
        and a.percentiles.keys() == b.percentiles.keys()
        and all(
            a.percentiles[q].dtype == b.percentiles[q].dtype
            and np.array_equal(a.percentiles[q], b.percentiles[q], equal_nan=True)
            for q in a.percentiles
        )
    )


@settings(max_examples=200, deadline=None)
@given(learned_bands())
def test_bands_come_back_from_their_json(bands: Bands) -> None:
    again = Bands.from_dict(stored(bands.to_dict()))
    assert same_bands(again, bands)
    assert [type(low) for low, _ in again.groups] == [float] * len(bands.groups)


def test_an_empty_cell_is_kept_as_null_not_nan() -> None:
    bands = Bands(
        "phq9",
        "higher_is_worse",
        ((0.0, "minimal (0-4)"),),
        30,
        np.array([[0, 31]], dtype=np.int64),
        {q: np.array([[np.nan, float(q)]]) for q in PERCENTILES},
    )
    data = bands.to_dict()
    assert data["percentiles"]["75"] == [[None, 75.0]]
    assert same_bands(Bands.from_dict(stored(data)), bands)
